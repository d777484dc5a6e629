"""The 时长统计 page: confirmed hours by person, team, unit, category or activity over any date
range (SQL aggregates; the list is one line a person or group), and who is behind the yearly
quota at the end of the last quarter."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from app.ui.kit.date_field import DateField
from app.ui.kit.errors import show_error
from app.ui.kit.record_page import combo


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
        self.print_button = QPushButton("打印统计表")
        self.print_button.setObjectName("hoursPrint")
        self.print_button.clicked.connect(lambda: self.print_table())
        self.feedback_button = QPushButton("季度反馈表")
        self.feedback_button.setObjectName("hoursFeedback")
        self.feedback_button.setToolTip("上一个季度各单位的在职党员报到服务情况反馈表，每个单位一张")
        self.feedback_button.clicked.connect(lambda: self.print_feedback())
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("hoursTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("hoursSummary")
        bar, more = QHBoxLayout(), QHBoxLayout()  # two rows: the window stays narrow enough for 1024×768
        for w in (self.by_box, QLabel("从"), self.date_from, QLabel("到"), self.date_to, self.run_button):
            bar.addWidget(w)
        for w in (self.behind_button, self.print_button, self.feedback_button):
            more.addWidget(w)
        bar.addStretch(1)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(more)
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

    def _preview(self, made: tuple[bytes, int] | None, title: str, show: bool) -> Any:
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        if made is None:
            return None
        preview = PdfPreviewDialog(made[0], f"{title}（{made[1]}页）", self)
        if show:
            preview.exec()
        return preview

    def print_table(self, *, show: bool = True) -> Any:
        from app.reports.service.printouts import render_hours

        by = self.by_box.currentData()
        try:
            lines = self.services.service_totals.hours_by(by, self.date_from.value(), self.date_to.value(), self.scope)
            name = self.services.orgs.get(self.scope).name if self.scope else ""
        except AppError as exc:
            show_error(self, exc)
            return None
        made = render_hours(lines, BY[by], name, self.date_from.value(), self.date_to.value())
        return self._preview(made, "志愿服务时长统计", show)

    def print_feedback(self, *, show: bool = True) -> Any:
        from app.domain.service.quota import last_quarter_ended
        from app.reports.service.printouts import print_feedback

        ended = last_quarter_ended(dt.date.today())
        assert ended is not None
        year, quarter = ended
        try:
            made = print_feedback(self.services, year, quarter, org_id=self.scope)
        except AppError as exc:
            show_error(self, exc)
            return None
        return self._preview(made, f"{year}年第{quarter}季度反馈表", show)
