"""0014: a roster made before it opens with its members kept, the new fields empty, 党龄
sortable; the migration goes back down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from app.db.migrate import alembic_config
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from tests.services.members.helpers import build_tree, member


def test_an_older_roster_gets_the_new_columns_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    s = Services.open(path, Actor("测试员"))
    tree = build_tree(s)
    s.members.create(member(tree.branch_a, "张三丰", party_post="书记"))
    s.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    columns = {c["name"] for c in inspect(engine).get_columns("members")}
    assert "party_post" not in columns and "candidates" not in inspect(engine).get_table_names()
    engine.dispose()
    s = Services.open(path, Actor("测试员"))  # migrates up again, as a newer release would
    try:
        row = s.members.rows(s.members.search_ids(MemberQuery(sort="party_years")))[0]
        assert (row.name, row.party_post, row.introducers, row.native_place) == ("张三丰", "", "", "")
        assert s.candidates.count_all() == 0
    finally:
        s.close()
