"""The 时长统计 page: confirmed hours by person, team, unit, category or activity over any date
range (SQL aggregates; the list is one line a person or group), and who is behind the yearly
quota at the end of the last quarter."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.service.hours import format_hours
from app.domain.service.quota import quarter_of
from app.services.container import Services
from app.services.service.totals import BY
from app.ui.cobuild.page import combo
from app.ui.kit.date_field import DateField
from app.ui.kit.errors import show_error


class HoursPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope: int | None = None
        today = dt.date.today()
        self.by_box = combo("hoursBy", [(f"按{label}", key) for key, label in BY.items()])
        self.date_from = DateField(label="开始日期")
        self.date_from.set_value(dt.date(today.year, 1, 1))
        self.date_to = DateField(label="结束日期")
        self.date_to.set_value(today)
        self.run_button = QPushButton("统计")
        self.run_button.setObjectName("hoursRun")
        self.run_button.clicked.connect(self.apply)
        self.behind_button = QPushButton("未达进度名单")
        self.behind_button.setObjectName("hoursBehind")
        self.behind_button.clicked.connect(self.show_behind)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("hoursTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("hoursSummary")
        bar = QHBoxLayout()
        for w in (self.by_box, QLabel("从"), self.date_from, QLabel("到"), self.date_to, self.run_button,
                  self.behind_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.by_box.currentIndexChanged.connect(lambda _i: self.apply())

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        self.apply()

    def _fill(self, header: list[str], rows: list[list[str]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        em = self.fontMetrics().horizontalAdvance("中")
        for c, width in enumerate((22, 8, 10, 24 if len(header) > 3 and header[3] == "进度" else 6)):
            if c < len(header):
                self.table.setColumnWidth(c, width * em + 16)

    def apply(self) -> None:
        by = self.by_box.currentData()
        try:
            lines = self.services.service_totals.hours_by(by, self.date_from.value(), self.date_to.value(), self.scope)
        except AppError as exc:
            show_error(self, exc)
            return
        self._fill([BY[by], "记录数", "服务时长（小时）", "人数"],
                   [[ln.name, str(ln.records), format_hours(ln.tenths), str(ln.people)] for ln in lines])
        total = sum(ln.tenths for ln in lines)
        self.summary.setText(f"共{len(lines)}项，已确认服务{sum(ln.records for ln in lines)}条，合计{format_hours(total)}小时"
                             "（只统计已确认的记录）")

    def show_behind(self) -> None:
        day = self.date_to.value() or dt.date.today()
        try:
            lines = self.services.service_totals.behind(day.year, quarter_of(day), self.scope)
        except AppError as exc:
            show_error(self, exc)
            return
        self._fill(["单位", "姓名", "党员类别", "进度"],
                   [[ln.unit_name or "（未报到）", ln.name, ln.category, ln.progress.message] for ln in lines])
        self.summary.setText(f"截至{day.year}年第{quarter_of(day)}季度末未达到服务进度的共{len(lines)}名")
