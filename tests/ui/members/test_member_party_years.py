"""The roster shows 党龄 (from the full-membership date, not from joining), sorts by it and
filters 党龄50年以上 (光荣在党50年); the new fields 党内职务, 入党介绍人, 籍贯 are in the form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.domain.members import rules as member_rules
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.ui.kit.changes import ChangeBus
from app.ui.members.model import COLUMNS
from app.ui.members.tab import MemberTab
from tests.services.members.helpers import build_tree, member

COL = {c.key: i for i, c in enumerate(COLUMNS)}
TODAY = dt.date.today()


def _years_ago(years: int, days: int = 0) -> dt.date:
    return member_rules.full_on_or_before(years, TODAY) - dt.timedelta(days=days)


@pytest.fixture
def tab(qtbot, services: Services) -> MemberTab:
    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    m = services.members
    # joined 51 years ago but full member a day short of 50 years: 49 years of 党龄
    m.create(member(tree.branch_a, "钱老", born=dt.date(1940, 1, 1), joined_on=_years_ago(51),
                    full_on=_years_ago(50, -1), party_post="党员"))
    m.create(member(tree.branch_a, "孙老", born=dt.date(1941, 1, 1), joined_on=_years_ago(51),
                    full_on=_years_ago(50), party_post="书记", introducers="王建国、李秀英", native_place="山东青岛"))
    m.create(member(tree.branch_b, "周青", born=dt.date(1990, 1, 1), joined_on=_years_ago(6), full_on=_years_ago(5)))
    m.create(member(tree.branch_b, "吴新", born=dt.date(1998, 1, 1), member_type="预备党员", full_on=None,
                    joined_on=TODAY - dt.timedelta(days=30)))
    widget = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def _column(tab: MemberTab, key: str) -> list[str]:
    return [tab.model.data(tab.model.index(r, COL[key])) for r in range(tab.model.rowCount())]


def test_party_years_count_from_full_membership_and_sort(tab: MemberTab) -> None:
    assert tab.model.headerData(COL["party_years"], Qt.Orientation.Horizontal) == "党龄"
    tab.table.sortByColumn(COL["party_years"], Qt.SortOrder.DescendingOrder)
    # longest first; a 预备党员 has no 党龄 yet and sorts as an empty age does (kept in index order)
    assert _column(tab, "name") == ["吴新", "孙老", "钱老", "周青"]
    assert _column(tab, "party_years") == ["", "50", "49", "5"]
    assert _column(tab, "party_post")[1:3] == ["书记", "党员"]
    tab.table.sortByColumn(COL["party_years"], Qt.SortOrder.AscendingOrder)
    assert _column(tab, "party_years") == ["5", "49", "50", ""]


def test_the_fifty_years_filter(tab: MemberTab) -> None:
    box = tab.filters.party_years
    box.setCurrentIndex(box.findText("党龄50年以上"))
    tab.apply_filters()
    assert _column(tab, "name") == ["孙老"] and tab.count_label.text() == "共 1 人"


def test_the_filter_is_one_indexed_range_in_sql(services: Services, tab: MemberTab) -> None:
    from app.services.members import query as mq

    q = MemberQuery(party_years_min=50)
    assert mq.index_for(q) == "INDEXED BY ix_members_by_full_on"
    assert services.members.count(q) == 1
    assert services.members.count(MemberQuery(party_years_min=5)) == 3


def test_the_form_edits_the_new_fields(qtbot, tab: MemberTab, services: Services) -> None:
    from app.ui.members.dialog import MemberDialog

    row = services.members.rows(services.members.search_ids(MemberQuery(text="孙老")))[0]
    assert (row.party_post, row.introducers, row.native_place) == ("书记", "王建国、李秀英", "山东青岛")
    dialog = MemberDialog(services.members, services.orgs, row=row)
    qtbot.addWidget(dialog)
    assert dialog.widgets["native_place"].text() == "山东青岛"
    dialog.set_field("party_post", "组织委员")
    dialog.widgets["native_place"].clear()
    dialog.widgets["native_place"].insert("河北保定")
    dialog.save()
    saved = services.members.get(row.id)
    assert (saved.party_post, saved.native_place, saved.introducers) == ("组织委员", "河北保定", "王建国、李秀英")


def test_the_age_band_setting_switches_the_filter_and_the_figures(qtbot, tab: MemberTab, services: Services) -> None:
    box = tab.filters.age_band
    assert [box.itemText(i) for i in range(1, box.count())] == list(member_rules.AGE_BANDS)
    services.settings.set(member_rules.AGE_BANDS_SETTING, "党内统计")
    assert [box.itemText(i) for i in range(1, box.count())] == list(member_rules.STAT_AGE_BANDS)
    box.setCurrentIndex(box.findText("31至35岁"))
    tab.apply_filters()
    assert _column(tab, "name") == []  # 周青 is 36 or so, 吴新 28 or so
    box.setCurrentIndex(box.findText("61岁及以上"))
    tab.apply_filters()
    assert sorted(_column(tab, "name")) == ["孙老", "钱老"]
    assert tab.stats.figures["年龄段"]["61岁及以上"] == 2
    stats = services.members.stats(None)
    assert stats.by_age_band["60岁及以上"] == 2 and sum(stats.by_stat_age_band.values()) == 4
