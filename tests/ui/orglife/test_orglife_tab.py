"""The 组织生活 tab driven in pytest-qt over a real database: a meeting registered through the
form (hostile input refused), attendance all present then exceptions, the behind-schedule list
changing when the meeting is held, the printouts through the preview, 民主评议 saved in one step,
a viewer who sees no writing command; its models pass qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.access.permissions import Role
from app.domain.orglife.schedule import quarter_of
from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from app.ui.orglife.tab import OrglifeTab
from tests.reports.kit.pdfcheck import text as pdf_text
from tests.services.orglife.helpers import TODAY, Roster, meeting, roster


@pytest.fixture
def no_preview_wait(monkeypatch: pytest.MonkeyPatch) -> list[PdfPreviewDialog]:
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    return shown


@pytest.fixture
def data(services: Services) -> Roster:
    return roster(services)


@pytest.fixture
def tab(qtbot, services: Services, data: Roster) -> OrglifeTab:
    widget = OrglifeTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def choose_branch(tab: OrglifeTab, org_id: int) -> None:
    tab.scope.select(org_id)
    assert tab.meetings.scope == org_id


def test_the_tab_stands_after_the_members_tab(services: Services, qtbot) -> None:
    from app.ui.tabs import build_tabs

    tabs = build_tabs(services, ChangeBus(services.hub))
    for t in tabs:
        qtbot.addWidget(t)
    titles = [getattr(t, "title", "") or type(t).__name__ for t in tabs]
    assert titles[titles.index("组织生活") - 1] in ("MemberTab", "党员")


def test_a_meeting_through_the_form_then_attendance_and_the_record(tab: OrglifeTab, services: Services, data: Roster,
                                                                   no_preview_wait: list, tmp_path) -> None:
    choose_branch(tab, data.tree.branch_a)
    page = tab.meetings
    dialog = page.dialog()
    form = dialog.form
    form.set_value("org_id", data.tree.branch_a)
    form.set_value("kind", "党课")
    form.set_value("held_on", TODAY - dt.timedelta(days=1))
    form.set_value("topic", "")
    dialog.save()
    assert "党课须填写主题" in dialog.error.text() and services.orglife.count_all() == 0
    form.set_value("topic", "主" * 101)
    dialog.save()
    assert "过长" in dialog.error.text() and services.orglife.count_all() == 0
    form.set_value("topic", "弘扬伟大建党精神")
    form.set_value("speaker", "李书记")
    form.set_value("minutes", "李书记讲授党课。\n与会党员交流体会。")
    dialog.save()
    assert dialog.result() and services.orglife.count_all() == 1
    page.apply()
    assert page.model.rowCount() == 1 and page.model.cell_text(page.model.row_at(0), 7) == "未登记"
    page.table.selectRow(0)
    row = page.current()
    att = page.attendance_dialog(row)
    assert att is not None and len(att.lines) == 4
    att.mark_all_present()
    att.mark("李秀英", "请假", "外出务工")
    att.mark("王红梅", "缺席")
    att.mark("赵志强", "不参加")
    assert "应到3人" in att.counts.text()
    att.save()
    assert att.result()
    page.apply()
    got = services.orglife.get(row.id)
    assert (got.present, got.leave, got.absent) == (1, 1, 1)
    assert page.model.cell_text(page.model.row_at(0), 7) == "应到3 实到1"
    page.table.selectRow(0)
    preview = page.print_record()
    assert preview is not None and no_preview_wait
    text = pdf_text(services_record(services, row.id))
    assert "应到3人，实到1人，请假1人，缺席1人" in text and "李秀英（外出务工）" in text and "王红梅" in text
    page.print_signin()
    tab.grab().save(str(tmp_path / "orglife-tab.png"))


def services_record(services: Services, meeting_id: int) -> bytes:
    from app.reports.orglife.printouts import print_record

    return print_record(services, meeting_id)[0]


def test_attendance_of_a_planned_meeting_is_not_offered(tab: OrglifeTab, services: Services, data: Roster,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    planned = services.orglife.create(meeting(data.tree.branch_a, day=TODAY + dt.timedelta(days=5)))
    assert tab.meetings.attendance_dialog(planned) is None and "召开以后" in told[0]


def test_the_behind_list_changes_when_a_meeting_is_held(tab: OrglifeTab, services: Services, data: Roster) -> None:
    services.orglife_schedule.set_rules({"支部委员会": "不要求", "主题党日": "不要求", "党课": "不要求",
                                         "支部党员大会": "每月"})
    choose_branch(tab, data.tree.community)
    page = tab.schedule
    tab.pages.setCurrentWidget(page)
    start = quarter_of(TODAY)[0]
    if TODAY.month == start.month:
        pytest.skip("the first month of a quarter has no month ended yet")
    page.load()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert names == ["第一网格党支部", "第二网格党支部"]
    for month in range(start.month, TODAY.month):
        services.orglife.create(meeting(data.tree.branch_a, day=dt.date(TODAY.year, month, 15)))
    page.load()
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["第二网格党支部"]
    assert "支部党员大会" in page.table.item(0, 1).text()
    page.only_behind.setChecked(False)
    assert page.table.rowCount() == 2


def test_appraisal_saved_in_one_step(tab: OrglifeTab, services: Services, data: Roster,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: told.append(self.text()) or 0)
    choose_branch(tab, data.tree.branch_a)
    page = tab.appraisal
    page.year.setCurrentIndex(1)  # last year
    year = page.year.currentData()
    page.day.set_value(dt.date(year, 12, 20))
    page.choose("张建国", "优秀")
    page.set_unset_to_pass()
    assert "优秀1名，合格3名" in page.note.text()
    assert page.save()
    assert {x.name: x.result for x in services.orglife_appraisals.lines(data.tree.branch_a, year)}["李秀英"] == "合格"
    page.day.set_value(TODAY + dt.timedelta(days=3))
    page.choose("张建国", "不合格")
    assert not page.save() and "还没有到" in told[0]
    assert {x.name: x.result for x in services.orglife_appraisals.lines(data.tree.branch_a, year)}["张建国"] == "优秀"


def test_a_viewer_sees_no_writing_command(qtbot, services: Services, data: Roster) -> None:
    viewer = Services.sharing(services.orglife)
    viewer.act_as(Actor("访客", role=Role.VIEWER.value))
    widget = OrglifeTab(viewer, ChangeBus(viewer.hub))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.meetings.actions_["addOrgMeeting"].isEnabled()
    assert not widget.appraisal.save_button.isEnabled()


def test_the_models_pass_qtmodeltester(qtbot, qtmodeltester, tab: OrglifeTab, services: Services,
                                       data: Roster) -> None:
    m = services.orglife.create(meeting(data.tree.branch_a))
    services.orglife.all_present(m.id)
    choose_branch(tab, data.tree.county)
    assert tab.meetings.model.rowCount() == 1
    qtmodeltester.check(tab.meetings.model, force_py=True)
    assert tab.schedule.rates.model.rowCount() == 4
    qtmodeltester.check(tab.schedule.rates.model, force_py=True)
