"""The 经费 tab: the ledger of the organisation chosen on the left.

Above the entries, each source's balance today (一主三辅 and the office's own), with a warning
colour for one below zero; the 收支明细 page lists, adds, posts, reverses and prints entries. 打印预算执行表
prints the year's budget against actual, 设定预算 sets it; 年度结账 (administrators) closes a year. Records are read
when the tab is first shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.money import format_yuan
from app.services.access.auth import can
from app.services.container import Services
from app.ui.funds.ledger_page import LedgerPage
from app.ui.funds.projects_page import ProjectsPage
from app.ui.kit.area_tab import RecordAreaTab
from app.ui.kit.changes import ChangeBus


class FundsTab(RecordAreaTab):
    title = "经费"
    concerns = frozenset({Change.FUNDS, Change.DUES, Change.ORGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "fundsOrgTree", parent)
        self.ledger = LedgerPage(services, config)
        self.projects = ProjectsPage(services, config)
        self.balances = QLabel()
        self.balances.setObjectName("fundBalances")
        self.balances.setWordWrap(True)
        self.budget_button = QPushButton("打印预算执行表")
        self.budget_button.setObjectName("printBudget")
        self.budget_button.clicked.connect(self.print_budget)
        self.budget_set_button = QPushButton("设定预算")
        self.budget_set_button.setObjectName("setBudget")
        self.budget_set_button.setEnabled(can(services.actor, Permission.EDIT_RECORDS))
        self.budget_set_button.clicked.connect(self.set_budget)
        self.catalog_button = QPushButton("收支科目")
        self.catalog_button.setObjectName("fundCatalog")
        self.catalog_button.setToolTip("经费来源和支出类别：新增、改名、删除未用过的类别")
        self.catalog_button.setEnabled(can(services.actor, Permission.EDIT_RECORDS))
        self.catalog_button.clicked.connect(self.edit_catalog)
        self.close_button = QPushButton("年度结账")
        self.close_button.setObjectName("closeYear")
        self.close_button.setVisible(can(services.actor, Permission.CLOSE_BOOKS))
        self.close_button.clicked.connect(self.close_year)
        top = QHBoxLayout()
        top.addWidget(self.balances, 1)
        top.addWidget(self.catalog_button)
        top.addWidget(self.budget_set_button)
        top.addWidget(self.budget_button)
        top.addWidget(self.close_button)
        top_row = QWidget()
        top_row.setLayout(top)
        top.setContentsMargins(0, 0, 0, 0)
        self.set_pages("fundsPages", ((self.ledger, "收支明细"), (self.projects, "专项经费项目")), top=top_row)

    def update_banner(self) -> None:
        self.update_balances()

    def update_balances(self) -> None:
        rows = self.services.balances.by_source(self.scope.scope_id(), dt.date.today())
        parts = []
        for b in rows:
            text = f"{b.name} {format_yuan(b.balance)}元"
            parts.append(f'<span style="color:#b00020">{text}</span>' if b.balance < 0 else text)
        total = sum(b.balance for b in rows)
        self.balances.setText("今日余额：" + "　".join(parts) + f"　合计 <b>{format_yuan(total)}元</b>")

    def _org(self) -> int | None:
        org_id = self.scope.scope_id()
        if org_id is None:
            QMessageBox.information(self, self.title, "请先在左侧选择一个党组织。")
        return org_id

    def set_budget(self) -> None:
        org_id = self._org()
        if org_id is None:
            return
        from app.ui.funds.budget_dialog import BudgetDialog

        BudgetDialog(self.services, org_id, self).exec()

    def edit_catalog(self) -> None:
        from app.ui.funds.catalog_dialog import CatalogDialog

        dialog = CatalogDialog(self.services, self)
        dialog.exec()
        if dialog.changed:
            self.ledger.refresh_sources()

    def print_budget(self) -> None:
        org_id = self._org()
        if org_id is None:
            return
        from app.reports.funds.sheets import print_budget

        year = dt.date.today().year
        pdf = self.ledger.attempt(lambda: print_budget(self.services, org_id, year))
        if pdf is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, "保存预算执行表", f"{year}年度预算执行情况表.pdf", "PDF 文件 (*.pdf)")
        if path:
            from app.services.kit.files import write_bytes

            self.ledger.attempt(lambda: write_bytes(path, pdf[0], kind="预算执行表"))

    def close_year(self) -> None:
        org_id = self._org()
        if org_id is None:
            return
        last = dt.date.today().year - 1
        year, ok = QInputDialog.getInt(self, "年度结账", "结账年度（结账后该年度不能再记入收支）：", last, 2000, last)
        if not ok:
            return
        ends = self.ledger.attempt(lambda: self.services.closings.close(org_id, year))
        if ends is not None:
            shown = "；".join(f"{k}{format_yuan(v)}元" for k, v in ends.items()) or "无余额"
            QMessageBox.information(self, "年度结账", f"{year}年度已结账。年末余额：{shown}。")
