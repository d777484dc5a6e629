"""A database made before the roster existed opens with the newest code and keeps its data."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from app.db.migrate import alembic_config, current_revision, head_revision
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.service import MemberQuery


def test_revision_0001_database_upgrades_and_keeps_its_organisation(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO organizations (id, uuid, parent_id, name, short_name, org_type, secretary, phone,"
            " coverage, remarks, sort_order, closed_reason) VALUES (1, 'u-1', NULL, '和平社区党委', '和平社区',"
            " '社区党委', '王书记', '', '', '', 1, '')"))
    assert current_revision(engine) == "0001"
    assert not inspect(engine).has_table("members")
    engine.dispose()

    services = Services.open(path, Actor("测试员"))
    try:
        assert current_revision(services.db.engine) == head_revision()
        org = services.orgs.get(1)
        assert (org.name, org.secretary) == ("和平社区党委", "王书记")
        assert services.members.count(MemberQuery()) == 0
        assert list(tmp_path.glob("old.before-upgrade-from-0001-*.db"))  # backup taken first
    finally:
        services.close()


# SQLite's reflection does not read an index on an expression (the ledger's order,
# ix_fund_entries_ledger_order); the member tables compared here have none.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migration_matches_the_models(tmp_path: Path) -> None:
    """Alembic finds nothing to add for the member tables after upgrading to head."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.db.models import Base

    services = Services.open(tmp_path / "new.db", Actor("测试员"))
    try:
        with services.db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        services.close()
    member_diffs = [d for d in diffs if "member" in repr(d)]
    assert member_diffs == []
