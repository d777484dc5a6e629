"""The administrator's dialogs of the 时长统计 page: 设定年度指标 (a yearly quota per member category,
in hours or services) and 积分规则 (points per hour, and per kind of activity per hour or per
service). Each row is typed in a table; the service checks them all and names the row at fault."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.members.catalog import CATEGORIES
from app.domain.service.hours import format_hours
from app.domain.service.quota import Basis
from app.domain.service.record_fields import SERVICE_CATEGORIES
from app.services.container import Services
from app.ui.kit.widgets import ErrorLine, dialog_buttons

Row = tuple[str, str, str]


def _combo(items: Sequence[str], value: str, editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(list(items))
    if value and box.findText(value) < 0:
        box.addItem(value)
    if editable:
        box.setCurrentText(value)
    else:
        box.setCurrentIndex(max(box.findText(value), 0))
    return box


class RowsTable(QWidget):
    """A table of typed rows: each cell a drop-down or a line; 增加一行 and 删除所选行 below it."""

    def __init__(self, name: str, headers: Sequence[str], make: Callable[[Row], list[QWidget]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make = make
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        add, remove = QPushButton("增加一行"), QPushButton("删除所选行")
        add.setObjectName(name + "Add")
        remove.setObjectName(name + "Remove")
        add.clicked.connect(lambda: self.add_row(("", "", "")))
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, row: Row) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, widget in enumerate(self.make(row)):
            self.table.setCellWidget(r, c, widget)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)

    def remove_current(self) -> None:
        """Removes the row being typed in (its cell has the focus), else the table's current row."""
        row = self.table.currentRow()
        focus = QApplication.focusWidget()
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                cell = self.table.cellWidget(r, c)
                if focus is not None and cell is not None and (cell is focus or cell.isAncestorOf(focus)):
                    row = r
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[Row]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.cellWidget(r, c) for c in range(self.table.columnCount())]
            texts = [w.currentText() if isinstance(w, QComboBox) else w.text() if isinstance(w, QLineEdit) else ""
                     for w in cells]
            out.append((texts[0], texts[1], texts[2]))
        return out


def _line(text: str, placeholder: str = "") -> QLineEdit:
    line = QLineEdit(text)
    line.setPlaceholderText(placeholder)
    line.setMaxLength(40)
    return line


class _SettingsDialog(QDialog):
    def __init__(self, title: str, note: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumSize(40 * em, 22 * em)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.error = ErrorLine()
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.note)

    def finish(self) -> None:
        self.body.addWidget(self.error)
        self.body.addWidget(dialog_buttons(self, "保存", self.save))

    def save(self) -> None:
        try:
            self.store()
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()

    def store(self) -> None:
        raise NotImplementedError


class QuotaDialog(_SettingsDialog):
    """设定年度指标: one row a member category (e.g. 在职党员, 小时, 50)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("设定年度服务指标", "每类党员每年应完成的志愿服务，按小时（最多一位小数）或按次数计算。"
                         "年中报到的党员按剩余月份折算。不设指标的类别不统计进度。", parent)
        self.services = services
        self.rows = RowsTable("quotaRows", ("党员类别", "计算方式", "年度指标"), lambda r: [
            _combo(CATEGORIES, r[0]), _combo([b.value for b in Basis], r[1]), _line(r[2], "如：50")])
        self.rows.set_rows([(q.category, q.basis.value, format_hours(q.amount).removesuffix(".0")
                             if q.basis is Basis.HOURS else str(q.amount))
                            for q in services.service_totals.quotas().values()])
        self.body.addWidget(self.rows, 1)
        self.finish()

    def store(self) -> None:
        self.services.service_totals.set_quotas(self.rows.rows())


class PointsDialog(_SettingsDialog):
    """积分规则: points per hour, and rows of (kind of activity, per hour, per service)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("志愿服务积分规则", "按已确认的服务记录计分：每小时若干分；某类活动可另定每小时积分，"
                         "或每参加一次另加若干分（最多两位小数）。不用积分的可不设置。", parent)
        self.services = services
        scheme = services.service_totals.points_scheme()
        self.per_hour = _line(str(scheme.per_hour), "如：1")
        self.per_hour.setObjectName("pointsPerHour")
        form = QFormLayout()
        form.addRow("每小时积分", self.per_hour)
        self.body.addLayout(form)
        self.rows = RowsTable("pointsRows", ("活动类别", "每小时积分（可空）", "每次积分（可空）"), lambda r: [
            _combo(["", *SERVICE_CATEGORIES], r[0], editable=True), _line(r[1]), _line(r[2])])
        kinds = dict.fromkeys([*scheme.per_hour_by_kind, *scheme.per_service_by_kind])
        self.rows.set_rows([(k, str(scheme.per_hour_by_kind.get(k, "")), str(scheme.per_service_by_kind.get(k, "")))
                            for k in kinds])
        self.body.addWidget(self.rows, 1)
        self.finish()

    def store(self) -> None:
        self.services.service_totals.set_points(self.per_hour.text(), self.rows.rows())
