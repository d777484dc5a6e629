"""Storage: engine, sessions, ORM models and migrations. Never imported by ui/."""
