"""0019: meetings recorded before it open with their attendance counted from their attendance
rows; 0017 and 0018 go down and up again with them (a meeting's photos table, the ledger's
year indexes)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from app.db.migrate import alembic_config
from app.services.container import Services
from app.services.kit.base import Actor
from tests.services.orglife.helpers import meeting, roster


def test_older_meetings_get_their_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    s = Services.open(path, Actor("测试员"))
    r = roster(s)
    held = s.orglife.create(meeting(r.tree.branch_a)).id
    s.orglife.set_attendance(held, {i: ("请假" if n == "李秀英" else "出席", "") for n, i in r.members.items()})
    empty = s.orglife.create(meeting(r.tree.branch_a, "党课", topic="党史")).id
    s.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0016")
    inspector = inspect(engine)
    assert "present_count" not in {c["name"] for c in inspector.get_columns("orglife_meetings")}
    assert "orglife_meeting_files" not in inspector.get_table_names()
    with engine.begin() as conn:  # as an older release left it: counts unknown
        assert conn.execute(text("SELECT count(*) FROM orglife_attendance")).scalar() == 4
    engine.dispose()
    s = Services.open(path, Actor("测试员"))  # migrates up again, as a newer release would
    try:
        got = s.orglife.get(held)
        assert (got.present, got.leave, got.absent) == (3, 1, 0)
        assert (s.orglife.get(empty).present, s.orglife.get(empty).leave) == (0, 0)
    finally:
        s.close()
