"""收支科目: the sources of funds and the tree of expense categories, as the office keeps them.
A category is added under the one chosen (or at the top), renamed, or removed when nothing uses
it — a category that entries, budgets or lower categories use is refused with the reason; a
source is added (sources are never removed: entries name them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.services.container import Services
from app.ui.kit.widgets import ErrorLine, dialog_buttons


def _button(name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(lambda _c=False: slot())
    return b


class CatalogDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("收支科目")
        self.services = services
        self.changed = False
        self.setMinimumWidth(56 * self.fontMetrics().horizontalAdvance("中"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("categoryTree")
        self.tree.setHeaderLabels(["支出类别"])
        self.category_name = QLineEdit()
        self.category_name.setObjectName("categoryName")
        self.category_name.setPlaceholderText("类别名称，最多30个字")
        self.sources = QListWidget()
        self.sources.setObjectName("sourceList")
        self.source_name = QLineEdit()
        self.source_name.setObjectName("sourceName")
        self.source_name.setPlaceholderText("新的经费来源名称")
        self.error = ErrorLine()
        cat_buttons = QHBoxLayout()
        for b in (_button("addChild", "新增下级类别", lambda: self.add_category(under=True)),
                  _button("addTop", "新增一级类别", lambda: self.add_category(under=False)),
                  _button("renameCategory", "改名", self.rename),
                  _button("removeCategory", "删除", self.remove)):
            cat_buttons.addWidget(b)
        grid = QGridLayout()
        grid.addWidget(QLabel("支出类别（选中一个类别，再新增其下级、改名或删除）"), 0, 0)
        grid.addWidget(QLabel("经费来源"), 0, 1)
        grid.addWidget(self.tree, 1, 0)
        grid.addWidget(self.sources, 1, 1)
        grid.addWidget(self.category_name, 2, 0)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_name, 1)
        source_row.addWidget(_button("addSource", "新增来源", self.add_source))
        grid.addLayout(source_row, 2, 1)
        grid.addLayout(cat_buttons, 3, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, "关闭", self.accept)
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout.addWidget(buttons)
        self.tree.currentItemChanged.connect(lambda item, _old: self._picked(item))
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for c in self.services.fund_catalog.categories():
            parent = items.get(c.parent_id) if c.parent_id is not None else None
            item = QTreeWidgetItem([c.name])
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[c.id] = item
        self.tree.expandAll()
        if keep in items:
            self.tree.setCurrentItem(items[keep])
        self.sources.clear()
        for s in self.services.fund_catalog.sources():
            self.sources.addItem(s.name + ("" if s.standard else "（本社区添加）"))

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.category_name.setText(item.text(0))

    def chosen(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def _do(self, call: Callable[[], Any]) -> Any:
        try:
            result = call()
        except AppError as exc:
            self.error.show_message(exc.message)
            return None
        self.error.show_message("")
        self.changed = True
        return result if result is not None else True

    def add_category(self, *, under: bool) -> None:
        parent = self.chosen() if under else None
        if under and parent is None:
            self.error.show_message("请先在左边选中上级类别")
            return
        row = self._do(lambda: self.services.fund_catalog.add_category(self.category_name.text(), parent))
        if row:
            self.refresh(keep=row.id)

    def rename(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.error.show_message("请先选中要改名的类别")
            return
        if self._do(lambda: self.services.fund_catalog.rename_category(chosen, self.category_name.text())):
            self.refresh(keep=chosen)

    def remove(self) -> None:
        chosen = self.chosen()
        item = self.tree.currentItem()
        if chosen is None or item is None:
            self.error.show_message("请先选中要删除的类别")
            return
        answer = QMessageBox.question(self, "删除支出类别", f"删除支出类别“{item.text(0)}”？")
        if answer == QMessageBox.StandardButton.Yes and self._do(
                lambda: self.services.fund_catalog.delete_category(chosen)):
            self.refresh()

    def add_source(self) -> None:
        if self._do(lambda: self.services.fund_catalog.add_source(self.source_name.text())):
            self.source_name.clear()
            self.refresh(keep=self.chosen())
