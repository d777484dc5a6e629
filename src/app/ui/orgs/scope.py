"""The organisation tree on the left of a record tab: the chosen organisation and everything
below it is the scope of the table on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from app.services.access.settings import SettingsService
from app.services.orgs.service import OrgRow, OrgService
from app.ui.orgs.model import OrgTreeModel


class OrgScope(QWidget):
    """Open organisations as a tree; opens on the office's own organisation."""

    changed = Signal()  # the user chose another organisation

    def __init__(self, orgs: OrgService, settings: SettingsService, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orgs = orgs
        self.settings = settings
        self.model = OrgTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName(name)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col in range(1, self.model.columnCount()):
            self.tree.hideColumn(col)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("党组织（含下级）"))
        layout.addWidget(self.tree)
        self.reload(first=True)
        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self.changed.emit())

    def current(self) -> OrgRow | None:
        return self.model.row_of(self.tree.currentIndex())

    def scope_id(self) -> int | None:
        row = self.current()
        return row.id if row else None

    def scope_name(self) -> str:
        row = self.current()
        return row.name if row else ""

    def reload(self, first: bool = False) -> None:
        """Reads the tree again, keeping the chosen organisation (the office's at first)."""
        keep = None if first else self.scope_id()
        if keep is None:
            office = self.settings.get("office_org_id")
            keep = int(office) if office is not None else None
        self.model.load(self.orgs.list(include_closed=False), include_closed=False)
        self.tree.expandToDepth(1)
        self.select(keep, notify=False)

    def select(self, org_id: int | None, notify: bool = True) -> None:
        """Chooses the organisation (the first one when it is not in the tree)."""
        index = self.model.index_of(org_id)
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0, 0)
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        selection = self.tree.selectionModel()
        selection.blockSignals(not notify)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.tree.viewport().update()
        self.tree.scrollTo(index)
