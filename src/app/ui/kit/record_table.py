"""A table of records that behaves like the spreadsheets clerks know.

Several rows are chosen with Shift/Ctrl and Ctrl+A; Ctrl+C copies them with their headers as
tab-separated text (with an HTML copy in which every cell is text, so an 18-digit ID number
pasted into WPS or Excel keeps its digits); a right-click menu offers the tab's commands for the
chosen rows. Column widths are kept per table in the app config, in units of the font's
character width, so they survive a change of 字号. Rows have one fixed height.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from app.ui.kit.paged_model import PagedTableModel

WIDTHS_KEY = "column_widths"  # config: {table name: {column key: width in characters}}
Flag = QItemSelectionModel.SelectionFlag


def row_height(view: QAbstractItemView) -> int:
    return view.fontMetrics().height() + 10


def char_width(view: QWidget) -> int:
    return max(view.fontMetrics().horizontalAdvance("中"), 1)


def _cell(text: str) -> str:
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def clipboard_data(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QMimeData:
    """Tab-separated text for any program, and an HTML table for WPS and Excel in which every
    cell is text (no number, date or formula is made of it)."""
    lines = ["\t".join(_cell(h) for h in headers)] + ["\t".join(_cell(c) for c in r) for r in rows]
    data = QMimeData()
    data.setText("\r\n".join(lines) + "\r\n")
    cell = "<td style=\"mso-number-format:'\\@'\">{}</td>"
    body = "".join("<tr>" + "".join(cell.format(html.escape(c)) for c in r) + "</tr>" for r in rows)
    head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>"
    data.setHtml(f"<html><head><meta charset=\"utf-8\"></head><body><table>{head}{body}</table></body></html>")
    return data


class RecordTable(QTableView):
    """The view of a PagedTableModel. ``name`` keys the column widths in ``config`` (the app
    config dict the main window saves; None keeps them only while the table lives)."""

    def __init__(self, model: PagedTableModel[Any, Any], name: str, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.config = config
        self._menu_actions: Sequence[QAction | None] = ()
        self._kept: tuple[list[int], int | None, int] = ([], None, 0)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        self._em = char_width(self)
        self._fit_rows()
        self.restore_widths()
        header.sectionResized.connect(self._width_changed)

        self.copy_action = QAction("复制", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.setToolTip("复制所选行（含表头），可粘贴到 WPS 或 Excel（Ctrl+C）")
        self.copy_action.triggered.connect(self.copy_selection)
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.modelReset.connect(self._restore_selection)

    def model(self) -> PagedTableModel[Any, Any]:
        m = super().model()
        assert isinstance(m, PagedTableModel)
        return m

    # ---- selection -----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        """The chosen table rows, top to bottom."""
        return sorted(i.row() for i in self.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        """The chosen records' ids, in table order."""
        return self.model().ids_at(self.selected_rows())

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.model().id_at(index.row()) if index.isValid() else None

    def select_ids(self, ids: Sequence[int], current: int | None = None, column: int = 0) -> None:
        """Chooses these records (those the search shows), ``current`` the row with the focus."""
        model = self.model()
        rows = sorted(r for r in (model.row_number(i) for i in ids) if r >= 0)
        selection = QItemSelection()
        last = model.columnCount() - 1
        start = prev = None
        for r in [*rows, None]:
            if r is not None and prev is not None and r == prev + 1:
                prev = r
                continue
            if start is not None and prev is not None:
                selection.select(model.index(start, 0), model.index(prev, last))
            start = prev = r
        sm = self.selectionModel()
        sm.select(selection, Flag.ClearAndSelect)
        row = model.row_number(current) if current is not None else -1
        if row >= 0:
            sm.setCurrentIndex(model.index(row, column), Flag.NoUpdate)
            self.scrollTo(model.index(row, column))

    def select_row(self, row: int) -> None:
        model = self.model()
        index = model.index(row, 0) if 0 <= row < model.rowCount() else QModelIndex()
        self.selectionModel().setCurrentIndex(index, Flag.ClearAndSelect | Flag.Rows)
        if index.isValid():
            self.scrollTo(index)

    def _keep_selection(self) -> None:
        current = self.currentIndex()
        self._kept = (self.selected_ids(), self.current_id(), current.column() if current.isValid() else 0)

    def _restore_selection(self) -> None:
        ids, current, column = self._kept
        self._kept = ([], None, 0)
        if ids or current is not None:
            self.select_ids(ids, current, column)

    # ---- copying -------------------------------------------------------------------------
    def visible_columns(self) -> list[int]:
        header = self.horizontalHeader()
        columns = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in columns if not header.isSectionHidden(c)]

    def selection_texts(self) -> tuple[list[str], list[list[str]]]:
        """The headers and the cell texts of the chosen rows, as the table shows them."""
        model = self.model()
        columns = self.visible_columns()
        headers = [model.columns[c].label for c in columns]
        rows = [[model.cell_text(record, c) for c in columns] for record in model.records(self.selected_rows())]
        return headers, rows

    def copy_selection(self) -> int:
        """Puts the chosen rows on the clipboard; the number of rows copied."""
        headers, rows = self.selection_texts()
        if not rows:
            return 0
        QGuiApplication.clipboard().setMimeData(clipboard_data(headers, rows))
        return len(rows)

    # ---- the right-click menu ------------------------------------------------------------
    def set_menu_actions(self, actions: Sequence[QAction | None]) -> None:
        """The tab's commands for the menu, in order; None is a separator. Include
        ``copy_action`` where 复制 belongs."""
        self._menu_actions = tuple(actions)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The menu for a right click at ``pos`` (viewport coordinates); a click on a row that is
        not chosen chooses that row alone, as in a spreadsheet."""
        index = self.indexAt(pos)
        if index.isValid() and not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.selectionModel().setCurrentIndex(index, Flag.ClearAndSelect | Flag.Rows)
        menu = QMenu(self)
        for action in self._menu_actions or (self.copy_action,):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.copy_action.setEnabled(self.selectionModel().hasSelection())
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ---- sizes ---------------------------------------------------------------------------
    def _fit_rows(self) -> None:
        vh = self.verticalHeader()
        vh.setDefaultSectionSize(row_height(self))
        vh.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 8)

    def _saved(self) -> dict[str, float]:
        if self.config is None:
            return {}
        tables = self.config.get(WIDTHS_KEY)
        saved = tables.get(self.objectName()) if isinstance(tables, dict) else None
        return saved if isinstance(saved, dict) else {}

    def restore_widths(self) -> None:
        """Each column as the user left it, or as wide as its sample text."""
        model, header, metrics = self.model(), self.horizontalHeader(), self.fontMetrics()
        saved = self._saved()
        header.blockSignals(True)
        for col, c in enumerate(model.columns):
            chars = saved.get(c.key)
            if isinstance(chars, int | float) and 1 <= chars <= 200:
                width = round(chars * self._em)
            else:
                width = max(metrics.horizontalAdvance(c.sample), metrics.horizontalAdvance(c.label)) + 2 * self._em
            header.resizeSection(col, width)
        header.blockSignals(False)

    def _width_changed(self, col: int, _old: int, new: int) -> None:
        header = self.horizontalHeader()
        if self.config is None or (header.stretchLastSection() and header.visualIndex(col) == header.count() - 1):
            return
        tables = self.config.get(WIDTHS_KEY)
        if not isinstance(tables, dict):
            tables = self.config[WIDTHS_KEY] = {}
        widths = tables.get(self.objectName())
        if not isinstance(widths, dict):
            widths = tables[self.objectName()] = {}
        widths[self.model().columns[col].key] = round(new / self._em, 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._rescale()

    def _rescale(self) -> None:
        """A new 字号: rows and columns grow with the letters."""
        old, self._em = self._em, char_width(self)
        self._fit_rows()
        if old == self._em:
            return
        header = self.horizontalHeader()
        header.blockSignals(True)
        for col in range(header.count()):
            header.resizeSection(col, round(header.sectionSize(col) * self._em / old))
        header.blockSignals(False)


class _RowHeightFollower(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self.view.verticalHeader().setDefaultSectionSize(row_height(self.view))
        return False


def fixed_rows(view: QTableView) -> None:
    """One row height for a plain table, from its font (and again when the font changes)."""
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height(view))
    view.installEventFilter(_RowHeightFollower(view))
