"""The 联席会 page driven in pytest-qt: a meeting held through the form (hostile input refused),
its decisions, a decision made a project that then shows on the 三张清单 page, deletion, the
sign-in sheet printed through the preview, a viewer who sees no writing command."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from app.services.cobuild.meetings import MeetingInput
from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.cobuild.tab import CobuildTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from tests.reports.kit.pdfcheck import text as pdf_text
from tests.services.cobuild.helpers import Tree

TODAY = dt.date.today()


@pytest.fixture
def no_preview_wait(monkeypatch: pytest.MonkeyPatch) -> list[PdfPreviewDialog]:
    """The preview is made as for the user, but does not wait for 关闭."""
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    return shown


def meeting(services: Services, tree: Tree, data: dict[str, int], day: dt.date = TODAY - dt.timedelta(days=3)) -> int:
    return services.meetings.create(MeetingInput(org_id=tree.community, held_on=day, place="社区会议室",
                                                 agenda="认领需求清单"), [data["hospital"]]).id


def test_a_meeting_held_through_the_form_shows_in_the_table(tab: CobuildTab, services: Services,
                                                            tree: Tree) -> None:
    page = tab.meetings
    tab.pages.setCurrentWidget(page)
    dialog = page.dialog()
    form = dialog.form
    assert dialog.unit_list.count() == 2  # both registered units of the county are offered
    form.set_value("place", "社区党群服务中心")
    form.set_value("host", "王书记")
    form.set_value("org_id", tree.community)
    form.set_value("held_on", None)
    dialog.save()
    assert "请填写会议日期" in dialog.error.text() and "color: #b00020" in form.labels["held_on"].styleSheet()
    form.widgets["held_on"].setText("明天吧")  # type: ignore[attr-defined]
    dialog.save()
    assert dialog.error.isVisibleTo(dialog) and services.meetings.count_all() == 0
    form.set_value("held_on", TODAY - dt.timedelta(days=1))
    form.set_value("minutes", "纪" * 10001)
    dialog.save()
    assert "过长" in dialog.error.text() and services.meetings.count_all() == 0
    form.set_value("minutes", "会议研究了楼道扶手项目。")
    dialog.check_units({"青山县人民医院"})
    dialog.save()
    assert dialog.result() and services.meetings.count_all() == 1
    page.apply()
    model = page.model
    assert model.rowCount() == 1 and page.count_label.text() == "共 1 次联席会"
    assert model.data(model.index(0, 1)) == "共驻共建联席会议" and model.data(model.index(0, 5)) == "1个"


def test_meetings_newest_first_and_by_year(tab: CobuildTab, services: Services, tree: Tree,
                                           data: dict[str, int]) -> None:
    old = meeting(services, tree, data, dt.date(TODAY.year - 1, 12, 20))
    new = meeting(services, tree, data)
    page = tab.meetings
    page.apply()
    assert page.model.ids() == [new, old]
    page.year_box.setCurrentIndex(page.year_box.findData(TODAY.year - 1))
    assert page.model.ids() == [old]
    page.year_box.setCurrentIndex(0)
    page.search.setText("不存在的议题")
    page.apply()
    assert page.model.ids() == []


def test_a_decision_made_a_project_appears_on_the_project_list(tab: CobuildTab, services: Services, tree: Tree,
                                                               data: dict[str, int], shown_messages: list[str]) -> None:
    m = meeting(services, tree, data)
    page = tab.meetings
    page.apply()
    page.table.select_ids([m], m)
    assert "参会单位：青山县人民医院" in page.detail.text()
    add = page.decision_dialog(page.current())
    add.save()
    assert "会议决定不能为空" in add.error.text()
    content = add.form.widgets["content"]
    assert isinstance(content, QPlainTextEdit)
    content.setPlainText("长" * 1001)
    add.save()
    assert "过长" in add.error.text()
    content.setPlainText("由县人民医院每月到社区开展一次义诊")
    add.save()
    page.show_decisions()
    assert page.decisions_.rowCount() == 1 and page.decisions_.item(0, 1).text() == ""
    page.decisions_.selectRow(0)
    assert page.project_button.isEnabled()
    make = page.project_dialog(page.current_decision())
    make.form.set_value("title", "每月义诊进社区")
    make.form.set_value("unit_id", data["hospital"])
    make.save()
    assert make.result()
    page.show_decisions()
    page.decisions_.selectRow(0)
    assert page.decisions_.item(0, 1).text() == "已转为项目" and not page.project_button.isEnabled()
    lists = tab.lists
    lists.kind_box.setCurrentIndex(lists.kind_box.findData("项目清单"))
    titles = [lists.model.data(lists.model.index(r, 1)) for r in range(lists.model.rowCount())]
    assert titles == ["每月义诊进社区"]
    page.table.select_ids([m], m)
    page.remove()
    assert any("不能删除" in text for text in shown_messages) and services.meetings.count_all() == 1


def test_a_meeting_entered_by_mistake_is_deleted(tab: CobuildTab, services: Services, tree: Tree,
                                                 data: dict[str, int], shown_messages: list[str]) -> None:
    m = meeting(services, tree, data)
    page = tab.meetings
    page.apply()
    page.table.select_ids([m], m)
    page.remove()
    assert any("确定删除" in text for text in shown_messages)
    assert page.model.rowCount() == 0 and services.meetings.count_all() == 0


def test_the_sign_in_sheet_prints_through_the_preview(tab: CobuildTab, services: Services, tree: Tree,
                                                      data: dict[str, int], no_preview_wait: list) -> None:
    m = meeting(services, tree, data)
    page = tab.meetings
    page.apply()
    page.table.select_ids([m], m)
    preview = page.print_signin()
    assert no_preview_wait == [preview] and preview.preview.page_count() == 1
    words = pdf_text(preview.pdf)
    assert "签到表" in words and "青山县人民医院" in words and "认领需求清单" in words


def test_a_viewer_sees_meetings_but_no_writing_command(qtbot, services: Services, tree: Tree,
                                                       data: dict[str, int]) -> None:
    m = meeting(services, tree, data)
    services.act_as(Actor("小李", role="查看"))
    widget = CobuildTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    page = widget.meetings
    page.table.select_ids([m], m)
    actions = page.actions_
    assert page.model.rowCount() == 1
    assert not any(actions[k].isEnabled() for k in ("addMeeting", "editMeeting", "removeMeeting", "addDecision"))
    assert actions["printSignin"].isEnabled()
    assert not page.project_button.isVisibleTo(page) and not page.add_decision_button.isVisibleTo(page)


def test_a_meeting_saved_elsewhere_shows_at_once(tab: CobuildTab, services: Services, tree: Tree,
                                                 data: dict[str, int]) -> None:
    tab.meetings.apply()
    assert tab.meetings.model.rowCount() == 0
    meeting(services, tree, data)
    assert tab.meetings.model.rowCount() == 1
