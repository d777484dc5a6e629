import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.orgs.service import OrgInput
from app.ui.kit.changes import ChangeBus
from app.ui.orgs.dialogs import CloseDialog, MoveDialog, OrgDialog
from app.ui.orgs.model import MIME, OrgTreeModel
from app.ui.orgs.tab import OrgTab


@pytest.fixture
def tab(qtbot, services: Services) -> OrgTab:
    street = init_office(services, "城关街道党工委", "街道党工委")
    community = services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY, street.id))
    services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, community.id))
    services.orgs.create(OrgInput("幸福里社区党委", OrgType.COMMUNITY, street.id,
                                  term_start=dt.date(2019, 3, 1), term_end=dt.date(2024, 3, 1)))
    widget = OrgTab(services.orgs, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _id(services: Services, name: str) -> int:
    return next(r.id for r in services.orgs.list() if r.name == name)


def _names_under(tab: OrgTab, parent_name: str) -> list[str]:
    model = tab.model
    parent = next(model.index_of(i) for i in model.ids() if model.row_of(model.index_of(i)).name == parent_name)
    return [model.row_of(model.index(r, 0, parent)).name for r in range(model.rowCount(parent))]


def test_model_passes_qt_model_tester(qtmodeltester, demo_services: Services) -> None:
    model = OrgTreeModel()
    model.load(demo_services.orgs.list())
    qtmodeltester.check(model, force_py=True)


def test_tree_shows_the_hierarchy_and_the_expired_term(tab: OrgTab) -> None:
    assert _names_under(tab, "城关街道党工委") == ["和平社区党委", "幸福里社区党委"]
    model = tab.model
    idx = next(model.index_of(i) for i in model.ids() if model.row_of(model.index_of(i)).name == "幸福里社区党委")
    assert model.data(idx.siblingAtColumn(3)).startswith("已届满")
    tab.select(int(idx.internalId()))
    assert "应及时换届" in tab.detail_labels["届期提醒"].text()


def test_add_a_branch_through_the_dialog(qtbot, tab: OrgTab, services: Services) -> None:
    tab.select(_id(services, "和平社区党委"))
    dialog = OrgDialog(services.orgs, parent_row=tab.current(), parent=tab)
    qtbot.addWidget(dialog)
    assert dialog.org_type.currentData() == OrgType.GRID_BRANCH  # the usual next level is offered
    dialog.name.insert("第二网格党支部")  # Chinese arrives through the input method, not key codes
    dialog.secretary.insert("王建国")
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.term_start.setFocus()
    qtbot.keyClicks(dialog.term_start, "2025.4.1")
    qtbot.keyClick(dialog.term_start, Qt.Key.Key_Tab)
    assert dialog.term_start.text() == "2025.4.1"  # as typed
    assert dialog.term_end.value() == dt.date(2028, 4, 1)  # 3-year branch term suggested
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "第二网格党支部" in _names_under(tab, "和平社区党委")  # the tab refreshed on the change notice


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [("", OrgType.GRID_BRANCH, "组织全称不能为空"),
     ("第一网格党支部", OrgType.GRID_BRANCH, "已有名为“第一网格党支部”"),
     ("城南街道党工委", OrgType.STREET, "街道党工委不能设在社区党委之下")],
)
def test_invalid_edits_are_refused_in_the_dialog(qtbot, tab: OrgTab, services: Services, name, kind, message) -> None:
    before = services.orgs.list()
    parent_row = services.orgs.get(_id(services, "和平社区党委"))
    dialog = OrgDialog(services.orgs, parent_row=parent_row, parent=tab)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    i = dialog.org_type.findData(kind)
    if i < 0:  # a type above the parent is not even offered; the service refuses it too
        dialog.org_type.addItem(kind.value, kind)
        i = dialog.org_type.count() - 1
    dialog.org_type.setCurrentIndex(i)
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert message in dialog.error.text() and not dialog.error.isHidden()
    assert services.orgs.list() == before


def test_rename_in_place(tab: OrgTab, services: Services, shown_messages) -> None:
    idx = tab.model.index_of(_id(services, "第一网格党支部"))
    assert tab.model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert tab.model.setData(idx, "第一网格（滨河）党支部")
    assert services.orgs.get(_id(services, "第一网格（滨河）党支部"))
    assert "第一网格（滨河）党支部" in _names_under(tab, "和平社区党委")
    # an empty name is refused with a message and nothing changes
    idx = tab.model.index_of(_id(services, "第一网格（滨河）党支部"))
    assert not tab.model.setData(idx, "  ")
    assert shown_messages and "不能为空" in shown_messages[-1]


def _drop(tab: OrgTab, org_id: int, target: QModelIndex, row: int = -1) -> None:
    data = QMimeData()
    data.setData(MIME, str(org_id).encode())
    tab.model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, target)


def test_drag_and_drop_moves_and_refuses_loops(tab: OrgTab, services: Services, shown_messages) -> None:
    grid = _id(services, "第一网格党支部")
    _drop(tab, grid, tab.model.index_of(_id(services, "幸福里社区党委")))
    assert services.orgs.get(grid).parent_id == _id(services, "幸福里社区党委")
    assert _names_under(tab, "幸福里社区党委") == ["第一网格党支部"]
    # dropping a committee into its own branch is refused with a message
    community = _id(services, "幸福里社区党委")
    _drop(tab, community, tab.model.index_of(grid))
    assert services.orgs.get(community).parent_id == _id(services, "城关街道党工委")
    assert "自己或它的下级" in shown_messages[-1]
    # a branch cannot be placed above a committee
    _drop(tab, _id(services, "和平社区党委"), QModelIndex())
    assert "已有名为" not in shown_messages[-1]


def test_move_command_dialog(qtbot, tab: OrgTab, services: Services) -> None:
    grid = services.orgs.get(_id(services, "第一网格党支部"))
    dialog = MoveDialog(services.orgs, grid, tab)
    qtbot.addWidget(dialog)
    dialog.tree.setCurrentIndex(dialog.model.index_of(_id(services, "幸福里社区党委")))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.orgs.get(grid.id).parent_id == _id(services, "幸福里社区党委")
    # choosing its own child as the new parent of a committee is refused in the dialog
    community = services.orgs.get(_id(services, "幸福里社区党委"))
    dialog = MoveDialog(services.orgs, community, tab)
    qtbot.addWidget(dialog)
    dialog.tree.setCurrentIndex(dialog.model.index_of(grid.id))
    dialog.save()
    assert "自己或它的下级" in dialog.error.text()


def test_close_greys_the_org_and_it_can_be_hidden_and_reopened(qtbot, tab: OrgTab, services: Services, shown_messages) -> None:
    grid = services.orgs.get(_id(services, "第一网格党支部"))
    dialog = CloseDialog(services.orgs, grid, tab)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "请填写撤销原因" in dialog.error.text()
    dialog.reason.setText("网格调整")
    dialog.save()
    assert services.orgs.get(grid.id).is_closed
    idx = tab.model.index_of(grid.id)
    assert tab.model.data(idx).endswith("（已撤销）")
    assert tab.model.data(idx, Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8a8a"
    tab.show_closed.setChecked(False)
    assert grid.id not in tab.model.ids()
    tab.show_closed.setChecked(True)
    tab.select(grid.id)
    assert tab.actions_["reopen"].isEnabled() and not tab.actions_["close"].isEnabled()
    tab.actions_["reopen"].trigger()
    assert not services.orgs.get(grid.id).is_closed


def test_closing_a_committee_with_open_branches_is_refused(qtbot, tab: OrgTab, services: Services) -> None:
    community = services.orgs.get(_id(services, "和平社区党委"))
    dialog = CloseDialog(services.orgs, community, tab)
    qtbot.addWidget(dialog)
    dialog.reason.setText("合并")
    dialog.save()
    assert "还有未撤销的组织" in dialog.error.text()
    assert not services.orgs.get(community.id).is_closed


def test_keyboard_shortcuts_exist(tab: OrgTab) -> None:
    assert tab.actions_["add_child"].shortcut().toString() == "Ins"
    assert tab.actions_["rename"].shortcut().toString() == "F2"
    assert tab.actions_["close"].shortcut().toString() == "Del"


def test_find_selects_the_next_match(tab: OrgTab, services: Services) -> None:
    tab.find_box.setText("幸福")
    tab.find_next()
    assert tab.current().name == "幸福里社区党委"


def test_insert_opens_the_new_branch_dialog_from_the_keyboard(qtbot, tab: OrgTab, services: Services, monkeypatch) -> None:
    opened: list[OrgDialog] = []
    monkeypatch.setattr(OrgDialog, "exec", lambda self: opened.append(self) or 0)
    tab.window().activateWindow()
    assert tab.tree.hasFocus() or tab.isAncestorOf(QApplication.focusWidget() or tab)
    tab.select(_id(services, "和平社区党委"))
    qtbot.keyClick(tab.tree, Qt.Key.Key_Insert)
    assert opened and opened[0].parent_row.name == "和平社区党委"
