"""The roster as a Qt table model: an ordered id list from SQL plus a paged row cache.

The search, filters and sort order run in SQL (MemberService.search_ids); only the pages of
rows the view actually paints are read (MemberService.rows), so a county-sized roster of
100,000 members opens as quickly as a small one.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.members.fields import FIELDS_BY_KEY, display_value
from app.domain.members.rules import ON_RECORD
from app.services.members.service import MemberQuery, MemberRow, MemberService

Index = QModelIndex | QPersistentModelIndex
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
MAX_PAGES = 50  # about 10,000 rows kept; older pages are read again when scrolled back to


@dataclass(frozen=True)
class Column:
    key: str  # MemberRow attribute, or "age"
    label: str
    sort: str  # the MemberQuery sort key
    sample: str  # a typical long value: the column's starting width


def _field_column(key: str, sample: str) -> Column:
    return Column(key, FIELDS_BY_KEY[key].label, key, sample)


COLUMNS: tuple[Column, ...] = (
    _field_column("name", "欧阳秀英"),
    _field_column("sex", "性别"),
    Column("age", "年龄", "age", "年龄"),
    _field_column("category", "进城务工党员"),
    _field_column("member_type", "预备党员"),
    _field_column("org_id", "第一网格党支部"),
    _field_column("work_unit", "青山县人民医院"),
    _field_column("phone", "138****5678"),
    _field_column("id_number", "110***********0021"),
    Column("status", "状态", "status", "在册·流动"),
)
COLUMN_OF_SORT = {c.sort: i for i, c in enumerate(COLUMNS)}


def status_text(row: MemberRow) -> str:
    """在册 plus what a clerk watches for (停止党籍, 流动, 失联); or 已转出 etc. with the date."""
    if row.status != ON_RECORD:
        return row.status
    marks = [m for m, on in (("停止党籍", row.party_status == "停止党籍"), ("流动", row.mobile),
                             ("失联", row.lost_contact)) if on]
    return ON_RECORD + ("·" + "·".join(marks) if marks else "")


def cell_text(row: MemberRow, key: str, reveal: bool, today: dt.date | None = None) -> str:
    if key == "age":
        years = row.age(today)
        return "" if years is None else str(years)
    if key == "org_id":
        return row.org_name
    if key == "status":
        return status_text(row)
    return display_value(key, getattr(row, key), reveal=reveal)


class MemberTableModel(QAbstractTableModel):
    """Rows of ``members.search_ids(query)``; set_query() or sort() runs a new query."""

    def __init__(self, members: MemberService, parent=None) -> None:
        super().__init__(parent)
        self.members = members
        self.query = MemberQuery()
        self.reveal = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, MemberRow]] = OrderedDict()
        self._today = dt.date.today()

    # ---- querying ------------------------------------------------------------------------
    def set_query(self, query: MemberQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Runs the query again (after a change, or a new filter) and forgets cached rows."""
        ids = self.members.search_ids(self.query)
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._today = dt.date.today()
        self.endResetModel()

    def set_reveal(self, reveal: bool) -> None:
        if reveal == self.reveal:
            return
        self.reveal = reveal
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort == COLUMNS[column].sort and self.query.descending == descending:
            return
        self.query = replace(self.query, sort=COLUMNS[column].sort, descending=descending)
        ids = self.members.search_ids(self.query)
        if len(ids) != len(self._ids):  # the roster changed meanwhile: start afresh
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self.id_at(i.row()), i.column()) for i in old]
        self._ids = ids
        self._pages.clear()
        rows = {member_id: r for r, member_id in enumerate(self._ids)}
        self.changePersistentIndexList(
            old, [self.index(rows[mid], col) if mid in rows else QModelIndex() for mid, col in kept])
        self.layoutChanged.emit()

    # ---- rows ----------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_number(self, member_id: int) -> int:
        try:
            return self._ids.index(member_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> MemberRow | None:
        member_id = self.id_at(row)
        if member_id is None:
            return None
        page = row // PAGE
        cached = self._pages.get(page)
        if cached is None:
            chunk = self._ids[page * PAGE:(page + 1) * PAGE]
            cached = {r.id: r for r in self.members.rows(chunk)}
            self._pages[page] = cached
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(member_id)

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].label if 0 <= section < len(COLUMNS) else None
        return str(section + 1) if 0 <= section < len(self._ids) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.column() < len(COLUMNS):
            return None
        if role == MEMBER_ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status != ON_RECORD:
                return QBrush(QColor("#8a8a8a"))
            if key == "status" and (row.lost_contact or row.party_status == "停止党籍"):
                return QBrush(QColor("#b00020"))
            return None
        text = cell_text(row, key, self.reveal, self._today)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "status" and row.left_on:
                return f"{row.status}（{row.left_on.isoformat()}）"
            return text or None
        return text

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
