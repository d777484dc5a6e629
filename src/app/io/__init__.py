"""Excel and CSV import and export of record books (reads services, never sessions)."""
