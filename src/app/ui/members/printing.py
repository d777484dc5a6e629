"""Printing from the 党员 tab: the roster list (花名册) of what the table shows, and a sign-in
sheet (签到表) for a meeting of one organisation's members.

A county roster of some 16,000 members takes about half a minute to lay out, so it is made on
the kit's runner behind a 请稍候 box with 取消; a cancelled result is thrown away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.errors import AppError, ValidationError
from app.services.access.auth import can
from app.services.members.service import MemberQuery, MemberService
from app.services.orgs.service import OrgRow, OrgService
from app.ui.briefings.form import OrgCombo
from app.ui.kit import runner
from app.ui.kit.date_field import DateField
from app.ui.kit.pdf_preview import PdfPreviewDialog
from app.ui.kit.widgets import ErrorLine, dialog_buttons
from app.ui.safety.backup_dialog import busy

if TYPE_CHECKING:
    from app.ui.members.tab import MemberTab


# ---- the roster list -----------------------------------------------------------------------------

def roster_pdf(members: MemberService, query: MemberQuery | Sequence[int], *, show_sensitive: bool,
               org_name: str = "", orgs: Sequence[OrgRow] = (), grouped: bool | None = None,
               ) -> tuple[bytes, int, int]:
    """PDF bytes, page count and number of members of the roster list for ``query`` (or for
    the members with these ids, in that order): grouped by organisation (in the order of the
    tree ``orgs``) unless the user sorted by another column (``grouped`` None: as the query's
    order says; ids are kept in their order unless ``grouped``)."""
    from app.reports.members.roster_list import render_roster_list

    ids = members.search_ids(query) if isinstance(query, MemberQuery) else list(query)
    rows = members.rows(ids)
    if not rows:
        raise ValidationError("当前条件下没有党员，没有可打印的名册。请放宽查找或筛选条件。")
    if grouped is None:
        grouped = isinstance(query, MemberQuery) and query.sort == "name" and not query.descending
    pdf, pages = render_roster_list(rows, org_name=org_name, show_sensitive=show_sensitive, grouped=grouped,
                                    orgs=orgs)
    return pdf, pages, len(rows)


def print_roster(tab: MemberTab, ids: Sequence[int] | None = None) -> PdfPreviewDialog | None:
    """打印花名册…: the members the tab shows, in its order (or only those with ``ids``: 打印所选),
    A4 landscape, masked unless the user chose to show full numbers and may see them. Opens the
    print preview."""
    if not can(tab.members.actor, Permission.PRINT_REPORTS):
        return None
    source: MemberQuery | list[int] = replace(tab.query(), today=dt.date.today()) if ids is None else list(ids)
    reveal = tab.may_show_sensitive()
    org = tab._scope_name()
    count = tab.model.rowCount() if ids is None else len(ids)
    tree = tab.orgs.list()
    asked = tab.query()
    grouped = asked.sort == "name" and not asked.descending
    got = runner.run_modal(tab, f"正在排版党员名册（{count}人），人数多时需要半分钟左右…",
                           lambda _task: roster_pdf(tab.members, source, show_sensitive=reveal, org_name=org,
                                                    orgs=tree, grouped=grouped))
    if got is None:
        return None
    pdf, pages, n = got
    what = f"{org or '全部'}{'，所选' if ids is not None else ''}"
    dialog = PdfPreviewDialog(pdf, f"党员名册（{what}，{n}人，{pages}页）", tab,
                              file_name=f"党员名册-{org or '全部'}")
    dialog.exec()
    return dialog


# ---- the sign-in sheet ---------------------------------------------------------------------------

class SigninDialog(QDialog):
    """签到表: meeting title, date, place and the organisation whose members sign."""

    def __init__(self, members: MemberService, orgs: OrgService, org_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.setWindowTitle("打印签到表")
        self.pdf: bytes | None = None
        self.org = OrgCombo()
        self.org.load(orgs.list(include_closed=False), keep=org_id)
        self.meeting = QLineEdit()
        self.meeting.setPlaceholderText("如：主题党日、组织生活会、党员大会")
        self.heading = QLineEdit()
        self.heading.setObjectName("signinTitle")
        self.date = DateField(label="日期", required=True)
        self.date.set_value(dt.date.today())
        self.place = QLineEdit()
        self.place.setPlaceholderText("如：社区党群服务中心二楼会议室")
        self.count = QLabel()
        self.error = ErrorLine()
        form = QFormLayout()
        form.addRow("党组织(&O)", self.org)
        form.addRow("会议内容", self.meeting)
        form.addRow("标题(&T)", self.heading)
        form.addRow("日期(&D)", self.date)
        form.addRow("地点(&P)", self.place)
        form.addRow("", self.count)
        buttons = dialog_buttons(self, "预览…", self.build)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._title_edited = False
        self.heading.textEdited.connect(lambda _t: setattr(self, "_title_edited", True))
        self.org.currentIndexChanged.connect(lambda _i: self._refresh())
        self.meeting.textChanged.connect(lambda _t: self._refresh())
        self.resize(520, self.sizeHint().height())
        self._refresh()

    def query(self) -> MemberQuery:
        """The organisation's members on record (its groups included), by name."""
        return MemberQuery(org_id=self.org.org_id(), sort="name")

    def _refresh(self) -> None:
        org = self.org.org()
        if not self._title_edited:
            self.heading.setText(f"{org.name if org else ''}{self.meeting.text().strip() or '会议'}签到表")
        try:
            n = self.members.count(self.query())
        except AppError as exc:
            self.count.setText(exc.message)
            return
        self.count.setText(f"将列出在册党员{n}名，每行两人，留出签名格。")

    def build(self) -> bytes | None:
        """Makes the sheet; on success the dialog closes with ``pdf`` set."""
        from app.reports.members.signin_sheet import render_signin_sheet

        org = self.org.org()
        title = self.heading.text().strip()
        if org is None:
            self.error.show_message("请选择党组织")
            return None
        if not title:
            self.error.show_message("请填写标题")
            self.heading.setFocus()
            return None
        try:
            people = busy(lambda: self.members.rows(self.members.search_ids(self.query())))
            if not people:
                raise ValidationError(f"“{org.name}”没有在册党员，签到表无人可列")
            day = self.date.value()
            assert day is not None  # required
            self.pdf, _pages = busy(lambda: render_signin_sheet(
                people, title=title, date=day, place=self.place.text().strip(),
                org_name=org.name, meeting=self.meeting.text().strip()))
        except AppError as exc:
            self.error.show_message(exc.message)
            return None
        self.accept()
        return self.pdf


def print_signin(tab: MemberTab) -> PdfPreviewDialog | None:
    """打印签到表…: asks for the meeting, then opens the print preview."""
    if not can(tab.members.actor, Permission.PRINT_REPORTS):
        return None
    dialog = SigninDialog(tab.members, tab.orgs, tab.scope_id(), tab)
    if not dialog.exec() or dialog.pdf is None:
        return None
    preview = PdfPreviewDialog(dialog.pdf, dialog.heading.text().strip(), tab)
    preview.exec()
    return preview
