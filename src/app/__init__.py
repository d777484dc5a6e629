"""社区党建台账 — the record books of a community Party-building office."""

__version__ = "0.1.0"
APP_NAME = "社区党建台账"
