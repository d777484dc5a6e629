import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.db import migrate
from app.db.engine import database_url, make_engine
from app.services.container import Services
from app.services.kit.base import Actor


@pytest.mark.sqlite_only
def test_pragmas_on_every_connection(services: Services) -> None:
    with services.db.engine.connect() as conn:
        values = {p: conn.execute(text(f"PRAGMA {p}")).scalar() for p in
                  ("foreign_keys", "journal_mode", "synchronous", "busy_timeout", "cache_size")}
    assert values == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000,
                      "cache_size": -65536}


def test_head_read_from_file_names_matches_alembic() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == migrate.head_revision()


def test_database_made_by_the_first_migration_opens_with_newest_code(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.db"
    engine = make_engine(database_url(path))
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text(
            "INSERT INTO organizations (uuid, name, short_name, org_type, secretary, phone, coverage, remarks,"
            " sort_order, closed_reason) VALUES ('u-1', '老台账社区党委', '', '社区党委', '', '', '', '', 1, '')"
        ))
    engine.dispose()

    services = Services.open(path, Actor("测试员"))
    try:
        assert [r.name for r in services.orgs.list()] == ["老台账社区党委"]
        assert migrate.current_revision(services.db.engine) == migrate.head_revision()
    finally:
        services.close()
    backups = list(tmp_path.glob("old.before-upgrade-from-0001-*.db"))
    if migrate.head_revision() != "0001":
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT name FROM organizations").fetchall() == [("老台账社区党委",)]


def test_up_to_date_database_is_not_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    Services.open(path).close()
    Services.open(path).close()
    assert [p.name for p in tmp_path.iterdir() if "before-upgrade" in p.name] == []



def test_a_failed_opening_leaves_the_file_unlocked(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from app.db.safety import lock
    from app.services.kit.base import Database

    path = tmp_path / "ledger.db"

    def broken(engine):  # type: ignore[no-untyped-def]
        raise RuntimeError("migration failed")

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(RuntimeError):
        Database.open(path)
    assert not any(held.db_path == path.resolve() for held in lock._held.values())
    monkeypatch.undo()
    Database.open(path).close()


def test_a_database_from_a_newer_release_is_refused_and_left_unlocked(tmp_path: Path) -> None:
    import pytest

    from app.db.safety import lock
    from app.domain.kit.errors import StorageError
    from app.services.kit.base import Database

    path = tmp_path / "newer.db"
    Database.open(path).close()
    newer = str(int(migrate.head_revision()) + 1).zfill(4)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (newer,))
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    for _attempt in range(2):
        with pytest.raises(StorageError, match="较新版本的程序") as caught:
            Database.open(path)
        assert newer in caught.value.message and "升级" in caught.value.message
    assert not any(held.db_path == path.resolve() for held in lock._held.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no "before-upgrade" copy
