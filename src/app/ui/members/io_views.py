"""The plain pieces of the roster's import preview: a read-only list model, its table view, and the
import's progress dialog with a 取消 button."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QProgressDialog, QTableView, QWidget

from app.ui.kit.record_table import fixed_rows

Index = QModelIndex | QPersistentModelIndex


class ListModel(QAbstractTableModel):
    """A small read-only table of texts (preview lists; built once, never edited)."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = [tuple("" if v is None else str(v) for v in r) for r in rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1) if 0 <= section < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not (0 <= index.row() < len(self.rows) and 0 <= index.column() < len(self.headers)):
            return None
        return self.rows[index.row()][index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class Progress:
    """A QProgressDialog with 取消, as the engine's progress(done, total) -> bool callback."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        self.dialog = QProgressDialog(text, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        QApplication.processEvents()

    def __call__(self, done: int, total: int) -> bool:
        if self.dialog.maximum() != max(total, 1):
            self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(f"{self.dialog.labelText().split('（')[0]}（{done}/{total}）")
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def list_table(model: ListModel, widths: Sequence[int]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    fixed_rows(view)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    em = view.fontMetrics().horizontalAdvance("中")
    for col, chars in enumerate(widths):
        header.resizeSection(col, chars * em + 16)
    header.setStretchLastSection(True)
    return view
