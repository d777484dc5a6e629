"""The 组织生活 tab's tables: meetings, and members' attendance rates — columns and cell texts;
paging, caching and sorting are the kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QObject

from app.domain.orglife.fields import ORGLIFE_SPEC
from app.domain.orglife.schedule import rate, rate_text
from app.services.orglife.meetings import OrgMeetingService
from app.services.orglife.rows import MemberRate, OrgMeetingQuery, OrgMeetingRow, RateQuery
from app.services.orglife.schedule import ScheduleService
from app.ui.kit.colours import GREY, RED
from app.ui.kit.paged_model import Column, PagedTableModel
from app.ui.kit.spec_columns import field, text

LOW_RATE = 80  # a member attending less than this percentage is shown red


def _attendance(r: OrgMeetingRow) -> str:
    if not r.expected:
        return "未登记" if r.held_on is not None and r.held_on <= dt.date.today() else ""
    return f"应到{r.expected} 实到{r.present}"


MEETING_COLUMNS: tuple[Column[OrgMeetingRow], ...] = (
    field(ORGLIFE_SPEC, "held_on", "2026-03-01"),
    field(ORGLIFE_SPEC, "start_time", "14:30", None),
    field(ORGLIFE_SPEC, "kind", "支部党员大会"),
    text("org_id", "党组织", "第一网格党支部", lambda r: r.org_name, "org_id"),
    field(ORGLIFE_SPEC, "topic", "学习贯彻党的二十届三中全会精神"),
    field(ORGLIFE_SPEC, "host", "欧阳秀英"),
    field(ORGLIFE_SPEC, "place", "社区党群服务中心会议室"),
    text("attendance", "出席情况", "应到120 实到110", _attendance),
    text("photos", "照片", "照片", lambda r: r.photos or ""),
)


class OrgMeetingTableModel(PagedTableModel[OrgMeetingQuery, OrgMeetingRow]):
    def __init__(self, meetings: OrgMeetingService, parent: QObject | None = None) -> None:
        super().__init__(meetings, MEETING_COLUMNS, OrgMeetingQuery(), parent,
                         row_foreground=lambda r: GREY if r.held_on is not None and r.held_on > dt.date.today() else None)


class RateSource:
    """The schedule service as a row source for one year (the year of the last search)."""

    def __init__(self, schedule: ScheduleService) -> None:
        self.schedule = schedule
        self.year = dt.date.today().year

    def search_ids(self, query: RateQuery) -> list[int]:
        self.year = query.year or dt.date.today().year
        return self.schedule.search_ids(query)

    def rows(self, ids: Sequence[int]) -> list[MemberRate]:
        return self.schedule.rows(ids, self.year)


def _low(r: MemberRate) -> str | None:
    value = rate(r.present, r.expected)
    return RED if value is not None and value < LOW_RATE else None


RATE_COLUMNS: tuple[Column[MemberRate], ...] = (
    text("name", "姓名", "欧阳秀英", lambda r: r.name, "name"),
    text("org", "所在党组织", "第一网格党支部", lambda r: r.org_name),
    text("expected", "应到", "应到次", lambda r: r.expected),
    text("present", "出席", "出席次", lambda r: r.present),
    text("leave", "请假", "请假次", lambda r: r.leave),
    text("absent", "缺席", "缺席次", lambda r: r.absent),
    text("rate", "出勤率", "100.0%", lambda r: rate_text(r.present, r.expected) or "—", None, _low),
)


class RateTableModel(PagedTableModel[RateQuery, MemberRate]):
    def __init__(self, schedule: ScheduleService, parent: QObject | None = None) -> None:
        super().__init__(RateSource(schedule), RATE_COLUMNS, RateQuery(year=dt.date.today().year), parent)
