"""Bringing a database to the newest schema, after a backup of the old file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import ProgrammingError

from app.domain.kit.errors import StorageError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def head_revision() -> str:
    """The newest revision, read from the file names (NNNN_slug.py, revision id NNNN, one
    linear chain; a test checks this against Alembic), so that opening an up-to-date database
    does not need to load Alembic at all."""
    names = [p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")]
    return max(names, key=int)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if not n.startswith("sqlite_")]
    return bool(names)


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # "%" is special in Alembic's config; file names in Chinese arrive URL-encoded.
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def backup_sqlite_file(path: Path, tag: str) -> Path:
    """Copies a live SQLite file with the backup API next to the original; returns the copy,
    which (like the database) only its owner can read."""
    from app.db.safety.backup_copy import create_private

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{tag}-{stamp}{path.suffix or '.db'}")
    create_private(target)
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def check_not_newer(rev: str | None, head: str) -> None:
    """The schema-version check made on every opening: a newer program's database is refused."""
    if rev is not None and rev.isdigit() and int(rev) > int(head):
        raise StorageError(
            f"这个数据库由较新版本的程序生成（数据库结构版本{rev}，本程序为{head}），本程序无法打开它。"
            "请先把本程序升级到最新版本再打开；数据库没有被改动。"
        )


def upgrade(engine: Engine) -> Path | None:
    """Migrates to HEAD. Returns the backup taken before migrating an existing file, if any.

    On a server several PCs may open an old database at once: the first to take the migration
    lock migrates, the others then find it up to date. The schema is changed in one transaction,
    so a failed migration leaves the database as it was.
    """
    rev = current_revision(engine)
    head = head_revision()
    if rev == head:
        return None
    check_not_newer(rev, head)
    backup = None
    path = Path(engine.url.database) if engine.url.get_backend_name() == "sqlite" and engine.url.database else None
    if path is not None and path.exists() and has_user_tables(engine):
        backup = backup_sqlite_file(path, f"before-upgrade-from-{rev or 'none'}")
    from alembic import command

    cfg = alembic_config(engine)
    server = engine.dialect.name == "postgresql"
    try:
        with engine.begin() as conn:
            if server:
                from app.db.server import MIGRATION_LOCK_KEY

                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
                now = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() \
                    if inspect(conn).has_table("alembic_version") else None
                check_not_newer(now, head)
                if now == head:  # another PC migrated it while this one waited
                    return None
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except ProgrammingError as exc:
        if server and "permission denied" in str(exc.orig).lower():
            user = engine.url.username or ""
            raise StorageError(
                f"这个数据库需要升级到结构版本{head}，但账户 {user} 没有修改表结构的权限，数据库没有被改动。"
                "请管理员用数据库所有者的账户运行一次 dangjian check 完成升级，再从各台电脑打开。"
            ) from exc
        raise
    return backup
