"""A page of records over the kit's paged table: a toolbar of commands, a search line that searches as one
types, filters, the count, and the record table; and running a service call with its refusal shown.
The 共建 and 经费 tabs are built of these pages."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.ui.kit.errors import show_error
from app.ui.kit.paged_model import PagedTableModel
from app.ui.kit.record_table import RecordTable

SEARCH_PAUSE_MS = 300


def combo(name: str, items: Sequence[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for label, value in items:
        box.addItem(label, value)
    return box


class Page(QWidget):
    """``model`` and its table; subclasses add filters (``filter_widgets``) and build the query
    in ``query()``; ``scope`` is the organisation chosen on the left."""

    measure = "条"

    def __init__(self, model: PagedTableModel[Any, Any], name: str, config: dict[str, Any] | None,
                 placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.scope: int | None = None
        self.editable = True  # the user's role may write
        # The table starts with its header showing column 0 sorted: let that be no search (rows
        # are read when the tab is shown), then show the order the page's query really has.
        initial = model.query
        if model.columns[0].sort:
            model.query = dataclasses.replace(initial, sort=model.columns[0].sort, descending=False)
        self.table = RecordTable(model, name, config)
        model.query = initial
        first = model.column_of_sort(getattr(initial, "sort", ""))
        if first >= 0:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(first, Qt.SortOrder.DescendingOrder if getattr(initial, "descending", False)
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
        self.search = QLineEdit()
        self.search.setObjectName(name + "Search")
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.toolbar = QToolBar()  # more commands than room: the rest behind its » button
        self.toolbar.setObjectName(name + "Tools")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.actions_: dict[str, QAction] = {}
        # Kept here, not as Qt properties of the actions: reading a bool property back through
        # PySide loses a reference to Python's True/False each time (the interpreter aborts later).
        self._needs_row: dict[str, bool] = {}
        self._edits: dict[str, bool] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.table.doubleClicked.connect(lambda _i: self.activated())
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self.update_actions())

    def add_filter(self, widget: QWidget) -> None:
        self.filters.addWidget(widget)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self.apply())

    def add_action(self, key: str, text: str, slot: Callable[[], Any], *, needs_row: bool = False,
                   edits: bool = True, tip: str = "") -> QAction:
        """A command on the toolbar and (when it works on a row) in the right-click menu; one that
        ``edits`` is off for a role that may only read."""
        action = QAction(text, self)
        action.setObjectName(key)
        action.setToolTip(tip or text)
        self._needs_row[key] = needs_row
        self._edits[key] = edits
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        self.actions_[key] = action
        return action

    def finish_buttons(self) -> None:
        menu: list[QAction | None] = [a for k, a in self.actions_.items() if self._needs_row[k]]
        self.table.set_menu_actions([*menu, None, self.table.copy_action])
        self.update_actions()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.update_actions()

    def update_actions(self) -> None:
        chosen = self.table.current_id() is not None or bool(self.table.selected_ids())
        for key, action in self.actions_.items():
            allowed = self.editable or not self._edits[key]
            action.setEnabled(allowed and (chosen or not self._needs_row[key]))

    def current(self) -> Any:
        record_id = self.table.current_id()
        if record_id is None:
            ids = self.table.selected_ids()
            record_id = ids[0] if ids else None
        if record_id is None:
            return None
        row = self.model.row_number(record_id)
        return self.model.row_at(row) if row >= 0 else None

    # ---- searching -----------------------------------------------------------------------
    def query(self) -> Any:
        raise NotImplementedError

    def apply(self) -> None:
        self._timer.stop()
        try:
            self.model.set_query(self.query())
        except AppError as exc:
            show_error(self, exc)
            return
        self.count_label.setText(f"共 {self.model.rowCount()} {self.measure}")
        self.update_actions()

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        self.apply()

    def activated(self) -> None:
        """A double click: the page's main command on the row."""

    def attempt(self, call: Callable[[], Any]) -> Any:
        """Runs a service call; an expected refusal is shown in a plain sentence (None returned)."""
        try:
            return call()
        except AppError as exc:
            show_error(self, exc)
            return None
