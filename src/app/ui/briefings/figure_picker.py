"""插入数字: a searchable list of the figures a template may quote, each with its value for the
chosen organisation and period, so the clerk sees what will be printed before choosing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.pinyin import name_keys
from app.reports.briefings import figures

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class FigurePicker(QDialog):
    """Type to narrow the list (a word of the name, its group or meaning, or pinyin initials
    such as dyzs for 党员总数); Enter or double-click inserts the figure."""

    def __init__(self, value_of: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("插入数字")
        self.setObjectName("figurePicker")
        self.value_of = value_of
        self.search = QLineEdit()
        self.search.setObjectName("figureSearch")
        self.search.setPlaceholderText("查找：如 党员、换届、较上期，或拼音首字母 dyzs")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("figureList")
        self.note = QLabel("右边是所选党组织和时间段的当前值；灰色的表示台账中暂时取不到。")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._fill()
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.resize(520, 560)

    def _fill(self) -> None:
        self._keys: list[str] = []
        for f in figures.catalogue(derived=True):
            value = self.value_of(f.name)
            shown = value if value is not None else "（暂无）"
            item = QListWidgetItem(f"{f.name}　＝　{shown}　　〔{f.group or '其他'}〕")
            item.setData(NAME_ROLE, f.name)
            item.setToolTip(f.help or f.name)
            if value is None:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
            self._keys.append(" ".join((f.name, f.group, f.help, name_keys(f.name)[1])).lower())
        if self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for i, key in enumerate(self._keys):
            hidden = not all(w in key for w in words)
            self.list.item(i).setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(NAME_ROLE)

    def visible_names(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count()) if not self.list.item(i).isHidden()]


def pick_figure(value_of: Callable[[str], str | None], parent: QWidget | None = None) -> str | None:
    dialog = FigurePicker(value_of, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
