"""The import preview's 列的识别 page: how each column of the file was understood, changeable.

One row per file column: its letter, its header, a few of its values, a drop-down with the field
it is read as (or 不导入) and why. Changing a drop-down emits ``changed`` with every choice the
user made (header -> field key, "" for 不导入); the dialog then previews the file again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.fields import Field

if TYPE_CHECKING:
    from app.io.kit.columns import ColumnPlan

SKIP_TEXT = "（不导入）"


class ColumnMapping(QWidget):
    changed = Signal(dict)

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.overrides: dict[str, str | None] = {}
        self.plan: list[ColumnPlan] = []
        note = QLabel("程序按列名和各列的内容判断每一列是什么。如有不对，请在“导入为”中改正，预览会随之更新。")
        note.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["列", "文件中的列名", "内容示例", "导入为", "说明"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        em = self.table.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((3, 10, 16, 10)):
            self.table.horizontalHeader().resizeSection(col, chars * em + 16)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)

    def set_plan(self, plan: Sequence[ColumnPlan], overrides: dict[str, str | None], *, reveal: bool = False) -> None:
        """``reveal``: show ID and phone numbers in the samples in full (else masked)."""
        masks = {f.key: f.mask for f in self.fields if f.mask is not None and not reveal}
        self.plan = list(plan)
        self.overrides = dict(overrides)
        self.table.setRowCount(len(self.plan))
        self.combos = []
        for row, p in enumerate(self.plan):
            mask = masks.get(p.key or "")
            sample = "、".join(mask(v) if mask else v for v in p.sample)
            for col, text in ((0, p.letter), (1, p.header or "（无列名）"), (2, sample), (4, p.how)):
                self.table.setItem(row, col, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem(SKIP_TEXT, "")
            for f in self.fields:
                combo.addItem(f.label, f.key)
            combo.setCurrentIndex(max(0, combo.findData(p.key or "")))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._chosen(r))
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)

    def choose(self, header_or_letter: str, key: str) -> None:
        """Picks the field of a column, as the user would (for tests and shortcuts)."""
        for row, p in enumerate(self.plan):
            if header_or_letter in (p.header, p.letter):
                self.combos[row].setCurrentIndex(self.combos[row].findData(key))
                return
        raise KeyError(header_or_letter)

    def _chosen(self, row: int) -> None:
        p = self.plan[row]
        self.overrides[p.header or p.letter] = self.combos[row].currentData() or ""
        self.changed.emit(dict(self.overrides))
