"""The 党员 tab: the roster of the organisation chosen on the left, searched and filtered.

Left: the organisation tree (its whole subtree is the scope) and the figures of that scope.
Right: the toolbar, search as you type (name, pinyin, initials, ID or phone fragment), filters,
the count, and the record table (several rows, Ctrl+C, right-click menu). The commands are in
app.ui.members.actions; the search line and filters in app.ui.members.filters.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.domain.members import rules as member_rules
from app.services.access.auth import can
from app.services.access.settings import SettingsService
from app.services.members.service import MemberQuery, MemberRow, MemberService
from app.services.orgs.service import OrgService
from app.services.safety.exports import ExportLogService
from app.ui.kit.changes import ChangeBus
from app.ui.kit.record_table import RecordTable
from app.ui.members import actions
from app.ui.members import io as member_io
from app.ui.members import printing as member_print
from app.ui.members.detail import MemberDetailDialog
from app.ui.members.dialog import MemberDialog
from app.ui.members.filters import MemberFilters
from app.ui.members.model import MemberTableModel
from app.ui.members.stats_panel import MemberStatsPanel
from app.ui.orgs.model import OrgTreeModel
from app.ui.orgs.names import org_display
from app.ui.orgs.scope import OrgScope


class MemberTab(QWidget):
    title = "党员"

    def __init__(self, members: MemberService, orgs: OrgService, settings: SettingsService, bus: ChangeBus,
                 parent: QWidget | None = None, *, exports: ExportLogService | None = None,
                 config: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.orgs = orgs
        self.settings = settings
        self.bus = bus
        self.io = member_io.IoServices.of(members, orgs, settings, exports)
        self._reveal = False
        self.actions_: dict[str, Any] = {}

        self.scope = OrgScope(orgs, settings, "memberOrgTree")
        self.stats = MemberStatsPanel(members)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.scope)
        left.addWidget(self.stats)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        self.filters = MemberFilters()
        self.model = MemberTableModel(members, self)
        self.table = RecordTable(self.model, "memberTable", config)
        toolbar = actions.build_toolbar(self)
        self.sensitive_action = self.actions_["sensitive"]
        actions.build_table_commands(self)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(toolbar)
        right_layout.addWidget(self.filters)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        splitter.setSizes([20 * em, 70 * em])  # the tree and figures get wider with the 字号
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setTabOrder(self.search, self.table)

        self._load_org_names()
        self.apply_permissions()
        self.scope.changed.connect(self._scope_changed)
        self.filters.changed.connect(self.apply_filters)
        self.filters.search_done.connect(self._search_done)
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_actions())
        self.table.selectionModel().currentChanged.connect(lambda _c, _p: self._update_actions())
        bus.changed.connect(self._on_changed)
        self._loaded = False  # the roster is read when the tab is first shown, not at start-up

    # ---- the parts, by the names the rest of the program uses ---------------------------
    @property
    def tree(self) -> QTreeView:
        return self.scope.tree

    @property
    def org_model(self) -> OrgTreeModel:
        return self.scope.model

    @property
    def search(self) -> QLineEdit:
        return self.filters.search

    @property
    def count_label(self) -> QLabel:
        return self.filters.count_label

    @property
    def category(self) -> QComboBox:
        return self.filters.category

    @property
    def member_type(self) -> QComboBox:
        return self.filters.member_type

    @property
    def status(self) -> QComboBox:
        return self.filters.status

    @property
    def age_band(self) -> QComboBox:
        return self.filters.age_band

    @property
    def sex(self) -> QComboBox:
        return self.filters.sex

    @property
    def other(self) -> QComboBox:
        return self.filters.other

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._use_age_bands()
            self.apply_filters()
            self.stats.show_org(self.scope_id(), self._scope_name())

    # ---- permissions ---------------------------------------------------------------------
    def may_show_sensitive(self) -> bool:
        """Whether full ID and phone numbers are shown and exported now (one place to decide):
        the user asked for them in this session and the role has the permission."""
        return self._reveal and can(self.members.actor, Permission.SHOW_SENSITIVE)

    def _set_sensitive(self, on: bool) -> None:
        self._reveal = on
        self.model.set_reveal(self.may_show_sensitive())

    def apply_permissions(self) -> None:
        """Commands the signed-in user's role does not allow are greyed out."""
        self._update_actions()

    def _update_actions(self) -> None:
        actions.update_actions(self)

    # ---- scope ---------------------------------------------------------------------------
    def scope_id(self) -> int | None:
        return self.scope.scope_id()

    def _scope_name(self) -> str:
        return self.scope.scope_name()

    def reload_orgs(self) -> None:
        self.scope.reload()
        self._load_org_names()

    def _load_org_names(self) -> None:
        labels, paths = org_display(self.orgs.paths())
        self.model.set_context(org_label=labels, org_path=paths)

    def select_org(self, org_id: int | None) -> None:
        self.scope.select(org_id)

    def _scope_changed(self) -> None:
        self.apply_filters()
        self.stats.show_org(self.scope_id(), self._scope_name())

    # ---- querying ------------------------------------------------------------------------
    def query(self) -> MemberQuery:
        return MemberQuery(org_id=self.scope_id(), sort=self.model.query.sort,
                           descending=self.model.query.descending, **self.filters.values())

    def apply_filters(self) -> None:
        """Searches with the scope, search text and filters; the chosen members stay chosen
        where they are still in the result (the table keeps them)."""
        self.filters.timer.stop()
        self.model.set_query(self.query())
        self._after_reload()

    def refresh(self) -> None:
        """The same query again, after the records changed."""
        self.model.set_reveal(self.may_show_sensitive())
        self.apply_filters()
        self.stats.refresh()

    def _after_reload(self) -> None:
        self.filters.show_count(self.model.rowCount())
        column = self.model.column_of_sort(self.model.query.sort)
        order = Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        if column >= 0 and (header.sortIndicatorSection() != column or header.sortIndicatorOrder() != order):
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
        self._update_actions()

    def _search_done(self) -> None:
        self.apply_filters()
        self._enter_table()

    def _enter_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.select_row(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.search.hasFocus() and event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return
        if self.search.hasFocus() and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self._enter_table()
            return
        super().keyPressEvent(event)

    # ---- the chosen members --------------------------------------------------------------
    def current_id(self) -> int | None:
        return self.table.current_id()

    def current_row(self) -> MemberRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_number(member_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def _use_age_bands(self) -> None:
        """The age bands the office chose (常用四段 or the 党内统计 report's eight)."""
        choice = self.settings.get(member_rules.AGE_BANDS_SETTING)
        self.filters.set_age_bands(member_rules.bands_of(choice))
        self.stats.stat_bands = member_rules.bands_of(choice) == member_rules.STAT_AGE_BANDS

    def _on_changed(self, changes: Changes) -> None:
        if Change.SETTINGS in changes and self._loaded:
            self._use_age_bands()
            self.stats.show_org(self.scope_id(), self._scope_name())
        if Change.ORGS in changes:
            self.reload_orgs()
        if self._loaded and (Change.MEMBERS in changes or Change.ORGS in changes):
            self.refresh()

    # ---- commands ------------------------------------------------------------------------
    def add_member(self) -> MemberRow | None:
        dialog = MemberDialog(self.members, self.orgs, default_org_id=self.scope_id(), parent=self)
        if dialog.exec() and dialog.result_row:
            self.select_member(dialog.result_row.id)
            return dialog.result_row
        return None

    def edit_member(self) -> None:
        member_id = self.current_id()
        if member_id is not None:
            self.edit_row(self.members.get(member_id))

    def edit_row(self, row: MemberRow) -> bool:
        dialog = MemberDialog(self.members, self.orgs, row=row, reveal=self.may_show_sensitive(), parent=self)
        return bool(dialog.exec())

    def show_detail(self) -> None:
        member_id = self.current_id()
        if member_id is None:
            return
        MemberDetailDialog(self.members, member_id, reveal=self.may_show_sensitive(), edit=self.edit_row,
                           parent=self).exec()

    def import_excel(self) -> None:
        member_io.import_excel(self, self.io, reveal=self.may_show_sensitive(), scope_id=self.scope_id())

    def export(self) -> None:
        member_io.export_roster(self, self.io, self.query(), reveal=self.may_show_sensitive())

    def export_selected(self) -> None:
        """导出所选…: the chosen members, in table order."""
        ids = self.selected_ids()
        if ids:
            member_io.export_roster(self, self.io, self.members.rows(ids), reveal=self.may_show_sensitive(),
                                    default_name="党员名单（所选）.xlsx")

    def save_template(self) -> None:
        member_io.save_template(self)

    def print_roster(self) -> None:
        member_print.print_roster(self)

    def print_selected(self) -> None:
        """打印所选…: the roster list of the chosen members only."""
        ids = self.selected_ids()
        if ids:
            member_print.print_roster(self, ids=ids)

    def print_signin(self) -> None:
        member_print.print_signin(self)
