"""The 报到登记 and 志愿者 pages: in-service members who reported in (register, leave; who has
not reported yet), and the volunteers, members or not (add, edit; ID and phone masked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.service.fields import REPORT_FIELDS, REPORT_STATUSES, VOLUNTEER_FIELDS
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.service.rows import (
    ReportInput,
    ReportQuery,
    TeamQuery,
    VolunteerInput,
    VolunteerQuery,
)
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs
from app.ui.service.models import ReportTableModel, VolunteerTableModel

IN_SERVICE = "在职党员"


class ReportsPage(Page):
    measure = "名"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ReportTableModel(services.reports), "serviceReportTable", config,
                         "搜索党员姓名（拼音、首字母）", parent)
        self.services = services
        self.status_box = combo("reportStatus", [("全部", None), *((s, s) for s in REPORT_STATUSES)])
        self.add_filter(self.status_box)
        self.add_action("addReport", "登记报到", self.add)
        self.add_action("editReport", "修改", self.edit, needs_row=True)
        self.add_action("leaveReport", "登记离开", self.leave, needs_row=True)
        self.add_action("notReported", "未报到名单", self.show_not_reported, edits=False)
        self.finish_buttons()

    def query(self) -> ReportQuery:
        return ReportQuery(org_id=self.scope, status=self.status_box.currentData(), text=self.search.text().strip(),
                           sort=getattr(self.model.query, "sort", "name"),
                           descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def refs(self) -> dict[str, list[tuple[str, int]]]:
        members = self.services.members
        ids = members.search_ids(MemberQuery(org_id=self.scope, category=IN_SERVICE))[:2000]
        teams = self.services.teams
        return {"org_id": org_refs(self.services),
                "member_id": [(f"{m.name}（{m.work_unit or m.org_name}）", m.id) for m in members.rows(ids)],
                "unit_id": [(n, i) for i, n in self.services.units.names(self.scope)],
                "team_id": [(t.name, t.id) for t in teams.rows(teams.search_ids(TeamQuery(org_id=self.scope)))]}

    def dialog(self, row: Any = None) -> RecordDialog:
        reports = self.services.reports
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "reported_on": dt.date.today()}
            save = reports.report_in
        else:
            values = input_values(row, ReportInput)

            def save(data: ReportInput) -> Any:
                return reports.update(row.id, data, row.version)
        title = "登记在职党员报到" if row is None else f"修改报到登记：{row.member_name}"
        return RecordDialog(title, REPORT_FIELDS, ReportInput, save, values=values, refs=self.refs(), parent=self)

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

    def leave_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"登记离开：{row.member_name}", lambda v: self.services.reports.leave(row.id, v["date"]),
                          date_label="离开日期", parent=self)

    def leave(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.leave_dialog(row))

    def not_reported_text(self) -> str:
        missing = self.attempt(lambda: self.services.reports.not_reported(self.scope, dt.date.today()))
        if not missing:
            return "所有在职党员都已报到。"
        lines, unit = [], None
        for m in missing:
            if m.unit_name != unit:
                unit = m.unit_name
                lines.append(f"【{unit}】")
            lines.append(f"    {m.name}（{m.org_name}）")
        return f"尚未报到的在职党员共{len(missing)}名：\n" + "\n".join(lines)

    def show_not_reported(self) -> None:
        QMessageBox.information(self, "未报到的在职党员", self.not_reported_text())


class VolunteersPage(Page):
    measure = "名"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(VolunteerTableModel(services.volunteers), "volunteerTable", config,
                         "搜索姓名（拼音、首字母）或完整身份证号", parent)
        self.services = services
        self.kind_box = combo("volunteerKind", [("全部", None), ("党员", True), ("群众", False)])
        self.add_filter(self.kind_box)
        self.add_action("addVolunteer", "新增志愿者", self.add)
        self.add_action("editVolunteer", "修改", self.edit, needs_row=True)
        self.add_action("issueCertificate", "出具服务证明", self.certificate, needs_row=True,
                        tip="按已确认的服务记录出具志愿服务记录证明（编号按年连续，每次出具都记入台账）")
        self.finish_buttons()

    def query(self) -> VolunteerQuery:
        return VolunteerQuery(org_id=self.scope, members=self.kind_box.currentData(), text=self.search.text().strip(),
                              descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: Any = None) -> RecordDialog:
        v = self.services.volunteers
        fields = tuple(f for f in VOLUNTEER_FIELDS if f.key != "member_id")  # members come from the roster
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope}
            save = v.create
        else:
            values = input_values(row, VolunteerInput)

            def save(data: VolunteerInput) -> Any:
                return v.update(row.id, VolunteerInput(**{**data.__dict__, "member_id": row.member_id}), row.version)
        title = "新增志愿者（非党员）" if row is None else f"修改志愿者：{row.name}"
        return RecordDialog(title, fields, VolunteerInput, save, values=values, refs={"org_id": org_refs(self.services)},
                            parent=self)

    def add(self) -> None:
        dialog = self.dialog()
        if dialog.exec() and dialog.result_row is not None:
            self.apply()

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            dialog = self.dialog(row)
            if dialog.exec():
                self.apply()

    def certificate(self, *, show: bool = True) -> Any:
        """Issues a certificate over all the person's confirmed records and shows it to print."""
        from app.reports.service.printouts import render_certificate
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        row = self.current()
        if row is None:
            return None
        content = self.attempt(lambda: self.services.certificates.issue(row.id, None, None))
        if content is None:
            return None
        pdf, pages = render_certificate(content)
        preview = PdfPreviewDialog(pdf, f"志愿服务记录证明（{content.number}，{pages}页）", self)
        if show:
            preview.exec()
        return preview
