"""The 驻区单位 page: units of the chosen organisation's area, searched (name, pinyin, initials,
credit code) and filtered (type, in the area or left); add, edit, see a unit's page (its members
and agreements), record a unit leaving, link in-service members by 工作单位, import and export."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.cobuild.fields import UNIT_FIELDS
from app.domain.cobuild.units import IN_AREA, LEFT, UNIT_TYPES
from app.services.cobuild.rows import UnitInput
from app.services.cobuild.unit_query import ALL, UnitQuery
from app.services.container import Services
from app.ui.cobuild.models import UnitTableModel
from app.ui.cobuild.unit_detail import UnitDetailDialog
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs

PREVIEW_LINES = 20


class UnitsPage(Page):
    measure = "个单位"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(UnitTableModel(services.units), "unitTable", config, "搜索单位名称、拼音首字母或统一社会信用代码",
                         parent)
        self.services = services
        self.type_box = combo("unitType", [("全部类型", None), *((t, t) for t in UNIT_TYPES)])
        self.status_box = combo("unitStatus", [(IN_AREA, IN_AREA), (LEFT, LEFT), ("全部", ALL)])
        self.add_filter(self.type_box)
        self.add_filter(self.status_box)
        self.add_action("addUnit", "新增单位", self.add)
        self.add_action("editUnit", "修改", self.edit, needs_row=True)
        self.add_action("unitDetail", "单位详情", self.detail, needs_row=True, edits=False)
        self.add_action("leaveUnit", "登记迁出", self.leave, needs_row=True)
        self.add_action("linkMembers", "按工作单位关联党员", self.link_by_work_unit,
                        tip="把“工作单位”与单位名称完全相同的在职党员关联到该单位")
        self.add_action("importUnits", "导入", self.import_file)
        self.add_action("exportUnits", "导出", self.export_file, edits=False)
        self.finish_buttons()

    def query(self) -> UnitQuery:
        return UnitQuery(org_id=self.scope, text=self.search.text().strip(), unit_type=self.type_box.currentData(),
                         status=self.status_box.currentData(), sort=getattr(self.model.query, "sort", "name"),
                         descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.detail()

    # ---- commands ------------------------------------------------------------------------
    def dialog(self, row: Any = None) -> RecordDialog:
        units = self.services.units
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope}
            save = units.create
        else:
            values = input_values(row, UnitInput)

            def save(data: UnitInput) -> Any:
                return units.update(row.id, data, row.version)
        title = "新增驻区单位" if row is None else f"修改驻区单位：{row.name}"
        fields = [f for f in UNIT_FIELDS if f.key != "left_on"]
        return RecordDialog(title, fields, UnitInput, save, values=values, refs={"org_id": org_refs(self.services)},
                            parent=self)

    def add(self) -> None:
        self._run_dialog(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self._run_dialog(self.dialog(row))

    def _run_dialog(self, dialog: RecordDialog | StepDialog) -> None:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)

    def detail(self) -> UnitDetailDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = UnitDetailDialog(self.services, row.id, self)
        dialog.exec()
        return dialog

    def leave_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"登记迁出：{row.name}",
                          lambda v: self.services.units.leave(row.id, v["date"], v["text"]),
                          date_label="迁出日期", text_label="迁出原因", parent=self)

    def leave(self) -> None:
        row = self.current()
        if row is not None:
            self._run_dialog(self.leave_dialog(row))

    def link_by_work_unit(self) -> int | None:
        n = self.attempt(lambda: self.services.units.link_by_work_unit(self.scope))
        if n is not None:
            QMessageBox.information(self, "关联党员", f"已把{n}名在职党员关联到其工作单位。" if n else
                                    "没有可关联的在职党员（工作单位须与单位名称完全相同，且尚未关联）。")
            self.apply()
        return n

    def import_file(self, path: str | None = None) -> int | None:
        """Preview, then one transaction when the user agrees (problems listed first)."""
        from app.io.cobuild.units_import import UnitImporter

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入驻区单位", "", "Excel 或 CSV (*.xlsx *.xls *.csv)")
            if not path:
                return None
        importer = UnitImporter(self.services, self.scope)
        preview = self.attempt(lambda: importer.preview(path))
        if preview is None:
            return None
        lines = preview.summary() + [str(p) for p in preview.refused[:PREVIEW_LINES]]
        if len(preview.refused) > PREVIEW_LINES:
            lines.append(f"……另有{len(preview.refused) - PREVIEW_LINES}处问题")
        if not preview.adds and not preview.updates:
            QMessageBox.information(self, "导入驻区单位", "\n".join(lines + ["没有可导入的内容。"]))
            return 0
        ask = "\n".join(lines + ["", "有问题的行不会导入。是否导入其余各行？" if preview.refused else "是否导入？"])
        if QMessageBox.question(self, "导入驻区单位", ask) != QMessageBox.StandardButton.Yes:
            return None
        outcome = self.attempt(lambda: importer.apply(preview))
        if outcome is None:
            return None
        self.apply()
        return len(outcome.added_ids) + len(outcome.updated_ids)

    def export_file(self, path: str | None = None) -> Any:
        from app.io.cobuild.export import export_units

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "导出驻区单位", "驻区单位.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
            if not path:
                return None
        reveal = bool(self.model.context.reveal)
        return self.attempt(lambda: export_units(self.services, self.model.query, path, show_sensitive=reveal))
