"""The 党费 tab: who has not paid for a month, in the organisation chosen on the left — the
question branches ask most — with the month's totals; 交纳 records a payment of one or several
months for the member chosen; 党费计算 shows the bracket, rate and monthly amount for a kind and
a base; 导入核定 and 导出 (app.ui.funds.dues_io_actions) read and write a year's dues in Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.funds.dues import DuesKind, add_months
from app.domain.funds.dues_forms import ASSESS_FIELDS
from app.domain.kit.changes import Change
from app.domain.kit.errors import AppError
from app.domain.kit.money import fen_to_decimal, format_yuan
from app.services.container import Services
from app.services.funds.dues_rows import AssessInput
from app.ui.funds.models import UnpaidQuery, UnpaidTableModel
from app.ui.funds.remittance_page import RemittancePage
from app.ui.kit.area_tab import RecordAreaTab
from app.ui.kit.changes import ChangeBus
from app.ui.kit.record_dialogs import RecordDialog, StepDialog
from app.ui.kit.record_page import Page, combo


class DuesCalculator(QDialog):
    """党费计算: kind + base → the bracket used, the rate and the monthly amount, as one types."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("党费计算")
        self.services = services
        self.kind = QComboBox()
        self.kind.setObjectName("duesKind")
        for k in DuesKind:
            self.kind.addItem(k.value, k.value)
        self.base = QLineEdit()
        self.base.setObjectName("duesBase")
        self.base.setPlaceholderText("每月税后固定工资或基本退休费，如 4000")
        self.answer = QLabel()
        self.answer.setObjectName("duesResult")
        self.answer.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("党费类别", self.kind)
        form.addRow("基数（元）", self.base)
        form.addRow("计算结果", self.answer)
        self.kind.currentIndexChanged.connect(lambda _i: self.calculate())
        self.base.textChanged.connect(lambda _t: self.calculate())
        self.calculate()

    def calculate(self) -> None:
        try:
            a = self.services.dues.calculate(self.kind.currentData(), self.base.text())
        except AppError as exc:
            self.answer.setText(exc.message)
            self.answer.setStyleSheet("color: #b00020;")
            return
        self.answer.setStyleSheet("")
        rate = f"，费率{a.rate_text}" if a.rate_text else ""
        self.answer.setText(f"按“{a.bracket}”{rate}，每月应交党费 {a.monthly_text} 元")


class UnpaidPage(Page):
    measure = "名未交"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(UnpaidTableModel(services.dues), "unpaidTable", config, "（按月份和支部列出未交党费的党员）",
                         parent)
        self.services = services
        self.search.setVisible(False)
        this = dt.date.today().replace(day=1)
        self.month_box = combo("duesMonth", [(f"{m.year}年{m.month}月", m) for m in
                                             (add_months(this, -i) for i in range(0, 24))])
        self.add_filter(self.month_box)
        self.totals = QLabel()
        self.totals.setObjectName("duesTotals")
        self.filters.addWidget(self.totals, 3)
        self.add_action("payDues", "交纳党费", self.pay, needs_row=True)
        self.add_action("assessDues", "核定党费", self.assess, needs_row=True,
                        tip="核定或年中重新核定所选党员本年度的党费（类别、基数、困难减免）")
        self.add_action("duesCalc", "党费计算", self.calculator, edits=False)
        self.add_action("importDues", "导入核定", self.import_file,
                        tip="从Excel或CSV导入所选月份那一年度的党费核定：公民身份号码、党费类别、党费基数")
        self.add_action("exportDues", "导出", self.export_file, edits=False,
                        tip="把所选月份那一年度、左侧所选党组织党员的党费核定和各月交纳情况导出为Excel")
        self.finish_buttons()

    def query(self) -> UnpaidQuery:
        return UnpaidQuery(self.month_box.currentData(), self.scope)

    def apply(self) -> None:
        super().apply()
        month: dt.date = self.month_box.currentData()
        end = add_months(month, 1) - dt.timedelta(days=1)
        t = self.services.dues.totals(self.scope, month, end)
        self.totals.setText(f"本月应交 {format_yuan(t.due)} 元，实交 {format_yuan(t.paid)} 元")

    def pay(self) -> None:
        row = self.current()
        if row is None:
            return
        month: dt.date = self.month_box.currentData()

        def run(values: dict[str, Any]) -> Any:
            count = int(values.get("number") or 1) if str(values.get("number") or "1").isdigit() else 0
            if not 1 <= count <= 24:
                from app.domain.kit.errors import ValidationError

                raise ValidationError("月数应为1至24之间的整数")
            self.services.dues.pay(row.member_id, month, add_months(month, count - 1), paid_on=values["date"],
                                   receipt_no=values.get("text", ""))
            return row

        dialog = StepDialog(f"交纳党费：{row.name}（自{month.year}年{month.month}月起）", run, date_label="交纳日期",
                            text_label="收据号", number_label="交纳月数", parent=self)
        if dialog.number is not None:
            dialog.number.setText("1")
        if dialog.exec():
            self.apply()

    def assess_dialog(self) -> RecordDialog | None:
        row = self.current()
        if row is None:
            return None
        year = self.month_box.currentData().year
        now = self.services.dues.assessment(row.member_id, year)
        values: dict[str, Any] = {}
        if now is not None:
            values = {"kind": now.kind, "base": "" if now.base is None else f"{fen_to_decimal(now.base)}",
                      "reduced": "" if now.reduced is None else f"{fen_to_decimal(now.reduced)}",
                      "reduction_body": now.reduction_body, "reduction_on": now.reduction_on}
        title = f"{'重新核定' if now else '核定'}党费：{row.name}（{year}年度）"
        return RecordDialog(title, ASSESS_FIELDS, AssessInput,
                            lambda d: self.services.dues.assess_from(row.member_id, year, d), values=values,
                            parent=self)

    def assess(self) -> None:
        dialog = self.assess_dialog()
        if dialog is not None and dialog.exec():
            self.apply()

    def calculator(self) -> None:
        DuesCalculator(self.services, self).exec()

    def import_file(self, path: str | Path | None = None) -> int | None:
        from app.ui.funds import dues_io_actions

        return dues_io_actions.import_dues(self, path)

    def export_file(self, path: str | Path | None = None) -> Path | None:
        from app.ui.funds import dues_io_actions

        return dues_io_actions.export_dues(self, path)


class DuesTab(RecordAreaTab):
    title = "党费"
    concerns = frozenset({Change.DUES, Change.MEMBERS, Change.ORGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "duesOrgTree", parent)
        self.unpaid = UnpaidPage(services, config)
        self.remittances = RemittancePage(services, config)
        self.set_pages("duesPages", ((self.unpaid, "未交名单"), (self.remittances, "上缴记录")))
