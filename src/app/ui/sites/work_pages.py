"""The 特色品牌 page (brand projects and their steps, recorded in order) and the 进格入户 page (the
visit log; overdue follow-ups in red, a filter that shows them, recording a follow-up done)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.sites.fields import BRAND_FIELDS, CENTRAL_HOUSEHOLD, VISIT_FIELDS, VISITOR_ROLES
from app.services.container import Services
from app.services.sites.rows import ALL, DONE, OVERDUE, PENDING, BrandInput, SitesQuery, VisitInput
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import combo
from app.ui.kit.ref_search import RefSearch
from app.ui.kit.spec_form import SpecForm
from app.ui.members.lookup import PLACEHOLDER as MEMBER_PLACEHOLDER
from app.ui.members.lookup import member_lookup
from app.ui.sites.common import SitesPage
from app.ui.sites.models import BRAND_COLUMNS, VISIT_COLUMNS, SitesTableModel


class BrandsPage(SitesPage):
    measure = "个品牌"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(SitesTableModel(services.brands, BRAND_COLUMNS, SitesQuery()), "brandTable", config,
                         "搜索品牌名称或简介", parent)
        self.services = services
        self.add_action("addBrand", "新增品牌", self.add)
        self.add_action("editBrand", "修改", self.edit, needs_row=True)
        self.add_action("nextStep", "登记下一步", self.next_step, needs_row=True,
                        tip="按 品牌申报 → 组织实施 → 成果展示 → 评比验收 的顺序登记")
        self.add_action("undoStep", "撤回上一步", self.undo_step, needs_row=True)
        self.add_action("brandFiles", "附件", self.attachments, needs_row=True, edits=False,
                        tip="申报材料、成果照片和总结（PDF、PNG或JPG）")
        self.finish_buttons()

    def attachments(self) -> Any:
        row = self.current()
        if row is None:
            return None
        from app.ui.kit.attachments_dialog import AttachmentsDialog

        dialog = AttachmentsDialog(self.services.brand_files, row.id, f"附件：{row.name}", noun="材料",
                                   state="品牌的申报材料、成果照片和总结，随品牌记录保存和备份。",
                                   editable=self.editable, parent=self)
        dialog.exec()
        return dialog

    def query(self) -> SitesQuery:
        return SitesQuery(org_id=self.scope, text=self.search.text().strip(),
                          sort=getattr(self.model.query, "sort", "name"),
                          descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: Any = None) -> RecordDialog:
        brands = self.services.brands
        if row is None:
            return self.record_dialog("新增特色品牌", BRAND_FIELDS, BrandInput, brands.create, {"org_id": self.scope})
        return self.record_dialog(f"修改特色品牌：{row.name}", BRAND_FIELDS, BrandInput,
                                  lambda d: brands.update(row.id, d, row.version), input_values(row, BrandInput))

    def add(self) -> None:
        self.run_dialog(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.dialog(row))

    def step_dialog(self, row: Any) -> StepDialog | None:
        step = row.next_step
        if step is None:
            QMessageBox.information(self, "登记下一步", f"特色品牌“{row.name}”四个步骤都已完成。")
            return None
        return StepDialog(f"{row.name}：{step}", lambda v: self.services.brands.record_step(row.id, step, v["date"],
                                                                                          v["text"]),
                          date_label=f"{step}日期", text_label=f"{step}结果", long_text=True, parent=self)

    def next_step(self) -> None:
        row = self.current()
        dialog = self.step_dialog(row) if row is not None else None
        if dialog is not None:
            self.run_dialog(dialog)

    def undo_step(self) -> None:
        row = self.current()
        if row is None or not row.steps:
            return
        ask = f"撤回特色品牌“{row.name}”已登记的“{row.stage}”？"
        if (QMessageBox.question(self, "撤回上一步", ask) == QMessageBox.StandardButton.Yes
                and self.attempt(lambda: self.services.brands.undo_step(row.id)) is not None):
            self.apply()


class VisitsPage(SitesPage):
    measure = "次走访"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        model = SitesTableModel(services.grid_visits, VISIT_COLUMNS, SitesQuery(sort="visited_on", descending=True))
        super().__init__(model, "visitTable", config, "搜索走访人、走访户、网格或反映事项", parent)
        self.services = services
        this_year = dt.date.today().year
        self.role_box = combo("visitRole", [("全部走访人", None), *((r, r) for r in VISITOR_ROLES)])
        self.year_box = combo("visitYear", [("全部年份", None), *((f"{y}年", y) for y in range(this_year, this_year - 6, -1))])
        self.state_box = combo("visitState", [("全部跟进状态", ALL), (OVERDUE, OVERDUE), (PENDING, PENDING), (DONE, DONE)])
        for box in (self.role_box, self.year_box, self.state_box):
            self.add_filter(box)
        self.add_action("addVisit", "登记走访", self.add)
        self.add_action("editVisit", "修改", self.edit, needs_row=True)
        self.add_action("finishVisit", "登记办结", self.finish, needs_row=True)
        self.add_action("removeVisit", "删除", self.remove, needs_row=True)
        self.add_action("importVisits", "导入", lambda: self.import_file("visits", "走访记录"))
        self.add_action("exportVisits", "导出", lambda: self.export_file("visits", "走访记录"), edits=False)
        self.finish_buttons()

    def query(self) -> SitesQuery:
        return SitesQuery(org_id=self.scope, text=self.search.text().strip(), kind=self.role_box.currentData(),
                          year=self.year_box.currentData(), state=self.state_box.currentData(),
                          sort=getattr(self.model.query, "sort", "visited_on"),
                          descending=getattr(self.model.query, "descending", True))

    def show_overdue(self) -> None:
        self.year_box.setCurrentIndex(0)
        self.state_box.setCurrentIndex(self.state_box.findData(OVERDUE))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: Any = None) -> RecordDialog:
        visits = self.services.grid_visits
        lookups = {"member_id": member_lookup(self.services, self.scope)}
        if row is None:
            values = {"org_id": self.scope, "visited_on": dt.date.today()}
            dialog = self.record_dialog("登记走访", VISIT_FIELDS, VisitInput, visits.create, values, lookups=lookups)
        else:
            dialog = self.record_dialog(f"修改走访记录：{row.household}", VISIT_FIELDS, VisitInput,
                                        lambda d: visits.update(row.id, d, row.version), input_values(row, VisitInput),
                                        lookups=lookups)
        self.link_member(dialog.form, row.visitor if row is not None and row.member_id is not None else "")
        return dialog

    def link_member(self, form: SpecForm, filled: str) -> None:
        """A member picked from the roster is the visitor (the service checks the names agree):
        the member's name goes into 走访人 when that is empty or still holds the name of the
        member picked before (``filled``), and an empty 走访人身份 becomes 党员中心户."""
        picker = form.widgets["member_id"]
        assert isinstance(picker, RefSearch)
        picker.setPlaceholderText(MEMBER_PLACEHOLDER)
        last = [filled]

        def chosen(member_id: int) -> None:
            found = self.services.members.rows([member_id])
            if not found:
                return
            name = found[0].name
            if form.value("visitor").strip() in ("", last[0], name):
                form.set_value("visitor", name)
                last[0] = name
            if not form.value("visitor_role"):
                form.set_value("visitor_role", CENTRAL_HOUSEHOLD)

        picker.chosen.connect(chosen)

    def add(self) -> None:
        self.run_dialog(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.dialog(row))

    def finish_dialog(self, row: Any) -> StepDialog:
        def done(v: dict[str, Any]) -> Any:
            data = dataclasses.replace(VisitInput(**input_values(row, VisitInput)), done_on=v["date"],
                                       result=v["text"].strip() or row.result)
            return self.services.grid_visits.update(row.id, data, row.version)

        return StepDialog(f"登记办结：{row.household}", done, date_label="办结日期", text_label="办理结果",
                          long_text=True, parent=self)

    def finish(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.finish_dialog(row))

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        ask = f"删除{row.visited_on}{row.visitor}走访“{row.household}”的记录？（录错时使用）"
        if QMessageBox.question(self, "删除走访记录", ask) == QMessageBox.StandardButton.Yes:
            self.attempt(lambda: self.services.grid_visits.remove(row.id))
            self.apply()
