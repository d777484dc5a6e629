"""The audit trail's tail: records cut off its end, or the whole trail, are reported against the
head kept outside the database; a restore and a second database raise no false alarm."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main, registry
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput


def office(path: Path, name: str = "和平社区党委") -> Services:
    s = Services.open(path, Actor("测试员"))
    root = s.orgs.create(OrgInput(name=name, org_type=OrgType.COMMUNITY))
    for i in range(1, 6):
        s.orgs.create(OrgInput(name=f"第{i}支部", org_type=OrgType.BRANCH, parent_id=root.id))
    return s


def cut(path: Path, keep: int | None) -> None:
    """What someone with the file does: delete records off the end (or all of them)."""
    from app.services.kit.base import Database

    db = Database.open(path, create=False, migrate=False)
    try:
        with db.engine.begin() as conn:
            if keep is None:
                conn.execute(text("DELETE FROM audit_log"))
            else:
                conn.execute(text("DELETE FROM audit_log WHERE id > :keep"), {"keep": keep})
    finally:
        db.engine.dispose()


def test_a_cut_tail_is_reported_with_how_many_and_since_when(db_path: Path) -> None:
    s = office(db_path)
    s.close()
    cut(db_path, keep=3)
    s = Services.open(db_path, Actor("测试员"))
    try:
        assert s.audit.verify().ok  # the chain alone cannot tell
        problems = s.anchor.problems()
        assert len(problems) == 1 and "最后3条操作记录已丢失（自" in problems[0]
        assert any("最后3条操作记录已丢失" in p for p in s.checks.run())
    finally:
        s.close()


def test_a_deleted_trail_is_reported(db_path: Path) -> None:
    office(db_path).close()
    cut(db_path, keep=None)
    s = Services.open(db_path, Actor("测试员"))
    try:
        assert any("全部6条操作记录已丢失" in p for p in s.anchor.problems())
    finally:
        s.close()


def test_a_cut_followed_by_new_records_is_caught_when_they_are_written(db_path: Path) -> None:
    office(db_path).close()
    cut(db_path, keep=4)
    s = Services.open(db_path, Actor("测试员"))
    try:
        root = s.orgs.list()[0]
        for i in range(3):  # the chain grows past where it was: only the head record's note tells
            s.orgs.create(OrgInput(name=f"新支部{i}", org_type=OrgType.BRANCH, parent_id=root.id))
        assert s.audit.verify().ok
        problems = s.anchor.problems()
        assert len(problems) == 1
        assert "随后又写入了新记录" in problems[0]
        if "postgresql" in str(db_path):  # a server's numbers go on after the cut: 7, 8, 9
            assert "第6条" in problems[0]
        else:  # a file's numbers are given again from 5
            assert "第5条至第6条操作记录（2条" in problems[0]
    finally:
        s.close()


def test_no_alarm_after_a_restore(db_path: Path) -> None:
    s = office(db_path)
    try:
        saved = s.backups.backup_now()
        root = s.orgs.list()[0]
        for i in range(4):
            s.orgs.create(OrgInput(name=f"后来的支部{i}", org_type=OrgType.BRANCH, parent_id=root.id))
        s.backups.restore(saved.path)  # the chain is shorter now, and that is no loss
        assert s.anchor.problems() == [] and s.checks.run() == []
        s.orgs.create(OrgInput(name="恢复后新增", org_type=OrgType.BRANCH, parent_id=root.id))
        assert s.anchor.problems() == []
    finally:
        s.close()


def test_no_alarm_on_a_second_database(tmp_path: Path) -> None:
    a = office(tmp_path / "a.db")
    b = Services.open(tmp_path / "b.db", Actor("测试员"))
    try:
        b.orgs.create(OrgInput(name="东湖社区党委", org_type=OrgType.COMMUNITY))
        assert a.anchor.problems() == [] and b.anchor.problems() == []
    finally:
        a.close()
        b.close()


def test_no_alarm_when_the_anchor_is_behind_the_chain(db_path: Path) -> None:
    """A head record that missed its last updates (a power cut before they reached the disk)
    is behind the chain, never ahead of it: no alarm."""
    from app.services.safety import anchor
    from app.services.safety.identity import database_id

    s = office(db_path)
    try:
        slots = anchor._slots(database_id(s.db))
        old = [p.read_bytes() if p.exists() else None for p in slots]
        s.orgs.create(OrgInput(name="又一个支部", org_type=OrgType.BRANCH, parent_id=s.orgs.list()[0].id))
        for p, data in zip(slots, old, strict=True):
            if data is None:
                p.unlink(missing_ok=True)
            else:
                p.write_bytes(data)
        assert s.anchor.problems() == []
        slots[0].write_bytes(slots[0].read_bytes()[:20])  # a write torn by a power cut
        assert s.anchor.problems() == []
    finally:
        s.close()


@pytest.fixture
def signed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load_commands()
    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD"):
        monkeypatch.delenv(var, raising=False)


def test_audit_verify_and_check_report_the_cut(db_path: Path, signed_out: None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    office(db_path).close()
    cut(db_path, keep=2)
    assert main(["audit", "verify", "--db", str(db_path)]) == 1
    assert "最后4条操作记录已丢失" in capsys.readouterr().err
    assert main(["check", "--db", str(db_path)]) == 1
    assert "最后4条操作记录已丢失" in capsys.readouterr().out
