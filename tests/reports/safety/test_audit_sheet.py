"""操作记录审计校验单: read back from the PDF, a spoiled trail on the sheet, who may print it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main, registry
from app.domain.kit.errors import PermissionDenied
from app.reports.safety.audit_sheet import groups, make_audit_sheet, render_audit_sheet
from app.services.access.setup import init_office
from app.services.container import Services
from tests.reports.kit.pdfcheck import fonts, reader, text

PASSWORD = "Heping2026"
AUDITOR = ("shenji", "Sj-Audit-2026")


@pytest.fixture
def office(services: Services) -> Services:
    """An office with an auditor and a worker, one backup, and the auditor signed in."""
    init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.act_as(services.auth.login("admin", PASSWORD))
    services.auth.add_user(*AUDITOR[:1], "审计员", AUDITOR[1])
    services.auth.add_user("dangwu", "党务工作者", "Work-2026-ab")
    services.backups.backup_now(reason="手动备份")
    services.act_as(services.auth.login(*AUDITOR))
    return services


def flat(pdf: bytes) -> str:
    return "".join(text(pdf).split())


def test_the_sheet_states_the_trail_and_its_chain_head(office: Services) -> None:
    sheet = make_audit_sheet(office)
    assert sheet.pages == 1 and len(reader(sheet.pdf).pages) == 1
    assert sheet.ok and sheet.records == office.audit.count()
    report = office.audit.verify()
    assert sheet.head == report.head and len(report.head) == 64
    body = flat(sheet.pdf)
    assert "操作记录审计校验单" in body and "和平社区党委" in body
    assert f"{sheet.records}条" in body and "完好" in body
    assert "ledger.db" in body
    parts = groups(report.head)
    assert len(parts) == 8 and all(len(p) == 8 for p in parts)
    assert all(p in body for p in parts)  # every group of eight, as printed
    words = text(sheet.pdf).split()
    assert parts[0] in words and parts[7] in words  # each group stands on its own
    backup = office.backups.newest_own_backup()  # the manual one, kept apart from the rotation
    assert backup is not None
    assert groups(backup.audit_head)[0] in body and "手动备份" in body and "对应第" in body
    assert "审计员（签字）" in body and "管理员（签字）" in body and "日期" in body
    assert fonts(sheet.pdf) and all(fonts(sheet.pdf).values())  # every font embedded


def test_a_changed_record_shows_on_the_sheet(office: Services) -> None:
    with sqlite3.connect(office.db.path) as conn:
        conn.execute("UPDATE audit_log SET summary = '改过的内容' WHERE id = 2")
    sheet = make_audit_sheet(office)
    assert not sheet.ok
    body = flat(sheet.pdf)
    assert "发现问题" in body and "第2条记录的内容与校验值不符" in body and "完好（" not in body


def test_records_removed_since_the_last_backup_show_on_the_sheet(office: Services) -> None:
    with sqlite3.connect(office.db.path) as conn:
        last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE id >= ?", (last - 3,))  # the tail, backup included
    sheet = make_audit_sheet(office)
    assert not sheet.ok and "找不到" in flat(sheet.pdf)


@pytest.mark.parametrize("user", [("dangwu", "Work-2026-ab"), ("admin", PASSWORD)])
def test_only_auditors_and_administrators_may_print_it(office: Services, user: tuple[str, str]) -> None:
    office.act_as(office.auth.login(*user))
    if user[0] == "admin":
        assert render_audit_sheet(office).startswith(b"%PDF")
        return
    with pytest.raises(PermissionDenied, match="查看操作记录"):
        render_audit_sheet(office)


def test_the_command_line_saves_the_sheet(office: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    registry.load_commands()
    db = str(office.db.path)
    monkeypatch.setenv("DANGJIAN_USER", AUDITOR[0])
    monkeypatch.setenv("DANGJIAN_PASSWORD", AUDITOR[1])
    out = tmp_path / "校验单"
    assert main(["audit", "sheet", "--out", str(out), "--db", db]) == 0
    printed = capsys.readouterr().out
    saved = tmp_path / "校验单.pdf"
    assert saved.read_bytes().startswith(b"%PDF") and str(saved) in printed and "完好" in printed
    assert "操作记录审计校验单" in flat(saved.read_bytes())

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE audit_log SET actor = '别人' WHERE id = 1")
    assert main(["audit", "sheet", "--out", str(saved), "--db", db]) == 1  # saved, and the problem told
    assert "发现问题" in capsys.readouterr().out and "发现问题" in flat(saved.read_bytes())

    monkeypatch.setenv("DANGJIAN_USER", "dangwu")
    monkeypatch.setenv("DANGJIAN_PASSWORD", "Work-2026-ab")
    assert main(["audit", "sheet", "--out", str(tmp_path / "x.pdf"), "--db", db]) == 1
    assert "没有“查看操作记录”的权限" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
