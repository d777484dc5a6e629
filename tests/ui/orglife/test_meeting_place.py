"""A meeting's 地点 in the 三会一课 form: a drop-down of the sites in use where the branch may
meet (its community's, not another community's, not a closed one), picked with the mouse and
saved on the meeting; any other place may still be typed, and an edit shows the stored one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.services.container import Services
from app.services.sites.rows import SiteInput
from app.ui.kit.changes import ChangeBus
from app.ui.orglife.tab import OrglifeTab
from tests.services.orglife.helpers import TODAY, Roster, roster
from tests.ui.kit.keys import type_text

CENTRE = "和平社区党群服务中心"


@pytest.fixture
def data(services: Services) -> Roster:
    r = roster(services)
    t = r.tree
    services.sites.create(SiteInput(CENTRE, "党群服务中心", t.community))
    services.sites.create(SiteInput("和平社区老年活动室", "活动场所", t.community))
    services.sites.create(SiteInput("东湖社区党群服务中心", "党群服务中心", t.other_community))
    services.sites.create(SiteInput("旧活动室", "活动场所", t.community, opened_on=dt.date(2015, 1, 1),
                                    closed_on=dt.date(2020, 1, 1)))
    return r


@pytest.fixture
def tab(qtbot, services: Services, data: Roster) -> OrglifeTab:
    widget = OrglifeTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.scope.select(data.tree.branch_a)
    assert widget.meetings.scope == data.tree.branch_a
    return widget


def place_box(dialog) -> QComboBox:  # type: ignore[no-untyped-def]
    box = dialog.form.widgets["place"]
    assert isinstance(box, QComboBox) and box.isEditable()
    return box


def test_the_place_offers_the_branchs_sites_and_saves_the_one_picked(qtbot, tab: OrglifeTab, services: Services,
                                                                     data: Roster, tmp_path: Path) -> None:
    dialog = tab.meetings.dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = place_box(dialog)
    assert [box.itemText(i) for i in range(box.count())] == ["", CENTRE, "和平社区老年活动室"]
    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    index = box.model().index(1, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert box.currentText() == CENTRE
    dialog.form.set_value("topic", "学习党章")
    dialog.grab().save(str(tmp_path / "meeting-form.png"))
    dialog.save()
    assert dialog.result(), dialog.error.text()
    assert services.orglife.get(dialog.result_row.id).place == CENTRE


def test_any_other_place_may_be_typed_and_an_edit_shows_it(qtbot, tab: OrglifeTab, services: Services,
                                                           data: Roster) -> None:
    page = tab.meetings
    dialog = page.dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    box = place_box(dialog)
    box.setFocus()
    type_text(qtbot, box.lineEdit(), "居委会二楼会议室")
    dialog.form.set_value("held_on", TODAY - dt.timedelta(days=2))
    dialog.save()
    assert dialog.result(), dialog.error.text()
    row = services.orglife.get(dialog.result_row.id)
    assert row.place == "居委会二楼会议室"
    edit = page.dialog(row)
    qtbot.addWidget(edit)
    box = place_box(edit)
    assert box.currentText() == "居委会二楼会议室" and box.findText(CENTRE) > 0  # shown as typed, sites offered
    box.setCurrentIndex(box.findText(CENTRE))
    edit.save()
    assert services.orglife.get(row.id).place == CENTRE
