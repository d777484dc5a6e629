"""The 共建协议 page: agreements of the chosen organisation by status (the ending ones in orange,
the expired in red); draft, edit, sign, terminate, renew, see and tick off the commitments, attach
scans, print the agreement ready to sign, export."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.cobuild.agreement_fields import AGREEMENT_FIELDS
from app.domain.cobuild.agreements import Status
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.agreement_rows import AgreementInput
from app.services.container import Services
from app.ui.cobuild.commitments import CommitmentsDialog
from app.ui.cobuild.models import AgreementTableModel
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs


class AgreementsPage(Page):
    measure = "份协议"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(AgreementTableModel(services.agreements), "agreementTable", config,
                         "搜索协议编号、单位名称或单位党组织", parent)
        self.services = services
        self.status_box = combo("agreementStatus", [("全部状态", None), *((s.value, s.value) for s in Status)])
        self.add_filter(self.status_box)
        self.add_action("addAgreement", "新增协议", self.add)
        self.add_action("editAgreement", "修改", self.edit, needs_row=True)
        self.add_action("signAgreement", "签订", self.sign, needs_row=True)
        self.add_action("terminateAgreement", "终止", self.terminate, needs_row=True)
        self.add_action("renewAgreement", "续签", self.renew, needs_row=True,
                        tip="按原协议生成下一期协议（草拟），未兑现的承诺事项一并结转")
        self.add_action("commitments", "承诺事项", self.commitments, needs_row=True, edits=False)
        self.add_action("attach", "添加扫描件", self.attach, needs_row=True)
        self.add_action("printAgreement", "打印协议", self.print_agreement, needs_row=True, edits=False)
        self.add_action("exportAgreements", "导出", self.export_file, edits=False)
        self.finish_buttons()

    def query(self) -> AgreementQuery:
        return AgreementQuery(org_id=self.scope, text=self.search.text().strip(), status=self.status_box.currentData(),
                              sort=getattr(self.model.query, "sort", "ends_on"),
                              descending=getattr(self.model.query, "descending", False))

    def show_status(self, status: str | None) -> None:
        self.status_box.setCurrentIndex(max(self.status_box.findData(status), 0))
        self.apply()

    def activated(self) -> None:
        self.commitments()

    def unit_refs(self) -> list[tuple[str, int]]:
        return [(name, i) for i, name in self.services.units.names(self.scope)]

    def dialog(self, row: Any = None) -> RecordDialog:
        ag = self.services.agreements
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope}
            save = ag.create
        else:
            values = input_values(row, AgreementInput)

            def save(data: AgreementInput) -> Any:
                return ag.update(row.id, data, row.version)
        refs = {"org_id": org_refs(self.services), "unit_id": self.unit_refs()}
        if row is not None and all(i != row.unit_id for _n, i in refs["unit_id"]):
            refs["unit_id"].append((row.unit_name, row.unit_id))
        title = "新增共建协议" if row is None else f"修改共建协议：{row.number}"
        return RecordDialog(title, AGREEMENT_FIELDS, AgreementInput, save, values=values, refs=refs, parent=self)

    def _run(self, dialog: RecordDialog | StepDialog) -> Any:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)
            return dialog.result_row
        return None

    def add(self) -> None:
        self._run(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.dialog(row))

    def sign_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"签订：{row.number}", lambda v: self.services.agreements.sign(row.id, v["date"]),
                          date_label="签订日期", parent=self)

    def sign(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.sign_dialog(row))

    def terminate_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"终止：{row.number}",
                          lambda v: self.services.agreements.terminate(row.id, v["date"], v["text"]),
                          date_label="终止日期", text_label="终止原因", parent=self)

    def terminate(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.terminate_dialog(row))

    def renew(self) -> Any:
        row = self.current()
        if row is None:
            return None
        new = self.attempt(lambda: self.services.agreements.renew(row.id))
        if new is not None:
            self.apply()
            self.table.select_ids([new.id], new.id)
        return new

    def commitments(self) -> CommitmentsDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = CommitmentsDialog(self.services, row.id, editable=self.editable, parent=self)
        dialog.exec()
        self.apply()
        return dialog

    def attach(self, path: str | None = None) -> Any:
        row = self.current()
        if row is None:
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "添加协议扫描件", "", "扫描件 (*.pdf *.png *.jpg *.jpeg)")
            if not path:
                return None
        added = self.attempt(lambda: self.services.agreement_files.attach_file(row.id, path))
        self.apply()
        return added

    def print_agreement(self) -> Any:
        from app.reports.cobuild.agreement_doc import print_agreement
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        row = self.current()
        if row is None:
            return None
        made = self.attempt(lambda: print_agreement(self.services, row.id))
        if made is None:
            return None
        pdf, pages = made
        preview = PdfPreviewDialog(pdf, f"共建协议书（{row.number}，{pages}页）", self)
        preview.exec()
        return preview

    def export_file(self, path: str | None = None) -> Any:
        from app.io.cobuild.export import export_agreements

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "导出共建协议", "共建协议.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
            if not path:
                return None
        reveal = bool(self.model.context.reveal)
        return self.attempt(lambda: export_agreements(self.services, self.model.query, path, show_sensitive=reveal))
