"""The 党费 tab's 上缴记录 page: the dues the organisation chosen on the left remitted upward in a
year, with the year's totals collected, remitted and kept; 记录上缴 records one (date, amount,
receiving organisation, receipt)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.funds.dues_forms import REMIT_FIELDS
from app.domain.kit.money import format_yuan
from app.services.container import Services
from app.services.funds.remittances import RemittanceInput
from app.ui.funds.models import RemittanceQuery, RemittanceTableModel
from app.ui.kit.record_dialogs import RecordDialog
from app.ui.kit.record_page import Page, combo


class RemittancePage(Page):
    measure = "笔上缴"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(RemittanceTableModel(services.remittances), "remittanceTable", config, "", parent)
        self.services = services
        self.search.setVisible(False)
        this = dt.date.today().year
        self.year_box = combo("remitYear", [(f"{y}年", y) for y in range(this, this - 8, -1)])
        self.add_filter(self.year_box)
        self.totals = QLabel()
        self.totals.setObjectName("remitTotals")
        self.filters.addWidget(self.totals, 3)
        self.add_action("addRemittance", "记录上缴", self.add)
        self.finish_buttons()

    def query(self) -> RemittanceQuery:
        return RemittanceQuery(self.scope, self.year_box.currentData(), sort=getattr(self.model.query, "sort", ""),
                               descending=getattr(self.model.query, "descending", False))

    def apply(self) -> None:
        super().apply()
        year = self.year_box.currentData()
        t = self.services.remittances.year_totals(self.scope, year)
        self.totals.setText(f"{year}年　收缴 {format_yuan(t.paid)} 元　上缴 {format_yuan(t.remitted)} 元　"
                            f"留存 {format_yuan(t.kept)} 元")

    def dialog(self) -> RecordDialog:
        from app.ui.orgs.names import org_choices

        return RecordDialog("记录党费上缴", REMIT_FIELDS, RemittanceInput, self.services.remittances.record,
                            values={"org_id": self.scope, "remitted_on": dt.date.today()},
                            refs={"org_id": org_choices(self.services.orgs.list())}, parent=self)

    def add(self) -> None:
        dialog = self.dialog()
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)
