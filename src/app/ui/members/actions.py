"""The 党员 tab's commands: the toolbar, the table's right-click menu, and who may use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from app.domain.access.permissions import Permission
from app.services.access.auth import can

if TYPE_CHECKING:
    from app.ui.members.tab import MemberTab

NO_PERMISSION = "当前用户的角色没有这项权限"
# Commands greyed out unless the role allows them (current row or selection aside).
PERMISSIONS: dict[str, Permission] = {
    "add": Permission.EDIT_RECORDS, "import": Permission.IMPORT_DATA,
    "export": Permission.EXPORT_PERSONAL_DATA, "sensitive": Permission.SHOW_SENSITIVE,
    "roster_print": Permission.PRINT_REPORTS, "signin": Permission.PRINT_REPORTS,
    "edit": Permission.EDIT_RECORDS, "menu_edit": Permission.EDIT_RECORDS,
    "export_selected": Permission.EXPORT_PERSONAL_DATA, "print_selected": Permission.PRINT_REPORTS,
}
NEEDS_CURRENT = ("edit", "detail", "menu_edit", "menu_detail")
NEEDS_SELECTION = ("export_selected", "print_selected")


def _action(tab: MemberTab, text: str, slot: Callable[[], object], shortcut: QKeySequence | None = None,
            tip: str | None = None) -> QAction:
    action = QAction(text, tab)
    if shortcut is not None:
        action.setShortcut(shortcut)
        tip = tip or f"{text}（{shortcut.toString(QKeySequence.SequenceFormat.NativeText)}）"
    if tip:
        action.setToolTip(tip)
        action.setData(tip)  # the tooltip to give back when the role allows the command again
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_toolbar(tab: MemberTab) -> QToolBar:
    """The tab's toolbar; fills ``tab.actions_``."""
    toolbar = QToolBar()
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for key, text, shortcut, slot, tip in (
        ("add", "新增党员", QKeySequence(Qt.Key.Key_Insert), tab.add_member, None),
        ("edit", "修改", None, tab.edit_member, "修改所选党员的信息（Enter 或双击）"),
        ("detail", "详情与变动", QKeySequence("Ctrl+D"), tab.show_detail, None),
        (None, None, None, None, None),
        ("import", "导入Excel…", None, tab.import_excel, None),
        ("export", "导出…", QKeySequence("Ctrl+E"), tab.export, "导出表中列出的全部党员（Ctrl+E）"),
        ("template", "保存导入模板…", None, tab.save_template, None),
        (None, None, None, None, None),
        ("roster_print", "打印花名册…", None, tab.print_roster, None),
        ("signin", "打印签到表…", None, tab.print_signin, None),
        (None, None, None, None, None),
    ):
        if key is None or text is None or slot is None:
            toolbar.addSeparator()
            continue
        action = _action(tab, text, slot, shortcut, tip)
        tab.addAction(action)
        toolbar.addAction(action)
        tab.actions_[key] = action
    sensitive = QAction("显示完整身份证号和电话", tab)
    sensitive.setCheckable(True)
    sensitive.toggled.connect(tab._set_sensitive)
    toolbar.addAction(sensitive)
    tab.actions_["sensitive"] = sensitive
    find = QAction("查找", tab)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(tab.focus_search)
    tab.addAction(find)
    return toolbar


def build_table_commands(tab: MemberTab) -> None:
    """Enter and double-click open the member; the right-click menu acts on the chosen rows."""
    table = tab.table
    table.doubleClicked.connect(lambda _i: tab.edit_member())
    enter = QAction("修改", table)
    enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    enter.triggered.connect(tab.edit_member)
    table.addAction(enter)
    menu = {
        "menu_edit": _action(tab, "修改", tab.edit_member),
        "menu_detail": _action(tab, "详情", tab.show_detail),
        "export_selected": _action(tab, "导出所选…", tab.export_selected, tip="把所选的党员导出到 Excel 或 CSV 文件"),
        "print_selected": _action(tab, "打印所选…", tab.print_selected, tip="把所选的党员打印成花名册"),
    }
    tab.actions_.update(menu)
    table.set_menu_actions([menu["menu_edit"], menu["menu_detail"], None, table.copy_action, None,
                            menu["export_selected"], menu["print_selected"]])


def update_actions(tab: MemberTab) -> None:
    """Greys out what the role does not allow, and what needs a member chosen when none is."""
    actor = tab.members.actor
    has_current = tab.table.currentIndex().isValid()
    has_selection = tab.table.selectionModel().hasSelection()
    for key, action in tab.actions_.items():
        allowed = key not in PERMISSIONS or can(actor, PERMISSIONS[key])
        action.setToolTip(action.data() or action.text() if allowed else NO_PERMISSION)
        usable = allowed
        if key in NEEDS_CURRENT:
            usable = usable and has_current
        if key in NEEDS_SELECTION:
            usable = usable and has_selection
        action.setEnabled(usable)
    sensitive = tab.actions_["sensitive"]
    if not can(actor, Permission.SHOW_SENSITIVE) and sensitive.isChecked():
        sensitive.setChecked(False)
