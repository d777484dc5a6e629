"""The 服务 tab's tables: service records, reporting in, volunteers, teams, posts — their columns and cell
texts; paging, caching and sorting are the kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.kit.spec import RecordSpec
from app.domain.service.fields import POST_SPEC, REPORT_SPEC, TEAM_SPEC, VOLUNTEER_SPEC
from app.domain.service.hours import format_hours
from app.domain.service.record_fields import RECORD_SPEC, RecordStatus
from app.services.service.posts import PostService
from app.services.service.records import ServiceRecordService
from app.services.service.reports import ReportService
from app.services.service.rows import (
    PostQuery,
    PostRow,
    RecordQuery,
    RecordRow,
    ReportQuery,
    ReportRow,
    TeamQuery,
    TeamRow,
    VolunteerQuery,
    VolunteerRow,
)
from app.services.service.teams import TeamService
from app.services.service.volunteers import VolunteerService
from app.ui.kit.colours import GREEN, GREY, ORANGE, RED
from app.ui.kit.paged_model import Column, PagedTableModel
from app.ui.kit.spec_columns import field, spec_columns, text

STATUS_COLOURS = {RecordStatus.PENDING.value: ORANGE, RecordStatus.CONFIRMED.value: GREEN,
                  RecordStatus.RETURNED.value: RED, RecordStatus.CORRECTED.value: GREY}


def _times(row: RecordRow) -> str:
    return f"{row.start_time}—{row.end_time}" if row.start_time else ""


def _note(row: RecordRow) -> str:
    if row.return_reason:
        return f"退回：{row.return_reason}"
    if row.replaces_id is not None:
        return f"更正第{row.replaces_id}号：{row.correction_reason}"
    return row.hours_reason


def record_columns(spec: RecordSpec = RECORD_SPEC) -> tuple[Column[RecordRow], ...]:
    return spec_columns(spec, (
        field(spec, "served_on", "2026-03-01", "served_on"),
        text("volunteer", "志愿者", "欧阳秀英", lambda r: r.volunteer_name, "volunteer"),
        text("times", "时间", "14:00—17:00", _times),
        text("hours", "时长（小时）", "12.5", lambda r: format_hours(r.tenths), "hours"),
        field(spec, "content", "入户走访独居老人并帮助代购药品", None),
        field(spec, "category", "安全宣传巡逻", None),
        text("activity", "服务活动", "主题党日志愿服务", lambda r: r.activity_title),
        text("unit", "报到单位", "国家税务总局青山县税务局", lambda r: r.unit_name),
        text("status", "状态", "待确认", lambda r: r.status, "status", lambda r: STATUS_COLOURS.get(r.status)),
        text("confirmed_by", "确认人", "社区书记", lambda r: r.confirmed_by),
        text("note", "说明", "更正第12号：签退时间登记有误", _note),
    ), shown_as=("volunteer_id", "start_time", "end_time", "activity_id"),
               hidden=("org_id", "served_people", "hours_reason"))


RECORD_COLUMNS = record_columns()


class RecordTableModel(PagedTableModel[RecordQuery, RecordRow]):
    def __init__(self, records: ServiceRecordService, parent: QObject | None = None) -> None:
        super().__init__(records, RECORD_COLUMNS, RecordQuery(), parent,
                         row_foreground=lambda r: GREY if r.status == RecordStatus.CORRECTED.value else None)


def report_columns(spec: RecordSpec = REPORT_SPEC) -> tuple[Column[ReportRow], ...]:
    return spec_columns(spec, (
        text("member", "在职党员", "欧阳秀英", lambda r: r.member_name, "name"),
        text("unit", "报到单位", "国家税务总局青山县税务局", lambda r: r.unit_name),
        text("org", "报到社区", "文化路社区党委", lambda r: r.org_name),
        field(spec, "reported_on", "2026-03-01", "reported_on"),
        field(spec, "slip_no", "BD20260012", None),
        field(spec, "skills", "医疗", None),
        field(spec, "preferences", "助困扶残就业", None),
        field(spec, "grid", "第3网格", None),
        text("team", "编入队伍", "党员先锋队", lambda r: r.team_name),
        text("status", "状态", "已报到", lambda r: r.status if r.left_on is None else f"{r.status}（{r.left_on}）"),
    ), shown_as=("member_id", "unit_id", "org_id", "team_id"))


REPORT_COLUMNS = report_columns()


class ReportTableModel(PagedTableModel[ReportQuery, ReportRow]):
    def __init__(self, reports: ReportService, parent: QObject | None = None) -> None:
        super().__init__(reports, REPORT_COLUMNS, ReportQuery(), parent,
                         row_foreground=lambda r: GREY if r.left_on is not None else None)


def _kind(row: VolunteerRow) -> str:
    return row.member_category or "党员" if row.is_member else "群众"


def volunteer_columns(spec: RecordSpec = VOLUNTEER_SPEC) -> tuple[Column[VolunteerRow], ...]:
    return spec_columns(spec, (
        field(spec, "name", "欧阳秀英", "name"),
        text("kind", "身份", "在职党员", _kind),
        text("org", "所属社区", "文化路社区党委", lambda r: r.org_name),
        field(spec, "id_number", "110***********1234", None),
        field(spec, "phone", "139****5678", None),
        field(spec, "is_rep", "两代表一委员", None),
        field(spec, "rep_body", "青山县第十八届人大", None),
        field(spec, "skills", "理发", None),
    ), shown_as=("org_id", "member_id"), hidden=("remarks",))


VOLUNTEER_COLUMNS = volunteer_columns()


class VolunteerTableModel(PagedTableModel[VolunteerQuery, VolunteerRow]):
    def __init__(self, volunteers: VolunteerService, parent: QObject | None = None) -> None:
        super().__init__(volunteers, VOLUNTEER_COLUMNS, VolunteerQuery(), parent)


TEAM_COLUMNS: tuple[Column[TeamRow], ...] = (
    field(TEAM_SPEC, "name", "巾帼志愿服务队（第一网格）", "name"),
    field(TEAM_SPEC, "kind", "党员攻坚队", "kind"),
    text("leader", "队长", "欧阳秀英", lambda r: r.leader_name),
    text("size", "队员人数", "队员人数", lambda r: r.size),
    field(TEAM_SPEC, "founded_on", "2026-03-01", None),
    text("org", "所属社区", "文化路社区党委", lambda r: r.org_name),
    text("status", "状态", "已撤销（2026-03-01）", lambda r: f"已撤销（{r.dissolved_on}）" if r.dissolved_on else "正常"),
    field(TEAM_SPEC, "remarks", "每周六上午集中服务", None),
)


class TeamTableModel(PagedTableModel[TeamQuery, TeamRow]):
    def __init__(self, teams: TeamService, parent: QObject | None = None) -> None:
        super().__init__(teams, TEAM_COLUMNS, TeamQuery(), parent,
                         row_foreground=lambda r: GREY if r.dissolved_on is not None else None)


def _room(row: PostRow) -> str:
    return f"{row.claimed}/{row.capacity}" if row.capacity is not None else f"{row.claimed}/不限"


def _room_colour(row: PostRow) -> str | None:
    return ORANGE if row.capacity is not None and row.claimed >= row.capacity else None


def _post_status(row: PostRow) -> str:
    if row.closed_on is not None:
        return f"已关闭（{row.closed_on}）"
    return "已满" if _room_colour(row) else "可认领"


POST_COLUMNS: tuple[Column[PostRow], ...] = (
    field(POST_SPEC, "title", "独居老人结对帮扶", "title"),
    field(POST_SPEC, "category", "安全宣传巡逻", "category"),
    field(POST_SPEC, "grid", "第3网格", None),
    text("claimed", "已认领/上限", "已认领/上限", _room, None, _room_colour),
    text("claimants", "认领人", "欧阳秀英、李建国", lambda r: r.claimant_names),
    field(POST_SPEC, "description", "每周走访一次，帮助代购药品、生活用品", None),
    text("org", "所属社区", "文化路社区党委", lambda r: r.org_name),
    text("status", "状态", "已关闭（2026-03-01）", _post_status),
)


class PostTableModel(PagedTableModel[PostQuery, PostRow]):
    def __init__(self, posts: PostService, parent: QObject | None = None) -> None:
        super().__init__(posts, POST_COLUMNS, PostQuery(), parent,
                         row_foreground=lambda r: GREY if r.closed_on is not None else None)
