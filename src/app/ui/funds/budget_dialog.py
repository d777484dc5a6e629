"""设定预算: a year's budget for a category, from one source or from any; 0 removes the line.
The budget-execution table below the form shows the year as it stands."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.kit.money import format_yuan
from app.services.container import Services
from app.ui.kit.widgets import ErrorLine, dialog_buttons

HEADERS = ("支出类别", "经费来源", "预算（元）", "实际支出（元）", "执行率")


class BudgetDialog(QDialog):
    def __init__(self, services: Services, org_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设定预算")
        self.services, self.org_id = services, org_id
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.category = QComboBox()
        self.category.setObjectName("budgetCategory")
        for c in services.fund_catalog.categories():
            self.category.addItem(c.path.replace("/", " / "), c.id)
        self.source = QComboBox()
        self.source.setObjectName("budgetSource")
        self.source.addItem("各来源", None)
        for s in services.fund_catalog.sources():
            self.source.addItem(s.name, s.id)
        self.amount = QLineEdit()
        self.amount.setObjectName("budgetAmount")
        self.amount.setPlaceholderText("如 200000 或 200,000.00；填 0 删除这项预算")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.error = ErrorLine()
        form = QFormLayout()
        form.addRow("年度", self.year)
        form.addRow("支出类别", self.category)
        form.addRow("经费来源", self.source)
        form.addRow("预算金额（元）", self.amount)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "保存", self.save))
        layout.addWidget(self.table)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.refresh()

    def save(self) -> None:
        try:
            self.services.budgets.set(self.org_id, self.year.value(), self.category.currentData(), self.amount.text(),
                                      source=self.source.currentData())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.error.show_message("")
        self.amount.clear()
        self.refresh()

    def refresh(self) -> None:
        rows = self.services.budgets.execution(self.org_id, self.year.value())
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (r.category, r.source or "各来源", format_yuan(r.budget), format_yuan(r.actual),
                     "" if r.used is None else f"{r.used}%")
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
