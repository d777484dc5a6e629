"""Plain SQL on a test's ledger, file or server alike, for looking behind the program's back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.db.engine import database_url


def _engine(db: str | Path):  # type: ignore[no-untyped-def]
    return create_engine(database_url(db), poolclass=NullPool)


def rows(db: str | Path, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params or {})]
    finally:
        engine.dispose()


def execute(db: str | Path, sql: str, params: dict[str, Any] | None = None) -> None:
    engine = _engine(db)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params or {})
    finally:
        engine.dispose()


class _Raw:
    """``sqlite3.connect`` alike for either engine: ``execute`` runs the SQL as written."""

    def __init__(self, db: str | Path) -> None:
        self._engine = _engine(db)
        self._conn = self._engine.connect()

    def execute(self, sql: str):  # type: ignore[no-untyped-def]
        return self._conn.exec_driver_sql(sql)

    def __enter__(self) -> _Raw:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self._conn.commit()
        self._conn.close()
        self._engine.dispose()


def connect(db: str | Path) -> _Raw:
    """What someone with the file (or the server's password) does behind the program's back."""
    return _Raw(db)
