"""The safety net: backups, the database file's checks, the audit trail. (db layer)"""
