"""The 组织 tab: the organisation tree with its details, and the commands that change it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.domain.kit.errors import AppError
from app.domain.kit.text import cn_date
from app.services.access.auth import can
from app.services.orgs.service import OrgRow, OrgService
from app.ui.kit.changes import ChangeBus
from app.ui.kit.errors import show_error
from app.ui.orgs.dialogs import CloseDialog, MoveDialog, OrgDialog
from app.ui.orgs.model import OrgTreeModel


class OrgTab(QWidget):
    title = "组织"

    def __init__(self, orgs: OrgService, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orgs = orgs
        self.bus = bus
        self.model = OrgTreeModel(self)
        self.model.move_handler = self.move_org
        self.model.rename_handler = self.rename_org

        self.tree = QTreeView()
        self.tree.setObjectName("orgTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(lambda _i: self.edit_org())
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 110), (2, 80), (3, 150)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)

        self.show_closed = QCheckBox("显示已撤销的组织")
        self.show_closed.setChecked(True)
        self.show_closed.toggled.connect(lambda _c: self.reload())
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("查找组织名称…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)

        self.actions_: dict[str, QAction] = {}
        toolbar = QToolBar()
        for key, text, shortcut, slot in (
            ("add_child", "新增下级", QKeySequence(Qt.Key.Key_Insert), self.add_child),
            ("add_root", "新增顶级组织", None, self.add_root),
            ("edit", "修改", QKeySequence(Qt.Key.Key_Return), self.edit_org),
            ("rename", "重命名", QKeySequence(Qt.Key.Key_F2), self.start_rename),
            ("move", "移动到…", QKeySequence("Ctrl+M"), self.move_dialog),
            ("close", "撤销", QKeySequence(Qt.Key.Key_Delete), self.close_org),
            ("reopen", "恢复", None, self.reopen_org),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.actions_[key] = action
            self.addAction(action)  # the keys work wherever the focus is in this tab
            if key != "rename":
                toolbar.addAction(action)

        top = QHBoxLayout()
        top.addWidget(toolbar, 1)
        top.addWidget(self.find_box)
        top.addWidget(self.show_closed)

        self.details = QWidget()
        self.detail_form = QFormLayout(self.details)
        self.detail_labels: dict[str, QLabel] = {}
        for label in ("组织全称", "简称", "组织类型", "上级组织", "书记", "联系电话", "成立日期",
                      "本届换届", "届满日期", "届期提醒", "覆盖范围", "备注", "状态"):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[label] = value
            self.detail_form.addRow(label + "：", value)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self._show_details())
        bus.changed.connect(self._on_changed)
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.tree.setFocus()  # the keyboard starts in the tree, as the shortcuts expect

    # ---- state ---------------------------------------------------------------------------
    def current(self) -> OrgRow | None:
        return self.model.row_of(self.tree.currentIndex())

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        expanded = {oid for oid in self.model.ids() if self.tree.isExpanded(self.model.index_of(oid))}
        first_load = not self.model.ids()
        self.model.load(self.orgs.list(), include_closed=self.show_closed.isChecked())
        if first_load:
            self.tree.expandToDepth(1)
        else:
            for oid in expanded:
                self.tree.setExpanded(self.model.index_of(oid), True)
        self.select(keep)

    def select(self, org_id: int | None) -> None:
        index = self.model.index_of(org_id)
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0, 0)
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        self._show_details()

    def _on_changed(self, changes: Changes) -> None:
        if Change.ORGS in changes:
            self.reload()

    def _show_details(self) -> None:
        row = self.current()
        values: dict[str, str] = dict.fromkeys(self.detail_labels, "")
        if row is not None:
            parent_name = ""
            if row.parent_id is not None:
                parent_index = self.model.index_of(row.parent_id)
                parent_row = self.model.row_of(parent_index)
                parent_name = parent_row.name if parent_row else ""
            term = row.term()
            values.update({
                "组织全称": row.name, "简称": row.short_name, "组织类型": row.org_type.value,
                "上级组织": parent_name, "书记": row.secretary, "联系电话": row.phone,
                "成立日期": cn_date(row.established), "本届换届": cn_date(row.term_start),
                "届满日期": cn_date(row.term_end), "届期提醒": term.label,
                "覆盖范围": row.coverage, "备注": row.remarks,
                "状态": f"已于{cn_date(row.closed_on)}撤销（{row.closed_reason}）" if row.is_closed else "正常",
            })
            self.detail_labels["届期提醒"].setStyleSheet("color: #b00020;" if term.expired else "")
        for key, label in self.detail_labels.items():
            label.setText(values[key])
        closed = row is not None and row.is_closed
        editable = can(self.orgs.actor, Permission.MANAGE_ORGS)
        for key in ("add_child", "edit", "rename", "move", "close"):
            self.actions_[key].setEnabled(editable and row is not None and not closed)
        self.actions_["reopen"].setEnabled(editable and closed)
        self.actions_["add_root"].setEnabled(editable)
        self.model.rename_handler = self.rename_org if editable else None
        self.model.move_handler = self.move_org if editable else None

    # ---- commands ------------------------------------------------------------------------
    def _run(self, call) -> bool:
        try:
            call()
        except AppError as exc:
            show_error(self, exc)
            return False
        return True

    def add_child(self) -> None:
        parent_row = self.current()
        if parent_row is None:
            self.add_root()
            return
        dialog = OrgDialog(self.orgs, parent_row=parent_row, parent=self)
        if dialog.exec() and dialog.result_row:
            self.select(dialog.result_row.id)

    def add_root(self) -> None:
        dialog = OrgDialog(self.orgs, parent_row=None, parent=self)
        if dialog.exec() and dialog.result_row:
            self.select(dialog.result_row.id)

    def edit_org(self) -> None:
        row = self.current()
        if row is None or row.is_closed or not self.actions_["edit"].isEnabled():
            return
        dialog = OrgDialog(self.orgs, row=row, parent=self)
        dialog.exec()

    def start_rename(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.edit(index.siblingAtColumn(0))

    def rename_org(self, org_id: int, name: str) -> bool:
        return self._run(lambda: self.orgs.rename(org_id, name))

    def move_org(self, org_id: int, new_parent_id: int | None, before_id: int | None) -> None:
        if self._run(lambda: self.orgs.move(org_id, new_parent_id, before_id)):
            self.select(org_id)

    def move_dialog(self) -> None:
        row = self.current()
        if row is None:
            return
        if MoveDialog(self.orgs, row, self).exec():
            self.select(row.id)

    def close_org(self) -> None:
        row = self.current()
        if row is None or row.is_closed:
            return
        CloseDialog(self.orgs, row, self).exec()

    def reopen_org(self) -> None:
        row = self.current()
        if row is None or not row.is_closed:
            return
        answer = QMessageBox.question(self, "恢复组织", f"恢复“{row.name}”？恢复后它重新计入统计。")
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.orgs.reopen(row.id))

    def find_next(self) -> None:
        text = self.find_box.text().strip()
        if not text:
            return
        ids = self.model.ids()
        current = self.current()
        start = ids.index(current.id) + 1 if current and current.id in ids else 0
        rows = {i: self.model.row_of(self.model.index_of(i)) for i in ids}
        for oid in ids[start:] + ids[:start]:
            r = rows[oid]
            if r and (text in r.name or text in r.short_name):
                self.select(oid)
                return
        QMessageBox.information(self, "查找", f"没有找到名称含“{text}”的组织。")

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for key in ("add_child", "edit", "rename", "move", "close", "reopen"):
            menu.addAction(self.actions_[key])
        menu.exec(self.tree.viewport().mapToGlobal(pos))
