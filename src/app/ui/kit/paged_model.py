"""A table model over any row source: the ordered ids of a search plus a paged row cache.

The model knows a *source* with ``search_ids(query) -> list[int]`` and ``rows(ids) -> list[row]``
and a tuple of column descriptions; it does not know which record type it shows. The search,
filters and sort order run in the source (SQL); only the pages of rows the view paints are read,
so a county-sized book of 100,000 records opens as quickly as a small one. A source that also
has ``count(query)`` and ``ids_window(query, offset, limit)`` has a long search's ids read a
window at a time as well (id_windows.py): a million ledger entries open as quickly as a year's.

A query is a frozen dataclass with ``sort`` (a sort key the source understands) and
``descending`` fields; clicking a header replaces those two and searches again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.ui.kit.id_windows import WINDOW, IdWindows

Index = QModelIndex | QPersistentModelIndex
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
MAX_PAGES = 50  # about 10,000 rows kept; older pages are read again when scrolled back to
READ_CHUNK = 1000  # rows read at a time for copying or exporting a selection


class HasId(Protocol):
    @property
    def id(self) -> int: ...


Q = TypeVar("Q")
R = TypeVar("R", bound=HasId)
Q_contra = TypeVar("Q_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)


class RowSource(Protocol[Q_contra, R_co]):
    def search_ids(self, query: Q_contra) -> list[int]: ...

    def rows(self, ids: Sequence[int]) -> Sequence[R_co]: ...


@dataclass(frozen=True)
class CellContext:
    """What a cell's text may depend on besides its row.

    ``reveal``: full ID and phone numbers are shown (the tab decides, by role and choice);
    ``today``: for ages and terms, fixed for one search so a row does not change while shown;
    ``org_label`` / ``org_path``: organisation id -> a name that tells same-named ones apart,
    and the full path from the top (for the tooltip)."""

    reveal: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    org_label: Mapping[int, str] = field(default_factory=dict)
    org_path: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str
    label: str
    sort: str | None  # the query's sort key for this column; None: not sortable
    sample: str  # a typical long value: the column's starting width
    text: Callable[[R, CellContext], str]
    foreground: Callable[[R], str | None] | None = None  # a colour (#rrggbb), over the row's
    tooltip: Callable[[R, CellContext], str | None] | None = None  # default: the text itself


def attribute(key: str) -> Callable[[Any, CellContext], str]:
    """A cell that shows the row's attribute ``key`` as text (empty for None)."""

    def text(row: Any, _ctx: CellContext) -> str:
        value = getattr(row, key)
        return "" if value is None else str(value)

    return text


def _with_sort(query: Any, sort: str, descending: bool) -> Any:
    return dataclasses.replace(query, sort=sort, descending=descending)


class PagedTableModel(QAbstractTableModel, Generic[Q, R]):
    """Rows of ``source.search_ids(query)``; set_query(), reload() or sort() search again."""

    def __init__(self, source: RowSource[Q, R], columns: Sequence[Column[R]], query: Q, parent: QObject | None = None, *,
                 row_foreground: Callable[[R], str | None] | None = None,
                 with_sort: Callable[[Q, str, bool], Q] = _with_sort,
                 page_size: int = PAGE, max_pages: int = MAX_PAGES, window: int = WINDOW) -> None:
        super().__init__(parent)
        self.source = source
        self.columns: tuple[Column[R], ...] = tuple(columns)
        self.query = query
        self.context = CellContext()
        self.row_foreground = row_foreground
        self._with_sort = with_sort
        self._page_size = page_size
        self._max_pages = max_pages
        self._window = window
        self._ids = IdWindows.whole([])
        self._pages: OrderedDict[int, dict[int, R]] = OrderedDict()
        self._brushes: dict[str, QBrush] = {}

    # ---- querying ------------------------------------------------------------------------
    def set_query(self, query: Q) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Searches again (after a change, or a new filter) and forgets the cached rows."""
        ids = IdWindows.search(self.source, self.query, self._window, hints=self._ids.recent_windows())
        self.beginResetModel()
        self._set_ids(ids)
        self.context = dataclasses.replace(self.context, today=dt.date.today())
        self.endResetModel()

    def set_context(self, **changes: Any) -> None:
        """Changes what the cells show (e.g. reveal=True) without searching again."""
        new = dataclasses.replace(self.context, **changes)
        if new == self.context:
            return
        self.context = new
        if len(self._ids):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def column_of_sort(self, sort: str) -> int:
        """The column sorted by ``sort`` (-1 when none is)."""
        return next((i for i, c in enumerate(self.columns) if c.sort == sort), -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            return
        key = self.columns[column].sort
        assert key is not None
        descending = order == Qt.SortOrder.DescendingOrder
        q: Any = self.query
        if getattr(q, "sort", None) == key and getattr(q, "descending", None) == descending:
            return
        self.query = self._with_sort(self.query, key, descending)
        ids = IdWindows.search(self.source, self.query, self._window)
        if len(ids) != len(self._ids):  # the records changed meanwhile: start afresh
            self.beginResetModel()
            self._set_ids(ids)
            self.endResetModel()
            return
        # The same rows in a new order: selections and the current row stay on their records.
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self.id_at(i.row()), i.column()) for i in old]
        self._set_ids(ids)
        self.changePersistentIndexList(
            old, [self.index(self.row_number(rid), col) if rid is not None else QModelIndex() for rid, col in kept])
        self.layoutChanged.emit()

    def _set_ids(self, ids: IdWindows) -> None:
        self._ids = ids
        self._pages.clear()

    # ---- rows ----------------------------------------------------------------------------
    def ids(self) -> list[int]:
        """Every id of the search, in order (a long search is read whole for this)."""
        return self._ids.to_list()

    def id_at(self, row: int) -> int | None:
        return self._ids.get(row)

    def ids_at(self, rows: Sequence[int]) -> list[int]:
        """The ids on these rows, in this order (a selection of many rows reads them at once)."""
        return self._ids.take(rows)

    def row_number(self, record_id: int) -> int:
        """The table row of the record (-1 when the search does not include it). In a long
        search, only the windows read are looked through, and those around the rows used last
        before the search ran again: the record being worked on is found, any other may not be."""
        return self._ids.find(record_id)

    def windows_read(self) -> int:
        return self._ids.windows_read()

    def row_at(self, row: int) -> R | None:
        record_id = self.id_at(row)
        if record_id is None:
            return None
        page = row // self._page_size
        cached = self._pages.get(page)
        if cached is None:
            chunk = self._ids.slice(page * self._page_size, (page + 1) * self._page_size)
            cached = {r.id: r for r in self.source.rows(chunk)}
            self._pages[page] = cached
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(record_id)

    def records(self, rows: Sequence[int]) -> Iterator[R]:
        """The records on these table rows, in that order, read in chunks (for copying or
        exporting a selection; the page cache is left as it is)."""
        ids = self._ids.take(rows)
        for start in range(0, len(ids), READ_CHUNK):
            yield from self.source.rows(ids[start:start + READ_CHUNK])

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def cell_text(self, record: R, column: int) -> str:
        return self.columns[column].text(record, self.context)

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return str(section + 1) if 0 <= section < len(self._ids) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        if role == RECORD_ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole):
            return None
        record = self.row_at(index.row())
        if record is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.foreground(record) if column.foreground else None
            if colour is None and self.row_foreground is not None:
                colour = self.row_foreground(record)
            return self._brush(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record, self.context) or None
        text = column.text(record, self.context)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        return text

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(QColor(colour))
        return brush

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
