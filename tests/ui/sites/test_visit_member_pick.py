"""The 党员 of a grid visit picked from the roster by typing: a name fragment or pinyin initials
offer the community's members (not another community's), the one picked is saved on the visit
and fills an empty 走访人 and 走访人身份 (a visitor typed otherwise stays, and the service's
check that the names agree is shown); an edit shows the member and may change or clear it;
hostile text offers nobody, breaks nothing and saves no member; a name typed and not picked
links no member."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.sites.fields import CENTRAL_HOUSEHOLD
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.sites.rows import VisitInput
from app.ui.kit.changes import ChangeBus
from app.ui.kit.record_dialogs import RecordDialog
from app.ui.kit.ref_search import RefSearch
from app.ui.members.lookup import member_lookup
from app.ui.sites.tab import SitesTab
from tests.services.members.helpers import Tree, build_tree, member
from tests.ui.kit.keys import type_text

TODAY = dt.date.today()
HOSTILE = ("长" * 500, "'; drop table members;--", "     ")


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    for org_id, name in ((t.branch_a, "张建国"), (t.branch_b, "张建华"), (t.branch_a, "李秀英"),
                         (t.other_branch, "张建军")):
        services.members.create(member(org_id, name))
    return t


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree) -> SitesTab:
    widget = SitesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.pages.setCurrentWidget(widget.visits)
    widget.scope.select(tree.community)
    assert widget.visits.scope == tree.community
    return widget


def member_id(services: Services, name: str) -> int:
    return services.members.search_ids(MemberQuery(text=name))[0]


def open_dialog(qtbot, dialog: RecordDialog) -> RefSearch:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    picker = dialog.form.widgets["member_id"]
    assert isinstance(picker, RefSearch)
    picker.setFocus()
    return picker


def pick(qtbot, picker: RefSearch, row: int) -> None:
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_a_member_picked_by_a_name_fragment_is_saved_and_fills_the_visitor(qtbot, tab: SitesTab, services: Services,
                                                                         tmp_path: Path) -> None:
    dialog = tab.visits.dialog()
    picker = open_dialog(qtbot, dialog)
    type_text(qtbot, picker, "建国")
    qtbot.waitUntil(lambda: picker.offered() == ["张建国（第一网格党支部）"])
    dialog.grab().save(str(tmp_path / "visit-form.png"))
    picker.completer().popup().grab().save(str(tmp_path / "visit-form-popup.png"))
    pick(qtbot, picker, 0)
    form = dialog.form
    assert form.value("member_id") == member_id(services, "张建国")
    assert form.value("visitor") == "张建国" and form.value("visitor_role") == CENTRAL_HOUSEHOLD
    form.set_value("household", "3号楼2单元501")
    dialog.save()
    assert dialog.result(), dialog.error.text()
    saved = services.grid_visits.get(dialog.result_row.id)
    assert (saved.member_id, saved.visitor, saved.visitor_role) == (member_id(services, "张建国"), "张建国",
                                                                    CENTRAL_HOUSEHOLD)


def test_initials_offer_the_communitys_members_and_a_typed_visitor_stays(qtbot, tab: SitesTab,
                                                                        services: Services) -> None:
    dialog = tab.visits.dialog()
    form = dialog.form
    form.set_values({"visitor": "王书记", "visitor_role": "社区干部"})
    picker = open_dialog(qtbot, dialog)
    qtbot.keyClicks(picker, "zj")
    qtbot.waitUntil(lambda: len(picker.offered()) == 2)
    assert picker.offered() == ["张建国（第一网格党支部）", "张建华（第二网格党支部）"]  # not 东湖's 张建军
    pick(qtbot, picker, 1)
    assert form.value("member_id") == member_id(services, "张建华")
    assert form.value("visitor") == "王书记" and form.value("visitor_role") == "社区干部"  # what was typed stays
    form.set_value("household", "7号楼")
    dialog.save()  # the service holds that the member picked is the visitor
    assert not dialog.result() and "所选党员是“张建华”，与填写的姓名“王书记”不一致" in dialog.error.text()
    assert dialog.form.labels["member_id"].styleSheet()  # the field marked
    form.set_value("visitor", "张建华")
    dialog.save()
    assert dialog.result() and services.grid_visits.get(dialog.result_row.id).member_id == member_id(services, "张建华")


def test_an_edit_shows_the_member_and_changes_or_clears_it(qtbot, tab: SitesTab, services: Services,
                                                          tree: Tree) -> None:
    first = member_id(services, "张建国")
    visit = services.grid_visits.create(VisitInput("张建国", tree.community, "5号楼", TODAY, member_id=first,
                                                   visitor_role=CENTRAL_HOUSEHOLD))
    page = tab.visits
    dialog = page.dialog(visit)
    picker = open_dialog(qtbot, dialog)
    assert picker.text() == "张建国（第一网格党支部）" and dialog.form.value("member_id") == first
    dialog.save()  # kept as it was
    assert services.grid_visits.get(visit.id).member_id == first
    again = page.dialog(services.grid_visits.get(visit.id))
    picker = open_dialog(qtbot, again)
    picker.selectAll()
    type_text(qtbot, picker, "李秀")
    pick(qtbot, picker, 0)
    again.save()
    changed = services.grid_visits.get(visit.id)
    assert changed.member_id == member_id(services, "李秀英")
    assert changed.visitor == "李秀英"  # it held the member picked before, so it follows the new one
    cleared = page.dialog(changed)
    picker = open_dialog(qtbot, cleared)
    picker.clear()
    cleared.save()
    assert services.grid_visits.get(visit.id).member_id is None


@pytest.mark.parametrize("text", HOSTILE, ids=["500-characters", "sql", "spaces"])
def test_hostile_text_offers_nobody_and_saves_no_member(qtbot, tab: SitesTab, services: Services,
                                                        text: str) -> None:
    before = services.members.count(MemberQuery())
    lookup, _label_of = member_lookup(services, None)
    assert lookup(text) == []
    dialog = tab.visits.dialog()
    picker = open_dialog(qtbot, dialog)
    type_text(qtbot, picker, text)
    qtbot.wait(300)  # past the pause after which the roster is searched
    assert picker.offered() == [] and not picker.completer().popup().isVisible()
    form = dialog.form
    form.set_values({"visitor": "王书记", "household": "7号楼"})
    dialog.save()
    assert dialog.result(), dialog.error.text()
    assert services.grid_visits.get(dialog.result_row.id).member_id is None
    assert services.members.count(MemberQuery()) == before


def test_a_name_typed_and_not_picked_links_no_member(qtbot, tab: SitesTab, services: Services) -> None:
    dialog = tab.visits.dialog()
    picker = open_dialog(qtbot, dialog)
    type_text(qtbot, picker, "张建国")
    qtbot.waitUntil(lambda: picker.offered() == ["张建国（第一网格党支部）"])
    dialog.form.set_values({"visitor": "张建国", "household": "7号楼"})
    dialog.save()
    assert dialog.result(), dialog.error.text()
    assert services.grid_visits.get(dialog.result_row.id).member_id is None
