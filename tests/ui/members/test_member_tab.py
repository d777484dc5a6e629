import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from app.domain.kit.masking import mask_id, mask_phone
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.members.service import MemberQuery
from app.ui.kit.changes import ChangeBus
from app.ui.members.detail import EventDialog, MemberDetailDialog
from app.ui.members.model import COLUMNS, MemberTableModel
from app.ui.members.tab import MemberTab
from tests.services.members.helpers import build_tree, member

COL = {c.key: i for i, c in enumerate(COLUMNS)}


@pytest.fixture
def small(services: Services):
    """Five members in two communities, with names, pinyin, ID and phone to search for."""
    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    m = services.members
    people = {
        "张三丰": m.create(member(tree.branch_a, "张三丰", born=dt.date(1950, 3, 1), phone="13900001111",
                                  category="离退休党员")),
        "张小凡": m.create(member(tree.branch_b, "张小凡", born=dt.date(1995, 6, 1), sex="女",
                                  phone="13900002222")),
        "李四": m.create(member(tree.branch_a, "李四", born=dt.date(1980, 1, 1), phone="13700003333",
                                category="在职党员", work_unit="县医院")),
        "王五": m.create(member(tree.other_branch, "王五", born=dt.date(1970, 1, 1), sex="女",
                                phone="13600004444")),
        "赵六": m.create(member(tree.other_branch, "赵六", born=dt.date(1990, 1, 1), member_type="预备党员",
                                full_on=None, joined_on=dt.date(2025, 1, 1))),
    }
    return tree, people


def test_the_roster_is_read_when_the_tab_is_first_shown(qtbot, services: Services, small) -> None:
    widget = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0  # nothing read while the window opens on another tab
    widget.show()
    assert widget.model.rowCount() == 5 and widget.count_label.text() == "共 5 人"


@pytest.fixture
def tab(qtbot, services: Services, small) -> MemberTab:
    widget = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def names(tab: MemberTab) -> list[str]:
    return [tab.model.data(tab.model.index(r, COL["name"])) for r in range(tab.model.rowCount())]


def search(tab: MemberTab, text: str) -> None:
    tab.search.setText(text)
    tab.apply_filters()  # what the search-as-you-type timer does after the pause


def test_model_passes_qt_model_tester(qtmodeltester, demo_services: Services) -> None:
    model = MemberTableModel(demo_services.members)
    model.set_query(MemberQuery())
    assert model.rowCount() > 200  # more than one page
    qtmodeltester.check(model, force_py=True)


def test_rows_are_read_in_pages_not_all_at_once(demo_services: Services) -> None:
    model = MemberTableModel(demo_services.members)
    model.set_query(MemberQuery())
    assert model.cached_rows() == 0
    model.data(model.index(250, 0))
    assert 0 < model.cached_rows() <= 200  # only the page that row 250 is on


def test_opens_on_the_whole_office_in_name_order(tab: MemberTab) -> None:
    assert tab.count_label.text() == "共 5 人"
    assert names(tab) == ["李四", "王五", "张三丰", "张小凡", "赵六"]  # by pinyin
    assert tab.table.verticalHeader().sectionResizeMode(0).name == "Fixed"


def test_typing_searches_after_a_short_pause(qtbot, tab: MemberTab) -> None:
    tab.search.insert("张")
    assert tab.count_label.text() == "共 5 人"  # not on every keystroke
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 2 人")
    assert names(tab) == ["张三丰", "张小凡"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("三丰", ["张三丰"]),  # two Chinese characters
     ("zhangsan", ["张三丰"]),  # full pinyin
     ("zxf", ["张小凡"]),  # initials
     ("zhang", ["张三丰", "张小凡"]),
     ("0000333", ["李四"]),  # a phone fragment
     ("张 xiao", ["张小凡"])],  # several words all match
)
def test_search_narrows_the_table(tab: MemberTab, text: str, expected: list[str]) -> None:
    search(tab, text)
    assert names(tab) == expected
    assert tab.count_label.text() == f"共 {len(expected)} 人"


def test_search_by_id_number_fragment(tab: MemberTab, small) -> None:
    _tree, people = small
    number = people["王五"].id_number
    search(tab, number[-8:-1])
    assert names(tab) == ["王五"]


def test_filters(tab: MemberTab) -> None:
    tab.category.setCurrentIndex(tab.category.findData("离退休党员"))
    assert names(tab) == ["张三丰"]
    tab.category.setCurrentIndex(0)
    tab.member_type.setCurrentIndex(tab.member_type.findData("预备党员"))
    assert names(tab) == ["赵六"]
    tab.member_type.setCurrentIndex(0)
    tab.sex.setCurrentIndex(tab.sex.findData("女"))
    assert names(tab) == ["王五", "张小凡"]
    tab.sex.setCurrentIndex(0)
    tab.age_band.setCurrentIndex(tab.age_band.findData("60岁及以上"))
    assert names(tab) == ["张三丰"]
    assert tab.count_label.text() == "共 1 人"


def test_left_members_show_only_when_asked(tab: MemberTab, services: Services, small) -> None:
    _tree, people = small
    services.members.add_event(people["李四"].id, "转出", dt.date.today(), "外县某社区党支部")
    assert "李四" not in names(tab)  # the change notice refreshed the table
    tab.status.setCurrentIndex(tab.status.findText("含已离开"))
    assert "李四" in names(tab)
    row = names(tab).index("李四")
    assert tab.model.data(tab.model.index(row, COL["status"])) == "已转出"
    tab.status.setCurrentIndex(tab.status.findText("已转出"))
    assert names(tab) == ["李四"]


def test_header_click_sorts_by_that_column(qtbot, tab: MemberTab) -> None:
    header = tab.table.horizontalHeader()
    header_pos = header.sectionViewportPosition(COL["age"]) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header_pos, 5))
    assert tab.model.query.sort == "age"
    assert names(tab)[0] == "张小凡"  # the youngest first when ascending by age
    tab.table.sortByColumn(COL["age"], Qt.SortOrder.DescendingOrder)
    assert names(tab)[0] == "张三丰"  # born 1950
    tab.table.sortByColumn(COL["phone"], Qt.SortOrder.AscendingOrder)
    assert names(tab)[0] == "王五"  # 136…
    assert tab.count_label.text() == "共 5 人"


def test_choosing_an_organisation_sets_the_scope(tab: MemberTab, services: Services, small) -> None:
    tree, _people = small
    tab.select_org(tree.community)
    assert names(tab) == ["李四", "张三丰", "张小凡"]
    assert "在册 3 人" in tab.stats.headline.text()
    tab.select_org(tree.branch_a)
    assert names(tab) == ["李四", "张三丰"]
    tab.select_org(tree.other_community)
    assert names(tab) == ["王五", "赵六"]
    assert tab.stats.figures["人员类别"] == {"正式党员": 1, "预备党员": 1}


def test_numbers_are_masked_until_the_user_asks_and_the_role_allows(tab: MemberTab, services: Services, small) -> None:
    _tree, people = small
    search(tab, "李四")
    row = people["李四"]
    id_cell = tab.model.index(0, COL["id_number"])
    phone_cell = tab.model.index(0, COL["phone"])
    assert tab.model.data(id_cell) == mask_id(row.id_number)
    assert tab.model.data(phone_cell) == mask_phone(row.phone) == "137****3333"
    assert not tab.may_show_sensitive()
    tab.sensitive_action.trigger()
    assert tab.may_show_sensitive()
    assert tab.model.data(id_cell) == row.id_number
    assert tab.model.data(phone_cell) == "13700003333"
    tab.sensitive_action.trigger()
    assert tab.model.data(id_cell) == mask_id(row.id_number)


def test_a_read_only_role_sees_masked_numbers_and_cannot_edit(tab: MemberTab, services: Services, small) -> None:
    from app.services.kit.base import Actor

    _tree, people = small
    services.act_as(Actor("查看员", role="查看"))
    tab.apply_permissions()
    search(tab, "李四")
    tab.select_row(0)
    assert not tab.actions_["sensitive"].isEnabled()
    tab.sensitive_action.setChecked(True)  # even if the toggle were forced, nothing is revealed
    assert not tab.may_show_sensitive()
    assert tab.model.data(tab.model.index(0, COL["id_number"])) == mask_id(people["李四"].id_number)
    for key in ("add", "edit", "import", "export"):
        assert not tab.actions_[key].isEnabled(), key
    services.act_as(Actor("小王", role="党务工作者"))
    tab.apply_permissions()
    tab.select_row(0)
    assert tab.actions_["sensitive"].isEnabled() and tab.actions_["add"].isEnabled()
    assert tab.actions_["edit"].isEnabled()


def test_keyboard_ctrl_f_focuses_search_and_enter_reaches_the_table(qtbot, tab: MemberTab) -> None:
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.hasFocus()
    tab.search.insert("李")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert names(tab) == ["李四"]
    assert tab.table.hasFocus()
    assert tab.current_row().name == "李四"


def test_recording_an_event_changes_the_state(qtbot, tab: MemberTab, services: Services, small) -> None:
    _tree, people = small
    zhao = people["赵六"]
    detail = MemberDetailDialog(services.members, zhao.id, parent=tab)
    qtbot.addWidget(detail)
    assert detail.values["member_type"].text() == "预备党员"
    dialog = EventDialog(services.members, detail.row, detail)
    qtbot.addWidget(dialog)
    assert "转为正式党员" in [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert "恢复联系" not in [dialog.kind.itemText(i) for i in range(dialog.kind.count())]  # not lost
    dialog.kind.setCurrentText("转为正式党员")
    assert not dialog.other_org.isEnabled()
    day = dt.date.today() - dt.timedelta(days=1)
    dialog.set_date(day)
    dialog.save()
    assert dialog.result()
    detail.reload()
    assert detail.values["member_type"].text() == "正式党员"
    assert detail.values["full_on"].text() == day.isoformat()
    assert detail.history.topLevelItem(0).text(1) == "转为正式党员"
    tab.member_type.setCurrentIndex(tab.member_type.findData("预备党员"))
    assert names(tab) == []  # the tab followed


def test_transfer_out_needs_the_other_organisation(qtbot, tab: MemberTab, services: Services, small) -> None:
    _tree, people = small
    dialog = EventDialog(services.members, services.members.get(people["王五"].id), tab)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText("转出")
    assert dialog.other_org.isEnabled()
    assert dialog.other_label.text() == "转往单位 *"
    dialog.save()
    assert not dialog.result()
    assert "转往单位" in dialog.error.text()
    assert services.members.get(people["王五"].id).status == "在册"
    dialog.other_org.setText("外县某社区党支部")
    dialog.save()
    assert services.members.get(people["王五"].id).status == "已转出"


def test_builds_on_an_empty_database(qtbot, services: Services) -> None:
    init_office(services, "城关街道党工委", "街道党工委")
    widget = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    assert widget.count_label.text() == "共 0 人"
    assert not widget.actions_["edit"].isEnabled()
