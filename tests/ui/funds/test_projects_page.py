"""The 经费 tab's 专项经费项目 page driven in pytest-qt over real services: a project made through
its form (hostile budget and overlong name refused under the form), pushed through its steps
with date and who, drafts linked in the 项目收支 dialog (a posted one refused), the 公示 notice
previewed and read back; the model passes qtmodeltester; the page rendered offscreen."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services.container import Services
from app.ui.funds.models import ProjectQuery, ProjectTableModel
from app.ui.funds.project_detail import ProjectDetailDialog
from app.ui.funds.tab import FundsTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from app.ui.kit.record_dialogs import StepDialog
from tests.services.funds.helpers import Tree, build_tree, entry

TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    services.settings.set("office_org_id", t.county)
    return t


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree) -> FundsTab:
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.scope.select(tree.community)
    widget.pages.setCurrentWidget(widget.projects)
    return widget


def make_project(tab: FundsTab, name: str = "楼道照明改造", budget: str = "20,000") -> int:
    dialog = tab.projects.dialog()
    dialog.form.set_value("name", name)
    dialog.form.set_value("budget", budget)
    dialog.form.set_value("by", "社区党委会议")
    dialog.save()
    assert dialog.result_row is not None, dialog.error.text()
    tab.projects._show(dialog.result_row.id)
    return int(dialog.result_row.id)


@pytest.mark.parametrize(("field", "value", "words"), [("budget", "12.345", "两位小数"), ("budget", "-5", "负数"),
                                                       ("name", "长" * 61, "最多60个字"), ("by", "", "议定人")])
def test_the_form_refuses_hostile_input(tab: FundsTab, services: Services, field: str, value: str,
                                        words: str) -> None:
    dialog = tab.projects.dialog()
    dialog.form.set_value("name", "楼道照明改造")
    dialog.form.set_value("by", "社区党委会议")
    dialog.form.set_value(field, value)
    dialog.save()
    assert words in dialog.error.text() and dialog.result_row is None
    assert services.fund_projects.projects() == []


def test_a_project_from_agreement_to_notice(tab: FundsTab, services: Services, tree: Tree,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    page = tab.projects
    assert tab.pages.count() == 2 and tab.pages.tabText(1) == "专项经费项目"
    pid = make_project(tab)
    assert page.model.rowCount() == 1 and "共 1 个项目" in page.count_label.text()
    assert page.model.index(0, 2).data() == "项目议定" and page.model.index(0, 3).data() == "20,000.00"

    def step(self: StepDialog) -> bool:
        self.text.setText("")  # type: ignore[union-attr]
        self.confirm()
        assert "经办人" in self.error.text()
        self.date.set_value(TODAY + dt.timedelta(days=2))
        self.text.setText("街道党工委")  # type: ignore[union-attr]
        self.confirm()
        assert "晚于今天" in self.error.text()
        self.date.set_value(TODAY)
        self.confirm()
        return self.result_row is not None

    monkeypatch.setattr(StepDialog, "exec", step)
    page.table.select_ids([pid], pid)
    page.advance()
    assert services.fund_projects.get(pid).stage == "审核备案"
    assert page.model.index(0, 2).data() == "审核备案" and "街道党工委" in page.model.index(0, 6).data()

    draft = services.ledger.create(entry(tree.community, "1500", category="公益服务", on=TODAY, summary="购买灯具"))
    done = services.ledger.create(entry(tree.community, "900", category="公益服务", on=TODAY, summary="安装人工"))
    services.fund_projects.link(pid, [done.id])
    services.ledger.post([done.id], allow_negative=True)
    detail = ProjectDetailDialog(services, pid, page)
    assert "办理经过" in detail.summary.text() and "街道党工委" in detail.summary.text()
    assert detail.linked.count() == 1 and detail.drafts.count() == 1
    detail.linked.item(0).setSelected(True)
    detail.link(False)
    assert "已记账" in detail.error.text()
    detail.link(True)
    assert "请先在右边选中" in detail.error.text()
    detail.drafts.item(0).setSelected(True)
    detail.link(True)
    assert detail.linked.count() == 2 and detail.drafts.count() == 0 and detail.changed
    assert services.ledger.get(draft.id).project_id == pid
    detail.resize(900, 480)
    detail.show()
    detail.grab().save("/tmp/hfund_project_detail.png")
    detail.close()

    for _ in range(3):
        page.advance()
    page.apply()
    assert page.model.index(0, 2).data() == "公示" and page.model.index(0, 5).data() == "19,100.00"
    shown: list[bytes] = []
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.advance()
    assert told and "流程已完成" in told[0]
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.pdf) or 0)
    page.print_notice()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(shown[0])).pages)
    assert "楼道照明改造" in text and "安装人工" in text and "900.00" in text and "公示期为7天" in text
    Path("/tmp/hfund_notice.pdf").write_bytes(shown[0])
    page.stage_box.setCurrentIndex(page.stage_box.findData("实施"))
    assert page.model.rowCount() == 0
    page.stage_box.setCurrentIndex(0)
    page.search.setText("照明")
    page.apply()
    assert page.model.rowCount() == 1
    tab.grab().save("/tmp/hfund_projects_page.png")


def test_a_viewer_sees_projects_but_cannot_change_them(qtbot, services: Services, tree: Tree) -> None:
    from app.services.kit.base import Actor

    services.fund_projects.create(tree.community, "助老餐桌", resolved_on=TODAY, by="两委会")
    services.act_as(Actor("小李", role="查看"))
    widget = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    widget.pages.setCurrentWidget(widget.projects)
    widget.projects.apply()
    widget.projects.table.select_row(0)
    actions = widget.projects.actions_
    assert not actions["addProject"].isEnabled() and not actions["advanceProject"].isEnabled()
    assert actions["printNotice"].isEnabled() and actions["projectEntries"].isEnabled()


def test_the_project_model_passes_qt_model_tester(qtmodeltester, demo_services: Services) -> None:
    model = ProjectTableModel(demo_services.fund_projects)
    model.set_query(ProjectQuery())
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.sort(3)
    qtmodeltester.check(model, force_py=True)
