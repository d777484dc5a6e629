"""The 收支明细 page of the 经费 tab: entries of the organisation chosen on the left, by year,
status, direction and source; new entries are drafts, 修改 and 删除 work on drafts only, 记账
gives voucher numbers (asking first when a source would go below zero), 冲销 corrects a
posted entry, 附件 keeps the receipt scans, and vouchers print for one entry or a month.
导入, 导出, 导出余额表 and 保存导入模板 are in app.ui.funds.ledger_io_actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.funds.fields import DIRECTIONS, DRAFT, ENTRY_FIELDS, POSTED
from app.domain.kit.errors import AppError
from app.domain.kit.money import fen_to_decimal
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.funds.ledger import NegativeBalance
from app.services.funds.rows import EntryInput, EntryRow
from app.ui.funds.models import EntryTableModel
from app.ui.kit.errors import show_error
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo


def entry_refs(services: Services) -> dict[str, list[tuple[str, int]]]:
    from app.ui.orgs.names import org_choices

    return {"org_id": org_choices(services.orgs.list()),
            "source_id": [(s.name, s.id) for s in services.fund_catalog.sources()],
            "category_id": [(c.path.replace("/", " / "), c.id) for c in services.fund_catalog.categories()],
            "project_id": [(p.name, p.id) for p in services.fund_projects.projects()]}


class LedgerPage(Page):
    measure = "笔"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(EntryTableModel(services.ledger), "entryTable", config, "搜索摘要、对方单位、经办人或凭证号",
                         parent)
        self.services = services
        this = dt.date.today().year
        self.year_box = combo("entryYear", [("全部年度", None), *((f"{y}年", y) for y in range(this, this - 8, -1))])
        self.year_box.setCurrentIndex(1)
        self.status_box = combo("entryStatus", [("全部状态", None), (DRAFT, DRAFT), (POSTED, POSTED)])
        self.direction_box = combo("entryDirection", [("收入和支出", None), *((d, d) for d in DIRECTIONS)])
        self.source_box = combo("entrySource", [("全部来源", None),
                                                *((s.name, s.id) for s in services.fund_catalog.sources())])
        for box in (self.year_box, self.status_box, self.direction_box, self.source_box):
            self.add_filter(box)
        self.add_action("addEntry", "新增收支", self.add)
        self.add_action("editEntry", "修改草稿", self.edit, needs_row=True)
        self.add_action("deleteEntry", "删除草稿", self.delete, needs_row=True)
        self.add_action("postEntries", "记账", self.post, needs_row=True, tip="给选中的草稿编凭证号；记账后不能再改")
        self.add_action("reverseEntry", "冲销", self.reverse, needs_row=True, tip="用一笔红字冲销更正已记账的收支")
        self.add_action("entryFiles", "附件", self.attachments, needs_row=True, edits=False,
                        tip="收据、发票的扫描件（PDF、PNG或JPG）：添加、查看、另存")
        self.add_action("printVoucher", "打印凭证", self.print_voucher, needs_row=True, edits=False)
        self.add_action("importEntries", "导入", self.import_file,
                        tip="从Excel或CSV导入收支到左侧所选党组织的账上：先逐行检查，再选择导入为草稿或直接记账")
        self.add_action("exportEntries", "导出", self.export_file, edits=False,
                        tip="把上方所选年度（或全部年度）的收支明细导出为Excel")
        self.add_action("exportBalances", "导出余额表", self.export_balances, edits=False,
                        tip="各经费来源截至某日的收入、支出和余额，导出为Excel")
        self.add_action("ledgerTemplate", "保存导入模板", self.save_template, edits=False,
                        tip="空白的经费台账Excel：表头、示例和填写说明")
        self.finish_buttons()

    def refresh_sources(self) -> None:
        """The source filter after the office added a source (收支科目), keeping the choice."""
        box, chosen = self.source_box, self.source_box.currentData()
        box.blockSignals(True)
        box.clear()
        for label, value in [("全部来源", None), *((s.name, s.id) for s in self.services.fund_catalog.sources())]:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def query(self) -> EntryQuery:
        return EntryQuery(org_id=self.scope, year=self.year_box.currentData(), status=self.status_box.currentData(),
                          direction=self.direction_box.currentData(), source_id=self.source_box.currentData(),
                          text=self.search.text().strip(), sort=getattr(self.model.query, "sort", "entry_date"),
                          descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        row = self.current()
        if row is not None and not row.posted:
            self.edit()

    # ---- commands ------------------------------------------------------------------------
    def dialog(self, row: EntryRow | None = None) -> RecordDialog:
        ledger = self.services.ledger
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "entry_date": dt.date.today(), "direction": "支出"}
            save = ledger.create
        else:
            values = input_values(row, EntryInput)
            values["amount"] = f"{fen_to_decimal(row.amount)}"  # the form shows 元, the service reads them

            def save(data: EntryInput) -> Any:
                return ledger.update(row.id, data, row.version)
        title = "新增收支（草稿）" if row is None else f"修改草稿：{row.summary}"
        return RecordDialog(title, ENTRY_FIELDS, EntryInput, save, values=values, refs=entry_refs(self.services),
                            parent=self)

    def _run(self, dialog: RecordDialog | StepDialog) -> None:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)

    def add(self) -> None:
        self._run(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.posted:
            QMessageBox.information(self, "已记账", f"凭证{row.voucher}已记账，不能修改；如有错误，请用“冲销”更正。")
            return
        self._run(self.dialog(row))

    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(self, "删除草稿", f"删除草稿“{row.summary}”？")
        if answer == QMessageBox.StandardButton.Yes and self.attempt(lambda: self._delete(row.id)):
            self.apply()

    def _delete(self, entry_id: int) -> bool:
        self.services.ledger.delete_draft(entry_id)
        return True

    def post(self) -> None:
        ids = self.table.selected_ids() or ([self.current().id] if self.current() else [])
        drafts = [r.id for r in self.services.ledger.rows(ids) if not r.posted]
        if not drafts:
            QMessageBox.information(self, "记账", "所选的收支都已记账。")
            return
        answer = QMessageBox.question(self, "记账", f"把所选的{len(drafts)}笔草稿记账？记账后不能修改或删除，只能冲销。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.post_ids(drafts)

    def post_ids(self, drafts: list[int], *, allow_negative: bool = False) -> None:
        try:
            self.services.ledger.post(drafts, allow_negative=allow_negative)
        except NegativeBalance as exc:
            again = QMessageBox.warning(self, exc.title, exc.message, QMessageBox.StandardButton.Yes
                                        | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if again == QMessageBox.StandardButton.Yes:
                self.post_ids(drafts, allow_negative=True)
            return
        except AppError as exc:
            show_error(self, exc)
            return
        self.apply()

    def reverse(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = StepDialog(f"冲销凭证{row.voucher}", lambda v: self.services.ledger.reverse(row.id, v["date"], v["text"]),
                            date_label="冲销日期", text_label="冲销原因", parent=self)
        self._run(dialog)

    def attachments(self) -> Any:
        row = self.current()
        if row is None:
            return None
        from app.ui.funds.entry_files_dialog import EntryFilesDialog

        dialog = EntryFilesDialog(self.services, row.id, editable=self.editable, parent=self)
        dialog.exec()
        return dialog

    def print_voucher(self) -> None:
        row = self.current()
        if row is None:
            return
        from app.reports.funds.vouchers import print_vouchers

        result = self.attempt(lambda: print_vouchers(self.services, entry_id=row.id))
        if result is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, "保存凭证", f"记账凭证{row.voucher}.pdf", "PDF 文件 (*.pdf)")
        if path:
            from app.services.kit.files import write_bytes

            self.attempt(lambda: write_bytes(path, result[0], kind="凭证"))

    # ---- import and export (app.ui.funds.ledger_io_actions) ------------------------------
    def import_file(self, path: str | Path | None = None) -> int | None:
        from app.ui.funds import ledger_io_actions

        return ledger_io_actions.import_ledger(self, path)

    def export_file(self, path: str | Path | None = None) -> Path | None:
        from app.ui.funds import ledger_io_actions

        return ledger_io_actions.export_ledger(self, path)

    def export_balances(self, path: str | Path | None = None, on: dt.date | None = None) -> Path | None:
        from app.ui.funds import ledger_io_actions

        return ledger_io_actions.export_balances(self, path, on)

    def save_template(self, path: str | Path | None = None) -> Path | None:
        from app.ui.funds import ledger_io_actions

        return ledger_io_actions.save_template(self, path)
