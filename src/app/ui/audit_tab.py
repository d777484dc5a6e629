"""The 审计 tab: the audit trail, filtered, and the check of its hash chain."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.services.audit import AuditRow, AuditService
from app.ui.changes import ChangeBus

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("序号", "时间", "操作人", "操作", "内容")
SHOWN = 2000  # the newest records listed; the check covers the whole trail


class AuditModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.rows: list[AuditRow] = []

    def load(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        return (str(r.id), f"{r.at:%Y-%m-%d %H:%M:%S}", r.actor, r.action, r.summary)[index.column()]


class AuditTab(QWidget):
    title = "审计"

    def __init__(self, audit: AuditService, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.bus = bus
        self.model = AuditModel(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按操作人、操作或内容筛选…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self.reload())
        verify = QPushButton("校验操作记录")
        verify.clicked.connect(self.verify)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(verify)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for col, width in enumerate((70, 150, 90, 110)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.table.selectionModel().currentRowChanged.connect(lambda c, _p: self._show(c.row()))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        bus.changed.connect(lambda _c: self.reload())
        self.reload()

    def reload(self) -> None:
        text = self.filter.text().strip()
        rows = self.audit.recent(SHOWN)
        if text:
            rows = [r for r in rows if text in r.actor or text in r.action or text in r.summary]
        self.model.load(rows)
        self.count.setText(f"最近{SHOWN}条中符合的 {len(rows)} 条" if text else f"最近 {len(rows)} 条")

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            self.details.clear()
            return
        r = self.model.rows[row]
        self.details.setPlainText(
            f"{r.summary}\n对象：{r.entity} {r.entity_id}\n原值：{r.old_values or '—'}\n新值：{r.new_values or '—'}"
        )

    def verify(self) -> None:
        report = self.audit.verify()
        if report.ok:
            QMessageBox.information(self, "校验操作记录",
                                    f"操作记录完好：共 {report.checked} 条。\n校验值：{report.head}")
        else:
            QMessageBox.warning(self, "校验操作记录", f"发现问题：{report.problem}")
