"""Databases on the PostgreSQL server named by DANGJIAN_TEST_PG (see .ci/run), for the tests
that run on both engines.

CREATE DATABASE costs a second or more here, so the tests share a few databases, each migrated
once per session: a test checks one out, finds it migrated and empty (every table emptied and
its id sequence restarted, which takes milliseconds), optionally filled with the demo county,
and gives it back afterwards. A database whose schema a test changed is rebuilt.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Integer, create_engine, insert, make_url, select, text
from sqlalchemy.pool import NullPool

ENV = "DANGJIAN_TEST_PG"
_names = itertools.count(1)
_free: list[str] = []
_made: list[str] = []
_snapshots: dict[str, dict[str, list[dict[str, Any]]]] = {}
_admin: Engine | None = None
_seeds: dict[str, dict[str, list[dict[str, Any]]]] = {}
SEEDED = ("fund_sources", "fund_categories")  # rows the migrations write that an emptied database keeps


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def url_for(database: str) -> str:
    base = server_url()
    assert base, f"{ENV} is not set"
    return make_url(base).set(database=database).render_as_string(hide_password=False)


def _engine(database: str | None = None, **kw: Any) -> Engine:
    base = server_url()
    assert base, f"{ENV} is not set"
    url = make_url(base).set(drivername="postgresql+psycopg")
    if database:
        url = url.set(database=database)
    return create_engine(url, poolclass=NullPool, **kw)


def owner(database: str) -> Engine:
    """The test server's own account on one database (for granting, revoking, peeking)."""
    return _engine(database)


def admin() -> Engine:
    """Autocommit connections to the database named in DANGJIAN_TEST_PG (CREATE DATABASE cannot
    run inside a transaction)."""
    global _admin
    if _admin is None:
        _admin = _engine(isolation_level="AUTOCOMMIT")
    return _admin


def _quote(name: str) -> str:
    assert name.replace("_", "").isalnum(), name
    return f'"{name}"'


def create_database() -> str:
    """A new, empty UTF-8 database of this session; returns its name."""
    name = f"dj_test_{os.getpid()}_{next(_names)}"
    with admin().connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {_quote(name)} TEMPLATE template0 ENCODING 'UTF8'"))
    _made.append(name)
    return name


def drop_database(name: str) -> None:
    with admin().connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
    if name in _made:
        _made.remove(name)


def _tables():  # type: ignore[no-untyped-def]
    from app.db.models import Base

    return Base.metadata.sorted_tables


def _migrate(name: str) -> None:
    """Migrates, and keeps the rows the migrations themselves write (the standard sources and
    categories of the ledger), which an emptied database gets back."""
    from app.services.kit.base import Database

    Database.open(url_for(name)).close()
    _seeds[name] = {k: v for k, v in _snapshot(name).items() if k in SEEDED}


def _reset(name: str) -> None:
    """Empties every table and restarts the id sequences; rebuilds the schema if a test changed
    it (e.g. set a newer schema version)."""
    from app.db.migrate import head_revision

    with admin().connect() as conn:  # connections a test left open would hold locks
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name})
    engine = _engine(name)
    try:
        with engine.begin() as conn:
            tables = set(conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
            wanted = {t.name for t in _tables()} | {"alembic_version"}
            rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() \
                if "alembic_version" in tables else None
            if tables != wanted or rev != head_revision():
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
                # As a new database's public schema: every account may look in it (PostgreSQL 15).
                conn.execute(text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
                rebuilt = True
            else:
                # The ledger's guard triggers refuse deleting posted entries: the test server's
                # owner sets them aside for this transaction.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for t in reversed(_tables()):
                    conn.execute(t.delete())
                _insert_rows(conn, _seeds.get(name, {}))
                _restart_sequences(conn)
                rebuilt = False
    finally:
        engine.dispose()
    if rebuilt:
        _migrate(name)


def _restart_sequences(conn) -> None:  # type: ignore[no-untyped-def]
    for t in _tables():
        pk = list(t.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT max({pk[0].name}) FROM {t.name}), 0) + 1, false)"))


def _insert_rows(conn, rows: dict[str, list[dict[str, Any]]]) -> None:  # type: ignore[no-untyped-def]
    for t in _tables():
        if rows.get(t.name):
            conn.execute(insert(t), rows[t.name])


def _fill(name: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    engine = _engine(name)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("DELETE FROM fund_categories"))  # the migration's rows are in ``rows`` too
            conn.execute(text("DELETE FROM fund_sources"))
            _insert_rows(conn, rows)
            _restart_sequences(conn)
    finally:
        engine.dispose()


def _snapshot(name: str) -> dict[str, list[dict[str, Any]]]:
    engine = _engine(name)
    try:
        with engine.connect() as conn:
            return {t.name: [dict(r._mapping) for r in conn.execute(
                select(t).order_by(*t.primary_key.columns))] for t in _tables()}
    finally:
        engine.dispose()


def _give_identity(name: str) -> None:
    """Emptying the tables took the identity every new database gets (migration 0007)."""
    import json
    import uuid

    engine = _engine(name)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO settings (key, value) SELECT 'database_id', :v WHERE NOT EXISTS "
                              "(SELECT 1 FROM settings WHERE key = 'database_id')"),
                         {"v": json.dumps(str(uuid.uuid4()))})
    finally:
        engine.dispose()


@contextmanager
def database(content: str = "empty", build: Callable[[str], None] | None = None) -> Iterator[str]:
    """A migrated database of this session's for one test, as its URL: empty, or holding the
    records ``build(url)`` made the first time this ``content`` was asked for (kept in memory
    and loaded afresh for every later test)."""
    name = _free.pop() if _free else None
    if name is None:
        name = create_database()
        _migrate(name)
    else:
        _reset(name)
    try:
        if content != "empty":
            if content not in _snapshots:
                assert build is not None
                build(url_for(name))
                _snapshots[content] = _snapshot(name)
            else:
                _fill(name, _snapshots[content])
        _give_identity(name)
        yield url_for(name)
    finally:
        _free.append(name)


def drop_all() -> None:
    for name in list(_made):
        drop_database(name)
    _free.clear()
    global _admin
    if _admin is not None:
        _admin.dispose()
        _admin = None
