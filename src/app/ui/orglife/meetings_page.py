"""The 三会一课 page: the meetings and lessons of the chosen organisation by year and kind, newest
first; register one (the form from the spec; its 地点 offers the names of the sites where the
organisation may meet, and takes any other place typed), edit or delete it, record who
attended, print the sign-in sheet before and the 会议记录 after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.orglife.fields import ORGLIFE_FIELDS
from app.domain.orglife.kinds import KINDS
from app.services.container import Services
from app.services.orglife.rows import OrgMeetingInput, OrgMeetingQuery, OrgMeetingRow
from app.ui.kit.record_dialogs import RecordDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.kit.spec_form import PLACE_HINT
from app.ui.orglife.attendance_dialog import AttendanceDialog
from app.ui.orglife.models import OrgMeetingTableModel
from app.ui.orgs.names import org_refs

YEARS_SHOWN = 6


def year_box(name: str, with_all: bool = True) -> Any:
    year = dt.date.today().year
    years = [(f"{y}年", y) for y in range(year, year - YEARS_SHOWN, -1)]
    return combo(name, [("全部年份", None), *years] if with_all else years)


class OrgMeetingsPage(Page):
    measure = "次"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(OrgMeetingTableModel(services.orglife), "orglifeTable", config,
                         "搜索主题、地点、主持人或主讲人", parent)
        self.services = services
        self.year_box = year_box("orglifeYear")
        self.year_box.setCurrentIndex(1)  # this year
        self.kind_box = combo("orglifeKind", [("全部类型", None), *((k, k) for k in KINDS)])
        self.add_filter(self.year_box)
        self.add_filter(self.kind_box)
        self.add_action("addOrgMeeting", "登记", self.add, tip="登记一次会议、党课或主题党日（可提前登记计划）")
        self.add_action("editOrgMeeting", "修改", self.edit, needs_row=True)
        self.add_action("attendance", "出席情况", self.attendance, needs_row=True,
                        tip="从本组织名册登记出席、请假、缺席（会议召开以后）")
        self.add_action("meetingPhotos", "照片", self.photos, needs_row=True, edits=False,
                        tip="会议照片、签到表和记录的扫描件（PDF、PNG或JPG）")
        self.add_action("printOrgSignin", "打印签到表", self.print_signin, needs_row=True, edits=False)
        self.add_action("printOrgRecord", "打印会议记录", self.print_record, needs_row=True, edits=False)
        self.add_action("removeOrgMeeting", "删除", self.remove, needs_row=True, tip="删除录错的记录（连同出席情况和照片）")
        self.finish_buttons()

    def query(self) -> OrgMeetingQuery:
        return OrgMeetingQuery(org_id=self.scope, year=self.year_box.currentData(), kind=self.kind_box.currentData(),
                               text=self.search.text().strip())

    def activated(self) -> None:
        self.edit()

    def photos(self) -> Any:
        row = self.current()
        if row is None:
            return None
        from app.ui.kit.attachments_dialog import AttachmentsDialog

        dialog = AttachmentsDialog(self.services.meeting_files, row.id, f"照片：{row.org_name} {row.kind}", noun="照片",
                                   state="会议照片、签字的签到表或会议记录扫描件，随本次记录保存和备份。",
                                   editable=self.editable, parent=self)
        dialog.exec()
        if dialog.changed:
            self.apply()  # the 照片 column counts them
        return dialog

    def dialog(self, row: OrgMeetingRow | None = None) -> RecordDialog:
        meetings = self.services.orglife
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "held_on": dt.date.today(), "kind": KINDS[0]}
            save: Callable[[OrgMeetingInput], OrgMeetingRow] = meetings.create
            title = "登记组织生活"
        else:
            values = input_values(row, OrgMeetingInput)

            def save(data: OrgMeetingInput) -> OrgMeetingRow:
                return meetings.update(row.id, data)
            title = f"修改：{row.held_on}{row.kind}"
        places = self.services.sites.place_names(self.scope if row is None else row.org_id)
        dialog = RecordDialog(title, ORGLIFE_FIELDS, OrgMeetingInput, save, values=values,
                              refs={"org_id": org_refs(self.services)}, suggestions={"place": places}, parent=self)
        if places:
            dialog.form.set_placeholder("place", PLACE_HINT)
        return dialog

    def _done(self, dialog: QWidget, keep: int | None = None) -> Any:
        if not dialog.exec():  # type: ignore[attr-defined]
            return None
        made = getattr(dialog, "result_row", None)
        self.apply()
        chosen = made.id if isinstance(made, OrgMeetingRow) else keep
        if chosen is not None:
            self.table.select_ids([chosen], chosen)
        return made or True

    def add(self) -> Any:
        return self._done(self.dialog())

    def edit(self) -> Any:
        row = self.current()
        if row is not None and self.editable:
            return self._done(self.dialog(row))
        return None

    def attendance_dialog(self, row: OrgMeetingRow) -> AttendanceDialog | None:
        if row.held_on is None or row.held_on > dt.date.today():
            QMessageBox.information(self, "出席情况", f"这次{row.kind}定于{row.held_on}召开，召开以后才能登记出席情况。")
            return None
        return AttendanceDialog(self.services.orglife, row, self)

    def attendance(self) -> Any:
        row = self.current()
        dialog = self.attendance_dialog(row) if row is not None else None
        return self._done(dialog, row.id) if dialog is not None and row is not None else None

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        if QMessageBox.question(self, "删除", f"确定删除{row.held_on}的{row.kind}“{row.topic}”吗？出席情况一并删除。") \
                != QMessageBox.StandardButton.Yes:
            return
        self.attempt(lambda: self.services.orglife.remove(row.id))
        self.apply()

    def _print(self, make: Callable[[Any, int], tuple[bytes, int]], what: str) -> Any:
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        row = self.current()
        if row is None:
            return None
        made = self.attempt(lambda: make(self.services, row.id))
        if made is None:
            return None
        pdf, pages = made
        preview = PdfPreviewDialog(pdf, f"{row.kind}{what}（{row.held_on}，{pages}页）", self,
                                   file_name=f"{row.kind}{what}{row.held_on}")
        preview.exec()
        return preview

    def print_signin(self) -> Any:
        from app.reports.orglife.printouts import print_signin

        return self._print(print_signin, "签到表")

    def print_record(self) -> Any:
        from app.reports.orglife.printouts import print_record

        return self._print(print_record, "会议记录")
