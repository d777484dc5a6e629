"""The 党员 tab: the roster of the organisation chosen on the left, searched and filtered.

Left: the organisation tree (its whole subtree is the scope) and the figures of that scope.
Right: search as you type (name, pinyin, initials, ID or phone fragment), filters, the count,
and the table; commands to add, correct, look at a member and record a change, and to import
and export the roster.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.members import catalog
from app.domain.members.rules import AGE_BANDS, ON_RECORD, STATUSES
from app.services.access.auth import can
from app.services.access.settings import SettingsService
from app.services.members.service import MemberQuery, MemberRow, MemberService
from app.services.orgs.service import OrgService
from app.services.safety.exports import ExportLogService
from app.ui.kit.changes import ChangeBus
from app.ui.members import io as member_io
from app.ui.members import printing as member_print
from app.ui.members.detail import MemberDetailDialog
from app.ui.members.dialog import MemberDialog
from app.ui.members.model import COLUMN_OF_SORT, COLUMNS, MemberTableModel
from app.ui.members.stats_panel import MemberStatsPanel
from app.ui.orgs.model import OrgTreeModel

SEARCH_DELAY_MS = 250
# 状态 filter: text -> (status, include_left)
STATUS_CHOICES: tuple[tuple[str, tuple[str | None, bool]], ...] = (
    (ON_RECORD, (None, False)),
    ("含已离开", (None, True)),
    *((s, (s, False)) for s in STATUSES if s != ON_RECORD),
)
# 其他 filter: text -> (mobile, lost_contact)
OTHER_CHOICES: tuple[tuple[str, tuple[bool | None, bool | None]], ...] = (
    ("不限", (None, None)), ("流动党员", (True, None)), ("失联党员", (None, True)),
)


def _combo(first: str, values: tuple[str, ...] | list[str]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for v in values:
        combo.addItem(v, v)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class MemberTab(QWidget):
    title = "党员"

    def __init__(self, members: MemberService, orgs: OrgService, settings: SettingsService, bus: ChangeBus,
                 parent: QWidget | None = None, *, exports: ExportLogService | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.orgs = orgs
        self.settings = settings
        self.bus = bus
        self.io = member_io.IoServices.of(members, orgs, settings, exports)

        # ---- left: scope and figures -------------------------------------------------------
        self.org_model = OrgTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("memberOrgTree")
        self.tree.setModel(self.org_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col in range(1, self.org_model.columnCount()):
            self.tree.hideColumn(col)
        self.stats = MemberStatsPanel(members)
        left = QSplitter(Qt.Orientation.Vertical)
        tree_box = QWidget()
        tree_layout = QVBoxLayout(tree_box)
        tree_layout.setContentsMargins(0, 0, 0, 0)
        tree_layout.addWidget(QLabel("党组织（含下级）"))
        tree_layout.addWidget(self.tree)
        left.addWidget(tree_box)
        left.addWidget(self.stats)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        # ---- right: commands, search, filters, table --------------------------------------
        self.actions_: dict[str, QAction] = {}
        self._reveal = False
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key, text, shortcut, slot in (
            ("add", "新增党员", QKeySequence(Qt.Key.Key_Insert), self.add_member),
            ("edit", "修改", None, self.edit_member),
            ("detail", "详情与变动", QKeySequence("Ctrl+D"), self.show_detail),
            (None, None, None, None),
            ("import", "导入Excel…", None, self.import_excel),
            ("export", "导出…", QKeySequence("Ctrl+E"), self.export),
            ("template", "保存导入模板…", None, self.save_template),
            (None, None, None, None),
            ("roster_print", "打印花名册…", None, lambda: member_print.print_roster(self)),
            ("signin", "打印签到表…", None, lambda: member_print.print_signin(self)),
            (None, None, None, None),
        ):
            if key is None:
                toolbar.addSeparator()
                continue
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
                action.setToolTip(f"{text}（{shortcut.toString(QKeySequence.SequenceFormat.NativeText)}）")
            action.triggered.connect(slot)
            self.addAction(action)
            toolbar.addAction(action)
            self.actions_[key] = action
        self.sensitive_action = QAction("显示完整身份证号和电话", self)
        self.sensitive_action.setCheckable(True)
        self.sensitive_action.toggled.connect(self._set_sensitive)
        toolbar.addAction(self.sensitive_action)
        self.actions_["sensitive"] = self.sensitive_action
        find = QAction("查找", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        self.addAction(find)

        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("查找：姓名、拼音或首字母（如 zsf）、身份证号或电话号码的一部分（Ctrl+F）")
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.search.returnPressed.connect(self._search_done)
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")

        self.category = _combo("全部党员类别", catalog.CATEGORIES)
        self.member_type = _combo("正式和预备", catalog.MEMBER_TYPES)
        self.status = QComboBox()
        for text, value in STATUS_CHOICES:
            self.status.addItem(text, value)
        self.age_band = _combo("全部年龄", AGE_BANDS)
        self.sex = _combo("男女不限", catalog.SEXES)
        self.other = QComboBox()
        for text, value in OTHER_CHOICES:
            self.other.addItem(text, value)
        filters = QHBoxLayout()
        for label, combo in (("党员类别", self.category), ("人员类别", self.member_type), ("状态", self.status),
                             ("年龄", self.age_band), ("性别", self.sex), ("其他", self.other)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
            filters.addSpacing(6)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        filters.addStretch(1)

        self.model = MemberTableModel(members, self)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 8)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for col, c in enumerate(COLUMNS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, max(metrics.horizontalAdvance(c.sample), metrics.horizontalAdvance(c.label))
                                 + 16)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        open_action = QAction("修改", self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        open_action.triggered.connect(self.edit_member)
        self.table.addAction(open_action)
        self.actions_["edit"].setToolTip("修改所选党员的信息（Enter 或双击）")

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(toolbar)
        right_layout.addLayout(search_row)
        # On a narrow screen the filters scroll sideways instead of widening the window.
        filter_box = QWidget()
        filters.setContentsMargins(0, 0, 0, 0)
        filter_box.setLayout(filters)
        filter_area = QScrollArea()
        filter_area.setObjectName("memberFilters")
        filter_area.setWidget(filter_box)
        filter_area.setWidgetResizable(True)
        filter_area.setFrameShape(QFrame.Shape.NoFrame)
        filter_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        filter_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        filter_area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        filter_area.setFixedHeight(filter_box.sizeHint().height()
                                   + filter_area.horizontalScrollBar().sizeHint().height())
        right_layout.addWidget(filter_area)
        right_layout.addWidget(self.table, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([285, 995])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.setTabOrder(self.search, self.table)
        self.model.reveal = False
        self.apply_permissions()
        self.reload_orgs(first=True)
        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self._scope_changed())
        self.table.selectionModel().currentChanged.connect(lambda _c, _p: self._update_actions())
        bus.changed.connect(self._on_changed)
        self._loaded = False  # the roster is read when the tab is first shown, not at start-up

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
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
        actor = self.members.actor
        for key, permission in (("add", Permission.EDIT_RECORDS), ("import", Permission.IMPORT_DATA),
                                ("export", Permission.EXPORT_PERSONAL_DATA),
                                ("sensitive", Permission.SHOW_SENSITIVE), ("roster_print", Permission.PRINT_REPORTS),
                                ("signin", Permission.PRINT_REPORTS)):
            allowed = can(actor, permission)
            if key == "import":  # matching on ID numbers needs seeing them (see check_match_by_id_number)
                allowed = allowed and can(actor, Permission.SHOW_SENSITIVE)
            self.actions_[key].setEnabled(allowed)
            if not allowed:
                self.actions_[key].setToolTip("当前用户的角色没有这项权限")
        if not can(actor, Permission.SHOW_SENSITIVE) and self.sensitive_action.isChecked():
            self.sensitive_action.setChecked(False)
        self._update_actions()

    # ---- scope ---------------------------------------------------------------------------
    def scope_id(self) -> int | None:
        row = self.org_model.row_of(self.tree.currentIndex())
        return row.id if row else None

    def _scope_name(self) -> str:
        row = self.org_model.row_of(self.tree.currentIndex())
        return row.name if row else ""

    def reload_orgs(self, first: bool = False) -> None:
        keep = None if first else self.scope_id()
        if keep is None:
            office = self.settings.get("office_org_id")
            keep = int(office) if office is not None else None
        self.org_model.load(self.orgs.list(include_closed=False), include_closed=False)
        self.tree.expandToDepth(1)
        self.select_org(keep, refresh=False)

    def select_org(self, org_id: int | None, refresh: bool = True) -> None:
        index = self.org_model.index_of(org_id)
        if not index.isValid() and self.org_model.rowCount() > 0:
            index = self.org_model.index(0, 0)
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        blocker = not refresh
        self.tree.selectionModel().blockSignals(blocker)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.selectionModel().blockSignals(False)
        self.tree.viewport().update()
        self.tree.scrollTo(index)

    def _scope_changed(self) -> None:
        self.apply_filters()
        self.stats.show_org(self.scope_id(), self._scope_name())

    # ---- querying ------------------------------------------------------------------------
    def query(self) -> MemberQuery:
        status, include_left = self.status.currentData()
        mobile, lost = self.other.currentData()
        return MemberQuery(
            org_id=self.scope_id(), text=self.search.text().strip(),
            category=self.category.currentData(), member_type=self.member_type.currentData(),
            status=status, include_left=include_left, age_band=self.age_band.currentData(),
            sex=self.sex.currentData(), mobile=mobile, lost_contact=lost,
            sort=self.model.query.sort, descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        self.search_timer.stop()
        keep = self.current_id()
        self.model.set_query(self.query())
        self._after_reload(keep)

    def refresh(self) -> None:
        """The same query again, after the records changed."""
        keep = self.current_id()
        self.model.set_reveal(self.may_show_sensitive())
        self.model.set_query(self.query())
        self._after_reload(keep)
        self.stats.refresh()

    def _after_reload(self, keep: int | None) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"共 {n} 人")
        column = COLUMN_OF_SORT.get(self.model.query.sort, 0)
        order = Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != column or header.sortIndicatorOrder() != order:
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
        if keep is not None:
            self.select_member(keep)
        self._update_actions()

    def _search_done(self) -> None:
        self.apply_filters()
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.select_row(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.search.hasFocus() and event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return
        if self.search.hasFocus() and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.select_row(0)
            return
        super().keyPressEvent(event)

    # ---- the current member ---------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_row(self) -> MemberRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0) if 0 <= row < self.model.rowCount() else QModelIndex()
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if index.isValid():
            self.table.scrollTo(index)

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_number(member_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def _update_actions(self) -> None:
        has = self.table.currentIndex().isValid()
        self.actions_["edit"].setEnabled(has and can(self.members.actor, Permission.EDIT_RECORDS))
        self.actions_["detail"].setEnabled(has)

    def _on_changed(self, changes: frozenset[str]) -> None:
        if not self._loaded:
            if "orgs" in changes:
                self.reload_orgs()
            return
        if "orgs" in changes:
            self.reload_orgs()
        if "members" in changes or "orgs" in changes:
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
        member_io.import_excel(self, self.io, reveal=self.may_show_sensitive())

    def export(self) -> None:
        member_io.export_roster(self, self.io, self.query(), reveal=self.may_show_sensitive())

    def save_template(self) -> None:
        member_io.save_template(self)
