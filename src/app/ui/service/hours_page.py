"""The 时长统计 page: confirmed hours by person, team, unit, category or activity over any date
range (SQL aggregates; the list is one line a person or group); each member's progress against the
yearly quota and who is behind at the quarter's end; the year's points ranking; and, for an
administrator, the quotas and the points rules (app.ui.service.quota_dialogs)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
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

from app.domain.access.permissions import Permission
from app.domain.kit.errors import AppError
from app.domain.service.hours import format_hours
from app.domain.service.quota import quarter_of
from app.services.access.auth import can
from app.services.container import Services
from app.services.service.totals import BY
from app.ui.kit.date_field import DateField
from app.ui.kit.errors import show_error
from app.ui.kit.record_page import combo


def points_text(points: Decimal) -> str:
    """Points to two decimals at most, without trailing zeros: 6, 1.5, 2.25."""
    return format(points.quantize(Decimal("0.01")).normalize(), "f")


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
        self.progress_button = self._button("hoursProgress", "年度进度", self.show_progress,
                                            "在职党员等有年度指标的党员，截至结束日期所在季度末的完成情况")
        self.ranking_button = self._button("hoursRanking", "积分排名", self.show_ranking,
                                           "结束日期所在年度按积分规则计算的排名（只计已确认的记录）")
        self.quota_button = self._button("hoursQuota", "设定年度指标", lambda: self.edit_quotas(),
                                         "每类党员每年应完成的服务小时数或次数")
        self.points_button = self._button("hoursPoints", "积分规则", lambda: self.edit_points(),
                                          "每小时积分、各类活动的积分")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("hoursTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("hoursSummary")
        # three rows: the window stays narrow enough for 1024×768
        bar, more, admin = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        for w in (self.by_box, QLabel("从"), self.date_from, QLabel("到"), self.date_to, self.run_button):
            bar.addWidget(w)
        for w in (self.progress_button, self.behind_button, self.ranking_button, self.print_button,
                  self.feedback_button):
            more.addWidget(w)
        self.quota_text = QLabel()
        self.quota_text.setObjectName("hoursQuotaText")
        for w in (self.quota_text, self.quota_button, self.points_button):
            admin.addWidget(w)
        bar.addStretch(1)
        more.addStretch(1)
        admin.insertStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(more)
        layout.addLayout(admin)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.by_box.currentIndexChanged.connect(lambda _i: self.apply())

    def _button(self, name: str, label: str, slot: Any, tip: str) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        admin = can(self.services.actor, Permission.CHANGE_SETTINGS)
        self.quota_button.setEnabled(admin)
        self.points_button.setEnabled(admin)
        self.show_quotas()
        self.apply()

    def show_quotas(self) -> None:
        try:
            quotas = self.services.service_totals.quotas()
        except AppError as exc:  # a setting written by hand that no longer reads
            self.quota_text.setText(f"年度指标设置有误：{exc.message}")
            return
        self.quota_text.setText("年度指标：" + ("；".join(q.text for q in quotas.values()) or "未设定"))

    def _fill(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...] | None = None) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        em = self.fontMetrics().horizontalAdvance("中")
        for c, width in enumerate(widths or (22, 8, 10, 24 if len(header) > 3 and header[3] == "进度" else 6)):
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

    def _year_end(self) -> tuple[int, int]:
        day = self.date_to.value() or dt.date.today()
        return day.year, quarter_of(day)

    def show_progress(self) -> None:
        """Each member with a quota: done in the year, the year's target, share, and the quarter's verdict."""
        year, quarter = self._year_end()
        try:
            lines = self.services.service_totals.quota_progress(year, quarter, self.scope)
        except AppError as exc:
            show_error(self, exc)
            return
        rows = []
        for ln in lines:
            p = ln.progress
            rows.append([ln.unit_name or "（未报到）", ln.name, ln.category, p.message, p.percent_text,
                         p.quota.unit_text(math.ceil(p.yearly))])
        self._fill(["单位", "姓名", "党员类别", "进度", "全年完成率", "全年指标"], rows, (10, 5, 6, 22, 6, 6))
        behind = sum(ln.progress.behind for ln in lines)
        self.summary.setText(f"{year}年有年度指标的党员共{len(lines)}名，截至第{quarter}季度末未达到进度的{behind}名")

    def show_ranking(self) -> None:
        year, _quarter = self._year_end()
        try:
            ranking = self.services.service_totals.points_ranking(year, self.scope)
        except AppError as exc:
            show_error(self, exc)
            return
        self._fill(["名次", "姓名", "积分"], [[str(rank), name, points_text(points)] for rank, name, points in ranking],
                   (5, 10, 8))
        self.summary.setText(f"{year}年志愿服务积分排名，共{len(ranking)}名（按积分规则计算，只计已确认的记录）")

    def edit_quotas(self, *, show: bool = True) -> Any:
        from app.ui.service.quota_dialogs import QuotaDialog

        dialog = QuotaDialog(self.services, self)
        if show and dialog.exec():
            self.show_quotas()
        return dialog

    def edit_points(self, *, show: bool = True) -> Any:
        from app.ui.service.quota_dialogs import PointsDialog

        dialog = PointsDialog(self.services, self)
        if show:
            dialog.exec()
        return dialog

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
