"""The 双向评议 score grid: a row per unit, a column per criterion, then the total, rank and grade
the service computed from the saved sheets, and remarks. Scores are typed into the cells and
kept as typed until saved; the page checks every typed row before any is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.cobuild.appraisal import Criterion
from app.services.cobuild.appraisal import ScoredRow
from app.ui.kit.colours import GREEN, ORANGE, RED

Index = QModelIndex | QPersistentModelIndex
FIXED_AFTER = ("总分", "名次", "等次", "备注")
GRADE_COLOURS = {"好": GREEN, "较好": "#1565c0", "一般": ORANGE, "差": RED}
EDITED = "#fff8d8"  # a cell typed in and not yet saved


def score_text(value: Any) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value is not None else ""


@dataclass
class GridRow:
    unit_id: int
    name: str
    typed: dict[str, str] = field(default_factory=dict)  # criterion (or 备注) -> text as typed
    saved: ScoredRow | None = None

    def text(self, key: str) -> str:
        if key in self.typed:
            return self.typed[key]
        if self.saved is None:
            return ""
        if key == "备注":
            return self.saved.remarks
        return score_text(self.saved.scores.get(key))

    def edited(self) -> bool:
        return any(v != self.text_saved(k) for k, v in self.typed.items())

    def text_saved(self, key: str) -> str:
        if self.saved is None:
            return ""
        return self.saved.remarks if key == "备注" else score_text(self.saved.scores.get(key))


class ScoreGridModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.criteria: tuple[Criterion, ...] = ()
        self.rows: list[GridRow] = []
        self.editable = False
        self._brushes: dict[str, QBrush] = {}

    def set_rows(self, criteria: Sequence[Criterion], units: Sequence[tuple[int, str]],
                 saved: Sequence[ScoredRow]) -> None:
        """The units with a saved sheet, best first (as the printed table), then the other units
        in ``units`` by name."""
        by_unit: Mapping[int, ScoredRow] = {r.unit_id: r for r in saved}
        self.beginResetModel()
        self.criteria = tuple(criteria)
        self.rows = [GridRow(r.unit_id, r.name, saved=r) for r in saved]  # best first, as printed
        self.rows += [GridRow(unit_id, name) for unit_id, name in units if unit_id not in by_unit]
        self.endResetModel()

    def keys(self) -> list[str]:
        return ["单位", *(c.name for c in self.criteria), *FIXED_AFTER]

    def edited_rows(self) -> list[GridRow]:
        return [r for r in self.rows if r.edited()]

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.name == name), -1)

    def column_of(self, key: str) -> int:
        keys = self.keys()
        return keys.index(key) if key in keys else -1

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            keys = self.keys()
            if not 0 <= section < len(keys):
                return None
            weight = next((c.weight for c in self.criteria if c.name == keys[section]), None)
            return f"{keys[section]}（权重{score_text(weight)}）" if weight is not None else keys[section]
        return str(section + 1) if 0 <= section < len(self.rows) else None

    def _editable_key(self, key: str) -> bool:
        return key == "备注" or any(c.name == key for c in self.criteria)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or \
                not 0 <= index.column() < len(self.keys()):
            return None
        row, key = self.rows[index.row()], self.keys()[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, key)
            return (text or None) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.ForegroundRole and key == "等次" and row.saved is not None:
            return self._brush(GRADE_COLOURS.get(row.saved.grade, "#000000"))
        if role == Qt.ItemDataRole.BackgroundRole and key in row.typed and row.typed[key] != row.text_saved(key):
            return self._brush(EDITED)
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in ("单位", "备注"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(row: GridRow, key: str) -> str:
        if key == "单位":
            return row.name
        if key in ("总分", "名次", "等次"):
            if row.saved is None:
                return ""
            return {"总分": f"{row.saved.total:.2f}", "名次": str(row.saved.rank), "等次": row.saved.grade}[key]
        return row.text(key)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        key = self.keys()[index.column()]
        if not self._editable_key(key):
            return False
        self.rows[index.row()].typed[key] = "" if value is None else str(value).strip()
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.editable and 0 <= index.column() < len(self.keys()) and self._editable_key(self.keys()[index.column()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(QColor(colour))
        return brush
