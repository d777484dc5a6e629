"""The 审计 tab: the audit trail searched and paged in SQL, the check of its hash chain, and the
printed 审计校验单."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Unpack

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.services.safety.audit import AuditRow, AuditService
from app.services.safety.audit_query import AuditFilters, AuditQueryService
from app.ui.kit.changes import ChangeBus
from app.ui.kit.date_field import DateField
from app.ui.kit.errors import show_error
from app.ui.kit.record_table import fixed_rows

if TYPE_CHECKING:
    from app.services.container import Services

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("序号", "时间", "操作人", "操作", "内容")
PAGE = 500  # records fetched at a time, as the list is scrolled
ALL_ACTIONS = "全部操作"
SHEET_TITLE = "操作记录审计校验单"


class AuditModel(QAbstractTableModel):
    """The records matching the filter, newest first, fetched a page at a time."""

    def __init__(self, query: AuditQueryService, parent=None) -> None:
        super().__init__(parent)
        self.query = query
        self.filters: AuditFilters = {}
        self.rows: list[AuditRow] = []
        self.total = 0

    def load(self, **filters: Unpack[AuditFilters]) -> None:
        """Starts afresh with these filters (text, action, since, until)."""
        self.beginResetModel()
        self.filters = filters
        self.total = self.query.count(**filters)
        self.rows = self.query.search(**filters, limit=PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self.query.search(**self.filters, limit=PAGE, offset=len(self.rows))
        if not more:
            self.total = len(self.rows)  # records went away meanwhile (a restore)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        return (str(r.id), f"{r.at:%Y-%m-%d %H:%M:%S}", r.actor, r.action, r.summary)[index.column()]


class AuditTab(QWidget):
    title = "审计"

    def __init__(self, audit: AuditService, bus: ChangeBus, parent: QWidget | None = None, *,
                 query: AuditQueryService | None = None, services: Services | None = None) -> None:
        """``query`` defaults to one over the audit service's database and user; ``services``
        (the whole set, for the printed sheet) to one built over the same when printing."""
        super().__init__(parent)
        self.audit = audit
        self.bus = bus
        self.services = services
        self._own_query = query is None  # then it acts as whoever the audit service acts as
        self.query = query or audit.alongside(AuditQueryService)
        self.model = AuditModel(self.query, self)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按操作人、操作或内容查找（空格隔开多个词）…")
        self.filter.setClearButtonEnabled(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._typing.start())
        self.action = QComboBox()
        self.action.setMinimumContentsLength(8)
        self.action.currentIndexChanged.connect(lambda _i: self.reload())
        self.since = DateField(label="起始日期")
        self.until = DateField(label="截止日期")
        for edit in (self.since, self.until):
            edit.committed.connect(self.reload)
        self.count = QLabel()
        self.more = QPushButton("更多…")
        self.more.setToolTip(f"再列出{PAGE}条较早的记录（向下滚动也会自动列出）")
        self.more.clicked.connect(self.fetch_more)
        verify = QPushButton("校验操作记录")
        verify.clicked.connect(self.verify)
        self.sheet_button = QPushButton("打印审计校验单…")
        self.sheet_button.clicked.connect(self.print_sheet)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.action)
        top.addWidget(QLabel("从"))
        top.addWidget(self.since)
        top.addWidget(QLabel("到"))
        top.addWidget(self.until)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.more)
        actions.addWidget(verify)
        actions.addWidget(self.sheet_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        fixed_rows(self.table)
        header = self.table.horizontalHeader()
        em = self.table.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((4.5, 10, 6, 7)):  # 序号, 时间, 操作人, 操作
            header.resizeSection(col, round(chars * em) + 12)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.table.selectionModel().currentRowChanged.connect(lambda c, _p: self._show(c.row()))
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        bus.changed.connect(lambda _c: self.refresh() if self.isVisible() else None)

    # ---- the list ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        # Some records come without a change notice (backups, logins): show them on return.
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)

    def filters(self) -> AuditFilters:
        action = self.action.currentData()
        return {
            "text": self.filter.text().strip(),
            "action": action or None,
            "since": self.since.value(),
            "until": self.until.value(),
        }

    def refresh(self) -> None:
        """New records (or a restore): the list of kinds of operation and the rows afresh."""
        if self._own_query:
            self.query.actor = self.audit.actor
        keep = self.action.currentData()
        try:
            names = self.query.actions()
        except AppError as exc:
            self._refused(exc)
            return
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItem(ALL_ACTIONS, "")
        for name in names:
            self.action.addItem(name, name)
        at = self.action.findData(keep) if keep else 0
        self.action.setCurrentIndex(max(at, 0))
        self.action.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        self._typing.stop()
        try:
            self.model.load(**self.filters())
        except AppError as exc:
            self._refused(exc)
            return
        self.details.clear()
        self._show_count()

    def _refused(self, exc: AppError) -> None:
        """The list cannot be read (the user's role, a damaged file): say so where the count is."""
        self.model.beginResetModel()
        self.model.rows, self.model.total = [], 0
        self.model.endResetModel()
        self.details.clear()
        self.count.setText(exc.message)
        self.more.setEnabled(False)

    def fetch_more(self) -> None:
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _show_count(self) -> None:
        f = self.filters()
        shown, total = len(self.model.rows), self.model.total
        filtered = bool(f["text"] or f["action"] or f["since"] or f["until"])
        text = f"符合条件的 {total} 条" if filtered else f"共 {total} 条"
        if shown < total:
            text += f"，已列出最新的 {shown} 条"
        self.count.setText(text)
        self.more.setEnabled(shown < total)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            self.details.clear()
            return
        r = self.model.rows[row]
        self.details.setPlainText(
            f"{r.summary}\n对象：{r.entity} {r.entity_id}\n原值：{r.old_values or '—'}\n新值：{r.new_values or '—'}"
        )

    # ---- checking ------------------------------------------------------------------------
    def verify(self) -> None:
        report = self.audit.verify()
        if report.ok:
            QMessageBox.information(self, "校验操作记录",
                                    f"操作记录完好：共 {report.checked} 条。\n校验值：{report.head}")
        else:
            QMessageBox.warning(self, "校验操作记录", f"发现问题：{report.problem}")

    def _all_services(self) -> Services:
        if self.services is not None:
            return self.services
        from app.services.container import Services

        return Services.sharing(self.audit)

    def print_sheet(self) -> None:
        """Checks the trail, lays out the sheet and shows it to print or save."""
        from app.reports.safety.audit_sheet import make_audit_sheet
        from app.ui.safety.backup_dialog import busy

        try:
            sheet = busy(lambda: make_audit_sheet(self._all_services()))
        except AppError as exc:
            show_error(self, exc)
            return
        self.last_sheet = sheet
        file_name = f"{SHEET_TITLE}-{dt.date.today():%Y%m%d}"
        try:
            from app.ui.kit.pdf_preview import PdfPreviewDialog
        except ImportError:  # no preview in this build: save the file instead
            path, _ = QFileDialog.getSaveFileName(self, "保存审计校验单", f"{file_name}.pdf", "PDF 文件 (*.pdf)")
            if path:
                with open(path, "wb") as fh:
                    fh.write(sheet.pdf)
            return
        # The auditor prints this sheet although the role may not print other material.
        dialog = PdfPreviewDialog(sheet.pdf, SHEET_TITLE, self, can_print=True, file_name=file_name)
        self.sheet_dialog = dialog
        dialog.exec()
