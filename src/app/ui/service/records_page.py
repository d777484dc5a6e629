"""The 服务记录 page: the service records of the chosen organisation, newest first, by status and
category, searched by the volunteer's name (pinyin, initials) or the content; record a service,
fix one not yet confirmed, confirm many at once or return them with a reason, and correct a
confirmed one (a new version; both stay in the list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.domain.access.permissions import Permission
from app.domain.service.hours import format_hours
from app.domain.service.record_fields import RECORD_FIELDS, SERVICE_CATEGORIES, RecordStatus
from app.services.access.auth import can
from app.services.container import Services
from app.services.service.rows import ActivityQuery, RecordInput, RecordQuery, VolunteerQuery
from app.ui.kit.record_dialogs import RecordDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs
from app.ui.service.models import RecordTableModel

PERIODS = (("最近三个月", 92), ("最近一年", 366), ("全部日期", None))
PICKER_LIMIT = 2000  # people offered in the form's drop-down; the rest are found by searching


class RecordsPage(Page):
    measure = "条"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(services.service_records), "serviceRecordTable", config,
                         "搜索志愿者姓名（拼音、首字母）或服务内容", parent)
        self.services = services
        self.status_box = combo("recordStatus", [("全部状态", None), *((s.value, s.value) for s in RecordStatus)])
        self.category_box = combo("recordCategory", [("全部类别", None), *((c, c) for c in SERVICE_CATEGORIES)])
        # A county holds millions of records: the list opens on the last three months.
        self.period_box = combo("recordPeriod", [(label, days) for label, days in PERIODS])
        for w in (self.period_box, self.status_box, self.category_box):
            self.add_filter(w)
        self.add_action("addRecord", "登记服务", self.add)
        self.add_action("editRecord", "修改", self.edit, needs_row=True)
        self.add_action("confirmRecords", "确认", self.confirm, needs_row=True)
        self.add_action("returnRecords", "退回", self.send_back, needs_row=True)
        self.add_action("correctRecord", "更正", self.correct, needs_row=True)
        self.add_action("recordVersions", "查看各版本", self.show_versions, needs_row=True, edits=False)
        self.may_confirm = can(services.actor, Permission.CONFIRM_SERVICE)
        self.finish_buttons()

    def update_actions(self) -> None:
        super().update_actions()
        if not getattr(self, "may_confirm", True):
            for key in ("confirmRecords", "returnRecords"):
                self.actions_[key].setEnabled(False)

    def query(self) -> RecordQuery:
        days = self.period_box.currentData()
        since = dt.date.today() - dt.timedelta(days=days) if days else None
        return RecordQuery(org_id=self.scope, status=self.status_box.currentData(), date_from=since,
                           category=self.category_box.currentData(), text=self.search.text().strip(),
                           sort=getattr(self.model.query, "sort", "served_on"),
                           descending=getattr(self.model.query, "descending", True))

    def show_status(self, status: str) -> None:
        """The records of that status, whenever they were recorded (the banner's button)."""
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData(None))
        self.period_box.blockSignals(False)
        self.status_box.setCurrentIndex(self.status_box.findData(status))
        self.apply()

    def activated(self) -> None:
        self.edit()

    # ---- commands ------------------------------------------------------------------------
    def refs(self) -> dict[str, list[tuple[str, int]]]:
        v = self.services.volunteers
        people = v.rows(v.search_ids(VolunteerQuery(org_id=self.scope))[:PICKER_LIMIT])
        acts = self.services.activities
        return {"org_id": org_refs(self.services),
                "volunteer_id": [(f"{p.name}（{p.masked_id or p.org_name}）", p.id) for p in people],
                "activity_id": [(f"{a.held_on} {a.title}", a.id) for a in acts.rows(acts.search_ids(ActivityQuery(org_id=self.scope))[:500])]}

    def dialog(self, row: Any = None, *, correcting: bool = False) -> RecordDialog:
        records = self.services.service_records
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope}
            save = records.create
            title = "登记服务记录"
        else:
            # Hours computed from the times are left empty, so that changed times count again.
            typed = not row.start_time or bool(row.hours_reason)
            values = {**input_values(row, RecordInput), "hours": format_hours(row.tenths) if typed else ""}
            if correcting:
                def save(data: RecordInput) -> Any:
                    reason, ok = QInputDialog.getText(self, "更正原因", "请写明更正的原因：")
                    return records.correct(row.id, data, reason if ok else "")
                title = f"更正第{row.id}号服务记录（原记录保留）"
            else:
                def save(data: RecordInput) -> Any:
                    return records.update(row.id, data, row.version)
                title = f"修改第{row.id}号服务记录"
        return RecordDialog(title, RECORD_FIELDS, RecordInput, save, values=values, refs=self.refs(), parent=self)

    def _run(self, dialog: RecordDialog) -> Any:
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

    def correct(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.dialog(row, correcting=True))

    def chosen_ids(self) -> list[int]:
        ids = self.table.selected_ids()
        current = self.table.current_id()
        return ids or ([current] if current is not None else [])

    def confirm(self) -> int | None:
        done = self.attempt(lambda: self.services.service_records.confirm(self.chosen_ids()))
        if done is not None:
            self.apply()
            self.count_label.setText(f"{self.count_label.text()}；已确认{done}条")
        return done

    def send_back(self, reason: str | None = None) -> int | None:
        if reason is None:
            reason, ok = QInputDialog.getText(self, "退回服务记录", "请写明退回的原因：")
            if not ok:
                return None
        done = self.attempt(lambda: self.services.service_records.send_back(self.chosen_ids(), reason or ""))
        if done is not None:
            self.apply()
        return done

    def versions_text(self) -> str:
        row = self.current()
        if row is None:
            return ""
        rows = self.services.service_records.versions_of(row.id)
        return "\n".join(f"第{r.id}号（{r.status}）：{r.served_on} {r.start_time}—{r.end_time} "
                         f"{format_hours(r.tenths)}小时，{r.content}"
                         + (f"；更正原因：{r.correction_reason}" if r.correction_reason else "") for r in rows)

    def show_versions(self) -> None:
        text = self.versions_text()
        if text:
            QMessageBox.information(self, "服务记录的各版本", text)
