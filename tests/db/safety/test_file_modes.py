"""The live database, the files SQLite keeps beside it and the copies set aside before an
upgrade or a restore are readable by their owner only (Linux)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput

pytestmark = [pytest.mark.skipif(os.name == "nt", reason="file modes are a POSIX matter"),
              pytest.mark.sqlite_only]  # the modes of the database file


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _ordinary_umask():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)  # what a desktop session has: new files readable by all
    yield
    os.umask(old)


def test_a_new_database_and_its_wal_and_shm_are_private(db_path: Path) -> None:
    s = Services.open(db_path, Actor("测试员"))
    try:
        s.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
        for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), Path(f"{db_path}.lock")):
            assert p.exists() and mode(p) == 0o600, p
    finally:
        s.close()


def test_an_existing_database_readable_by_all_is_made_private_on_opening(db_path: Path) -> None:
    Services.open(db_path, Actor("测试员")).close()
    os.chmod(db_path, 0o644)
    Services.open(db_path, Actor("测试员")).close()
    assert mode(db_path) == 0o600


def test_the_copy_before_an_upgrade_is_private(tmp_path: Path) -> None:
    from alembic import command

    from app.db import migrate
    from app.db.engine import database_url, make_engine

    path = tmp_path / "old.db"
    engine = make_engine(database_url(path))
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    Services.open(path).close()
    copies = list(tmp_path.glob("old.before-upgrade-from-0001-*.db"))
    assert copies and all(mode(c) == 0o600 for c in copies)


def test_the_copy_before_a_restore_is_private(db_path: Path) -> None:
    s = Services.open(db_path, Actor("测试员"))
    try:
        s.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
        row = s.backups.backup_now()
        result = s.backups.restore(row.path)
        assert result.set_aside is not None and mode(result.set_aside) == 0o600
        assert mode(db_path) == 0o600
    finally:
        s.close()
