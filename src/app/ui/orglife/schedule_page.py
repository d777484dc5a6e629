"""The 落实情况 page: above, the branches of the chosen organisation behind schedule this quarter
(which kind, held against required, by the frequencies in the settings); below, each member's
attendance rate for a year (a paged table), and the yearly attendance summary in print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.orglife.schedule import quarter_of
from app.services.container import Services
from app.services.orglife.rows import RateQuery
from app.services.orglife.schedule import BranchCheck
from app.ui.kit.record_page import Page
from app.ui.orglife.meetings_page import year_box
from app.ui.orglife.models import RateTableModel

RED = QColor("#b00020")


class RatesPage(Page):
    measure = "名党员"

    def __init__(self, services: Services, config: dict[str, Any] | None, parent: QWidget | None = None) -> None:
        super().__init__(RateTableModel(services.orglife_schedule), "orglifeRates", config, "搜索姓名", parent)
        self.services = services
        self.year = year_box("rateYear", with_all=False)
        self.add_filter(self.year)
        self.add_action("printSummary", "打印出勤汇总表", self.print_summary, edits=False)
        self.finish_buttons()

    def query(self) -> RateQuery:
        return RateQuery(org_id=self.scope, year=self.year.currentData(), text=self.search.text().strip())

    def print_summary(self) -> Any:
        from app.reports.orglife.printouts import print_attendance_summary
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        roots = self.services.orgs.tree().roots()
        org = self.scope if self.scope is not None else (roots[0].id if roots else None)
        if org is None:
            return None
        year = self.year.currentData()
        made = self.attempt(lambda: print_attendance_summary(self.services, org, year))
        if made is None:
            return None
        preview = PdfPreviewDialog(made[0], f"{year}年度出勤汇总表（{made[1]}页）", self,
                                   file_name=f"{year}年度组织生活出勤汇总表")
        preview.exec()
        return preview


class SchedulePage(QWidget):
    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope: int | None = None
        self.checks: list[BranchCheck] = []
        self.only_behind = QCheckBox("只看未按期开展的支部")
        self.only_behind.setObjectName("onlyBehind")
        self.only_behind.setChecked(True)
        self.only_behind.toggled.connect(lambda _on: self.load())
        self.refresh = QPushButton("刷新")
        self.refresh.clicked.connect(self.load)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("behindTable")
        self.table.setHorizontalHeaderLabels(["党支部", "未按期开展", "本季度开展情况"])
        self.table.verticalHeader().hide()
        em = self.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, 14 * em)
        self.table.setColumnWidth(1, 16 * em)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.rates = RatesPage(services, config)
        box = QGroupBox("本季度三会一课落实情况")
        inner = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.only_behind)
        row.addWidget(self.refresh)
        inner.addLayout(row)
        inner.addWidget(self.table)
        rates = QGroupBox("党员年度出勤率")
        QVBoxLayout(rates).addWidget(self.rates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box, 1)
        layout.addWidget(rates, 2)

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        self.load()
        self.rates.set_scope(org_id)

    def set_editable(self, editable: bool) -> None:
        self.rates.set_editable(editable)

    def load(self) -> None:
        today = dt.date.today()
        window = quarter_of(today)
        every = self.services.orglife_schedule.branches(self.scope, window, today)
        behind = [b for b in every if b.overdue]
        self.checks = behind if self.only_behind.isChecked() else every
        q = (window[0].month - 1) // 3 + 1
        self.summary.setText(f"{today.year}年第{'一二三四'[q - 1]}季度（截至{today.month}月{today.day}日）："
                             f"{len(every)}个党支部中，{len(behind)}个未按期开展组织生活。"
                             "频次按设置（支部党员大会、党课每季度，支部委员会、党小组会、主题党日每月）计算。")
        self.table.setRowCount(len(self.checks))
        for r, b in enumerate(self.checks):
            late = "；".join(f"{c.kind.value}（{c.overdue}期）" for c in b.checks if c.overdue)
            items = (QTableWidgetItem(b.name), QTableWidgetItem(late or "—"),
                     QTableWidgetItem("；".join(c.text() for c in b.checks)))
            for c, item in enumerate(items):
                if late and c == 1:
                    item.setForeground(RED)
                item.setToolTip(item.text())
                self.table.setItem(r, c, item)
