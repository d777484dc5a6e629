"""The 阵地 page (党群服务中心, 活动场所, 共享型组织生活基地 with the unit that shares it and its menu)
and the 书记和专职 page (第一书记 / 副书记, 专职党务工作者, 两委成员, each with a form of its own fields)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.sites.fields import (
    COMMITTEE,
    FIRST_SECRETARY,
    POSTED,
    SITE_FIELDS,
    SITE_KINDS,
    STAFF_KINDS,
    WORKER,
    staff_form,
)
from app.services.container import Services
from app.services.sites.rows import ALL, CLOSED_ONLY, OPEN_ONLY, SiteInput, SitesQuery, StaffInput
from app.ui.kit.colours import GREY
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import combo
from app.ui.sites.common import SitesPage
from app.ui.sites.models import SITE_COLUMNS, STAFF_COLUMNS, SitesTableModel


class SiteListPage(SitesPage):
    measure = "处阵地"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        model = SitesTableModel(services.sites, SITE_COLUMNS, SitesQuery(),
                                row_foreground=lambda r: GREY if r.closed_on else None)
        super().__init__(model, "siteTable", config, "搜索阵地名称、地址或产权单位", parent)
        self.services = services
        self.kind_box = combo("siteKind", [("全部类型", None), *((k, k) for k in SITE_KINDS)])
        self.state_box = combo("siteState", [(OPEN_ONLY, OPEN_ONLY), (CLOSED_ONLY, CLOSED_ONLY), ("全部", ALL)])
        self.add_filter(self.kind_box)
        self.add_filter(self.state_box)
        self.add_action("addSite", "新增阵地", self.add)
        self.add_action("editSite", "修改", self.edit, needs_row=True)
        self.add_action("closeSite", "登记停用", self.close_site, needs_row=True)
        self.add_action("importSites", "导入", lambda: self.import_file("sites", "阵地"))
        self.add_action("exportSites", "导出", lambda: self.export_file("sites", "阵地"), edits=False)
        self.finish_buttons()

    def query(self) -> SitesQuery:
        return SitesQuery(org_id=self.scope, text=self.search.text().strip(), kind=self.kind_box.currentData(),
                          state=self.state_box.currentData(), sort=getattr(self.model.query, "sort", "name"),
                          descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: Any = None) -> RecordDialog:
        sites = self.services.sites
        units = [(name, i) for i, name in self.services.units.names(self.scope)]
        fields = [f for f in SITE_FIELDS if f.key != "closed_on"]
        if row is None:
            return self.record_dialog("新增阵地", fields, SiteInput, sites.create, {"org_id": self.scope},
                                      {"unit_id": units})
        values = {**input_values(row, SiteInput), "area": row.area_m2}
        if row.unit_id is not None and all(i != row.unit_id for _n, i in units):
            units.append((row.unit_name, row.unit_id))
        return self.record_dialog(f"修改阵地：{row.name}", fields, SiteInput,
                                  lambda data: sites.update(row.id, data, row.version), values, {"unit_id": units})

    def add(self) -> None:
        self.run_dialog(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.dialog(row))

    def close_dialog(self, row: Any) -> StepDialog:
        def close(v: dict[str, Any]) -> Any:
            data = dataclasses.replace(SiteInput(**{**input_values(row, SiteInput), "area": row.area_m2}),
                                       closed_on=v["date"], remarks=(row.remarks + "\n" + v["text"]).strip())
            return self.services.sites.update(row.id, data, row.version)

        return StepDialog(f"登记停用：{row.name}", close, date_label="停用日期", text_label="停用原因", parent=self)

    def close_site(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.close_dialog(row))


class StaffPage(SitesPage):
    measure = "名"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(SitesTableModel(services.staff, STAFF_COLUMNS, SitesQuery(), row_foreground=self._ended),
                         "staffTable", config, "搜索姓名、派出单位或职务", parent)
        self.services = services
        self.kind_box = combo("staffKind", [("全部人员", None), *((k, k) for k in STAFF_KINDS)])
        self.add_filter(self.kind_box)
        self.add_action("addSecretary", "新增第一书记/副书记", lambda: self.add(FIRST_SECRETARY))
        self.add_action("addWorker", "新增专职党务工作者", lambda: self.add(WORKER))
        self.add_action("addCommittee", "新增两委成员", lambda: self.add(COMMITTEE))
        self.add_action("editStaff", "修改", self.edit, needs_row=True)
        self.finish_buttons()

    @staticmethod
    def _ended(row: Any) -> str | None:
        return GREY if row.term_end is not None and row.term_end < dt.date.today() else None

    def query(self) -> SitesQuery:
        return SitesQuery(org_id=self.scope, text=self.search.text().strip(), kind=self.kind_box.currentData(),
                          sort=getattr(self.model.query, "sort", "name"),
                          descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, kind: str, row: Any = None) -> RecordDialog:
        staff = self.services.staff
        fields = staff_form(kind)
        noun = "第一书记/副书记" if kind in POSTED else kind

        def with_kind(data: StaffInput) -> StaffInput:
            return data if kind in POSTED else dataclasses.replace(data, kind=kind)

        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "kind": FIRST_SECRETARY if kind in POSTED else kind}
            return self.record_dialog(f"新增{noun}", fields, _Input(kind), lambda d: staff.create(with_kind(d)), values)
        return self.record_dialog(f"修改{noun}：{row.name}", fields, _Input(kind),
                                  lambda d: staff.update(row.id, with_kind(d), row.version),
                                  input_values(row, StaffInput))

    def add(self, kind: str) -> None:
        self.run_dialog(self.dialog(kind))

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self.run_dialog(self.dialog(row.kind, row))


def _Input(kind: str) -> type:  # noqa: N802 - a type chosen by kind
    """StaffInput; a form without the kind field fills it in on saving (``with_kind``)."""
    return StaffInput if kind in POSTED else _KindlessStaffInput


@dataclasses.dataclass(frozen=True)
class _KindlessStaffInput(StaffInput):
    kind: str = ""
    name: str = ""
    org_id: int | str | None = None
