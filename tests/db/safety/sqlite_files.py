"""Small SQLite files for the storage tests, and a way to damage them."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def make_db(path: Path, rows: int = 50) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, org_id INTEGER, name TEXT)")
    conn.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, hash TEXT)")
    for i in range(rows):
        conn.execute("INSERT INTO organizations (name) VALUES (?)", (f"支部{i}",))
        conn.execute("INSERT INTO members (org_id, name) VALUES (?, ?)", (i + 1, "张三" * 20))
        conn.execute("INSERT INTO audit_log (hash) VALUES (?)", (f"{i:064x}",))
    conn.commit()
    conn.close()
    return path


def flip_bytes(path: Path, offset: int, count: int = 16) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        data = f.read(count)
        f.seek(offset)
        f.write(bytes(b ^ 0xFF for b in data))
