"""Engine and session factory, with the SQLite pragmas set on every connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.db.server import create_server_engine, is_server_url, normalise

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 65536  # 64 MiB page cache per connection (SQLite's default is 2 MiB)


def database_url(db: str | Path) -> str:
    """A path becomes a SQLite URL; a string with '://' is taken as a SQLAlchemy URL, and a
    plain ``postgresql://`` one gets the psycopg 3 driver the program ships with."""
    text = str(db)
    if "://" in text:
        return normalise(text)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url[len("sqlite:///") :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def _set_sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # A county roster (100,000 members ≈ 100 MB with its indexes): keep the pages a search reads
    # in the connection's cache. (mmap_size and temp_store=MEMORY were measured too and made the
    # roster's big sorts slower; see BENCHMARKS.md.)
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN; take control so that
        # a transaction starts when the session begins and reads inside it are consistent.
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # A write transaction takes the write lock at once, so two writers never
            # deadlock half-way through; reads stay deferred.
            immediate = conn.get_execution_options().get("immediate", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if is_server_url(url):
        return create_server_engine(url)
    return create_engine(url, pool_pre_ping=True)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    from app.db.models.base import stamp_editor

    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "before_flush", stamp_editor)
    return factory
