"""The 专项经费项目 page of the 经费 tab: the special-fund projects (服务群众专项经费) of the
organisation chosen on the left, by stage, with budget, spending and balance. 新建项目 records a
project as agreed (项目议定); 推进到下一步 dates the next step (审核备案 → 实施 → 验收 → 公示) with
who did it; 项目收支 shows the steps and links the ledger's drafts; 打印公示 prints the notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.funds.projects import PROJECT_FIELDS, STAGES, next_stage
from app.services.container import Services
from app.services.funds.projects import ProjectInput
from app.ui.funds.models import ProjectQuery, ProjectTableModel
from app.ui.kit.record_dialogs import RecordDialog, StepDialog
from app.ui.kit.record_page import Page, combo


class ProjectsPage(Page):
    measure = "个项目"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ProjectTableModel(services.fund_projects), "projectTable", config, "搜索项目名称或说明",
                         parent)
        self.services = services
        self.stage_box = combo("projectStage", [("全部环节", None), *((s, s) for s in STAGES)])
        self.add_filter(self.stage_box)
        self.add_action("addProject", "新建项目", self.add)
        self.add_action("advanceProject", "推进到下一步", self.advance, needs_row=True,
                        tip="记下下一环节的日期和办理人")
        self.add_action("projectEntries", "项目收支", self.detail, needs_row=True, edits=False,
                        tip="办理经过、关联的收支；把收支草稿关联到项目")
        self.add_action("printNotice", "打印公示", self.print_notice, needs_row=True, edits=False)
        self.finish_buttons()

    def query(self) -> ProjectQuery:
        return ProjectQuery(org_id=self.scope, stage=self.stage_box.currentData(), text=self.search.text().strip(),
                            sort=getattr(self.model.query, "sort", ""),
                            descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.detail()

    def _show(self, project_id: int) -> None:
        self.apply()
        self.table.select_ids([project_id], project_id)

    def dialog(self) -> RecordDialog:
        values = {"org_id": self.scope, "resolved_on": dt.date.today()}
        from app.ui.orgs.names import org_choices

        refs = {"org_id": org_choices(self.services.orgs.list())}
        return RecordDialog("新建专项经费项目（项目议定）", PROJECT_FIELDS, ProjectInput,
                            self.services.fund_projects.create_from, values=values, refs=refs, parent=self)

    def add(self) -> None:
        dialog = self.dialog()
        if dialog.exec() and dialog.result_row is not None:
            self._show(dialog.result_row.id)

    def step_dialog(self) -> StepDialog | None:
        row = self.current()
        if row is None:
            return None
        stage = next_stage(row.stage)
        if stage is None:
            QMessageBox.information(self, "推进到下一步", f"项目“{row.name}”已公示，流程已完成。")
            return None

        def run(values: dict[str, Any]) -> Any:
            return self.services.fund_projects.advance(row.id, values["date"], values.get("text", ""))

        return StepDialog(f"{row.name}：{stage}", run, date_label=f"{stage}日期", text_label="办理人", parent=self)

    def advance(self) -> None:
        dialog = self.step_dialog()
        if dialog is not None and dialog.exec() and dialog.result_row is not None:
            self._show(dialog.result_row.id)

    def detail(self) -> Any:
        row = self.current()
        if row is None:
            return None
        from app.ui.funds.project_detail import ProjectDetailDialog

        dialog = ProjectDetailDialog(self.services, row.id, self)
        dialog.exec()
        if dialog.changed:
            self._show(row.id)
        return dialog

    def print_notice(self) -> Any:
        row = self.current()
        if row is None:
            return None
        from app.reports.funds.sheets import print_notice
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        made = self.attempt(lambda: print_notice(self.services, row.id))
        if made is None:
            return None
        pdf, pages = made
        preview = PdfPreviewDialog(pdf, f"专项经费公示（{row.name}，{pages}页）", self, file_name=f"{row.name}公示")
        preview.exec()
        return preview
