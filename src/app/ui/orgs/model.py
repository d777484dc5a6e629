"""The organisation tree as a Qt item model, with drag-and-drop moves."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.orgs.rules import COMMITTEE_TYPES
from app.services.orgs.service import OrgRow
from app.ui.kit.colours import GREY, RED

MIME = "application/x-dangjian-org-id"
ORG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("组织名称", "类型", "书记", "届期")

Index = QModelIndex | QPersistentModelIndex
MoveHandler = Callable[[int, int | None, int | None], None]
RenameHandler = Callable[[int, str], bool]


class OrgTreeModel(QAbstractItemModel):
    """Holds the rows given by OrgService.list(); the tab reloads it after each change."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: dict[int, OrgRow] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._position: dict[int, int] = {}
        self.move_handler: MoveHandler | None = None
        self.rename_handler: RenameHandler | None = None
        self.show_term = True

    # ---- loading -------------------------------------------------------------------------
    def load(self, rows: Sequence[OrgRow], include_closed: bool = True) -> None:
        self.beginResetModel()
        visible = {r.id: r for r in rows if include_closed or not r.is_closed}
        children: dict[int | None, list[int]] = {None: []}
        for r in rows:  # rows arrive in sort order
            if r.id not in visible:
                continue
            parent = r.parent_id if r.parent_id in visible else None
            if r.parent_id is not None and r.parent_id not in visible and not include_closed:
                continue  # under a hidden closed organisation
            children.setdefault(parent, []).append(r.id)
        self._rows = visible
        self._children = children
        self._position = {cid: i for ids in children.values() for i, cid in enumerate(ids)}
        self.endResetModel()

    def row_of(self, index: Index) -> OrgRow | None:
        if not index.isValid():
            return None
        return self._rows.get(int(index.internalId()))

    def index_of(self, org_id: int | None) -> QModelIndex:
        if org_id is None or org_id not in self._position:
            return QModelIndex()
        return self.createIndex(self._position[org_id], 0, org_id)

    def ids(self) -> list[int]:
        return list(self._position)

    # ---- structure -----------------------------------------------------------------------
    def _id(self, index: Index) -> int | None:
        return int(index.internalId()) if index.isValid() else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        kids = self._children.get(self._id(parent), [])
        if 0 <= row < len(kids):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        row = self._rows.get(int(index.internalId()))
        if row is None or row.parent_id is None or row.parent_id not in self._position:
            return QModelIndex()
        return self.createIndex(self._position[row.parent_id], 0, row.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._id(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    # ---- display -------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_of(index)
        if row is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                if role == Qt.ItemDataRole.EditRole:
                    return row.name
                return row.name + ("（已撤销）" if row.is_closed else "")
            if col == 1:
                return row.org_type.value
            if col == 2:
                return row.secretary
            if col == 3:
                term = row.term()
                if term.expired:
                    return f"已届满{-(term.days_left or 0)}天"
                return term.label or (f"至{row.term_end.isoformat()}" if row.term_end else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.name, row.org_type.value]
            if row.is_closed:
                parts.append(f"已于{row.closed_on}撤销：{row.closed_reason}")
            elif row.term().label:
                parts.append(row.term().label)
            return "\n".join(parts)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.is_closed:
                return QBrush(QColor(GREY))
            if col == 3 and row.term().expired:
                return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.FontRole and col == 0 and row.org_type in COMMITTEE_TYPES:
            font = QFont()
            font.setBold(True)
            return font
        if role == ORG_ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        row = self.row_of(index)
        base |= Qt.ItemFlag.ItemIsDragEnabled
        if row is not None and not row.is_closed:
            base |= Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == 0 and self.rename_handler is not None:
                base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming in place (F2) goes to the service; the model reloads on its change notice."""
        row = self.row_of(index)
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() != 0 or self.rename_handler is None:
            return False
        text = str(value)
        if text == row.name:
            return False
        return self.rename_handler(row.id, text)

    # ---- drag and drop -------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({int(i.internalId()) for i in indexes if i.isValid()})
        data.setData(MIME, QByteArray(",".join(map(str, ids[:1])).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(MIME) or action != Qt.DropAction.MoveAction:
            return False
        target = self.row_of(parent)
        return target is None or not target.is_closed

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.move_handler is None:
            return False
        raw = bytes(data.data(MIME).data()).decode()
        if not raw:
            return False
        org_id = int(raw.split(",")[0])
        new_parent = self._id(parent)
        kids = self._children.get(new_parent, [])
        before = kids[row] if 0 <= row < len(kids) else None
        if before == org_id:
            return False
        self.move_handler(org_id, new_parent, before)
        # The view must not remove the dragged rows itself: the reload after the change does it.
        return False

