"""The 审计 tab: filters answered in SQL, paging, the count, the chain check and the printed sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.orgs.service import OrgInput
from app.services.safety import audit
from app.services.safety.audit_query import AuditQueryService
from app.ui.kit.changes import ChangeBus
from app.ui.safety import audit_tab
from app.ui.safety.audit_tab import AuditTab

PASSWORD = "Heping2026"


@pytest.fixture
def office(services: Services) -> Services:
    root = init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.act_as(services.auth.login("admin", PASSWORD))
    services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, root.id))
    return services


def make_tab(qtbot, services: Services, **kw) -> AuditTab:  # type: ignore[no-untyped-def]
    bus = ChangeBus(services.hub)
    tab = AuditTab(services.audit, bus, **kw)
    qtbot.addWidget(tab)
    tab.show()
    tab._bus = bus  # kept alive with the tab
    return tab


def add_records(services: Services, n: int) -> None:
    with services.audit.writing() as s:
        audit.append_many(s, "张三", ({"action": "测试记录", "summary": f"第{i}条测试"} for i in range(n)))


def test_the_model_passes_qts_checks(qtbot, qtmodeltester, office: Services) -> None:
    add_records(office, 30)
    tab = make_tab(qtbot, office)
    qtmodeltester.check(tab.model)


def test_filters_count_and_paging(qtbot, office: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_tab, "PAGE", 40)
    add_records(office, 100)
    tab = make_tab(qtbot, office)
    total = office.audit.count()
    assert tab.model.total == total and len(tab.model.rows) == 40
    assert tab.count.text() == f"共 {total} 条，已列出最新的 40 条" and tab.more.isEnabled()
    assert tab.model.rows[0].action == "测试记录"  # newest first

    tab.more.click()
    assert len(tab.model.rows) == 80 and tab.model.rowCount() == 80
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    assert len(tab.model.rows) == total and not tab.more.isEnabled()
    assert tab.count.text() == f"共 {total} 条"

    tab.filter.setText("第一网格")
    qtbot.waitUntil(lambda: tab.model.total == 1)  # after a pause in typing
    assert tab.count.text() == "符合条件的 1 条" and "第一网格党支部" in tab.model.rows[0].summary

    tab.filter.clear()
    tab.action.setCurrentIndex(tab.action.findData("测试记录"))
    assert tab.model.total == 100 and tab.count.text().startswith("符合条件的 100 条")
    tab.filter.setText("第7条")
    tab.reload()
    assert [r.summary for r in tab.model.rows] == ["第7条测试"]

    tab.filter.clear()
    tab.action.setCurrentIndex(0)
    assert tab.action.currentText() == "全部操作" and tab.model.total == total
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_date(qtbot, tab.until, f"{yesterday.year}年{yesterday.month}月{yesterday.day}日")
    assert tab.model.total == 0 and tab.count.text() == "符合条件的 0 条"
    type_date(qtbot, tab.until, "")
    type_date(qtbot, tab.since, dt.date.today().strftime("%Y%m%d"))
    assert tab.model.total == total
    type_date(qtbot, tab.since, "2025-02-30")  # no such day: said where the count is, nothing listed
    assert "不是有效日期" in tab.count.text() and tab.model.total == 0


def type_date(qtbot, field, text: str) -> None:
    """Types into a date filter as a user does, and finishes with Enter."""
    field.clear()
    field.insert(text)  # Chinese (年月日) arrives through the input method, not as key codes
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_new_records_and_their_kinds_appear(qtbot, office: Services) -> None:
    tab = make_tab(qtbot, office)
    before = tab.model.total
    assert tab.action.findData("新增组织") >= 0 and tab.action.findData("备份") == -1
    office.orgs.create(OrgInput("第二网格党支部", OrgType.GRID_BRANCH, office.orgs.list()[0].id))
    assert tab.model.total == before + 1 and "第二网格党支部" in tab.model.rows[0].summary
    tab.table.selectRow(0)
    assert "第二网格党支部" in tab.details.toPlainText()
    office.backups.backup_now()  # recorded without a change notice: shown when the tab is shown again
    tab.hide()
    tab.show()
    assert tab.model.total == before + 2 and tab.model.rows[0].action == "备份"
    assert tab.action.findData("备份") >= 0


def test_the_tab_follows_the_signed_in_user(qtbot, office: Services) -> None:
    office.auth.add_user("shenji", "审计员", "Sj-Audit-2026")
    tab = make_tab(qtbot, office)
    office.act_as(office.auth.login("shenji", "Sj-Audit-2026"))
    tab.refresh()
    assert tab.query.actor.name == "shenji" and tab.model.total > 0
    given = AuditQueryService(office.db, office.actor, office.hub)
    assert make_tab(qtbot, office, query=given).query is given


def test_printing_the_audit_sheet(qtbot, office: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.kit import pdf_preview

    office.auth.add_user("shenji", "审计员", "Sj-Audit-2026")
    office.act_as(office.auth.login("shenji", "Sj-Audit-2026"))
    shown: list[pdf_preview.PdfPreviewDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", fake_exec)
    tab = make_tab(qtbot, office)
    assert tab.sheet_button.text() == "打印审计校验单…"
    tab.sheet_button.click()
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.pdf.startswith(b"%PDF") and dialog.title == "操作记录审计校验单"
    assert dialog.print_button.isEnabled()  # the auditor may print this sheet
    assert tab.last_sheet.ok and tab.last_sheet.head == office.audit.verify().head


def test_a_refused_sheet_is_explained(qtbot, office: Services, shown_messages: list[str]) -> None:
    tab = make_tab(qtbot, office)
    office.auth.add_user("lisi", "查看", "Chakan-2026")
    office.act_as(office.auth.login("lisi", "Chakan-2026"))
    tab.refresh()
    assert tab.model.rowCount() == 0 and "没有“查看操作记录”的权限" in tab.count.text()
    tab.print_sheet()
    assert any("查看操作记录" in m for m in shown_messages)
