"""The 共建 tab's tables: units in the area, agreements, list items, joint meetings — their columns and cell
texts; paging, caching and sorting are the kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.cobuild.agreement_fields import AGREEMENT_SPEC
from app.domain.cobuild.agreements import Status
from app.domain.cobuild.fields import UNIT_SPEC
from app.domain.cobuild.list_fields import LIST_ITEM_SPEC
from app.domain.cobuild.meeting_fields import MEETING_SPEC
from app.domain.kit.spec import RecordSpec
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.agreement_rows import AgreementRow
from app.services.cobuild.agreements import AgreementService
from app.services.cobuild.list_rows import ListItemRow, ListQuery
from app.services.cobuild.lists import ListService
from app.services.cobuild.meetings import MeetingQuery, MeetingRow, MeetingService
from app.services.cobuild.rows import UnitRow
from app.services.cobuild.unit_query import UnitQuery
from app.services.cobuild.units import UnitService
from app.ui.kit.colours import GREEN, GREY, ORANGE, RED
from app.ui.kit.paged_model import Column, PagedTableModel
from app.ui.kit.spec_columns import field, spec_columns, text


# ---- units ---------------------------------------------------------------------------------
def unit_columns(spec: RecordSpec = UNIT_SPEC) -> tuple[Column[UnitRow], ...]:
    """The units' columns; a field of ``spec`` neither listed nor hidden is appended."""
    return spec_columns(spec, (
        field(spec, "name", "国家税务总局青山县税务局"),
        field(spec, "unit_type", "事业单位"),
        text("org_id", "所在社区", "文化路社区党委", lambda r: r.org_name, "org_id"),
        field(spec, "party_org_type", "联合党支部"),
        field(spec, "party_members", "党员人数"),
        text("member_count", "报到党员", "报到党员", lambda r: r.member_count, "member_count"),
        field(spec, "on_council", "大党委"),
        field(spec, "liaison", "欧阳秀英"),
        field(spec, "phone", "139****5678"),
        field(spec, "credit_code", "12371122AY4CL12T2W"),
        text("status", "状态", "已迁出", lambda r: r.status, "status", lambda r: GREY if not r.in_area else None),
    ), hidden=("address", "grid", "party_org_name", "secretary", "remarks", "left_on"))


UNIT_COLUMNS = unit_columns()


class UnitTableModel(PagedTableModel[UnitQuery, UnitRow]):
    def __init__(self, units: UnitService, parent: QObject | None = None, *,
                 columns: tuple[Column[UnitRow], ...] = UNIT_COLUMNS) -> None:
        super().__init__(units, columns, UnitQuery(), parent,
                         row_foreground=lambda r: GREY if not r.in_area else None)


# ---- agreements ----------------------------------------------------------------------------
STATUS_COLOURS = {Status.ENDING.value: ORANGE, Status.EXPIRED.value: RED, Status.TERMINATED.value: GREY,
                  Status.DRAFT.value: GREY, Status.IN_FORCE.value: GREEN}


def _fulfilled(row: AgreementRow) -> str:
    return f"{row.items_done}/{row.item_count}" if row.item_count else ""


def agreement_columns(spec: RecordSpec = AGREEMENT_SPEC) -> tuple[Column[AgreementRow], ...]:
    return spec_columns(spec, (
        field(spec, "number", "和平社区共建〔2026〕12号"),
        text("unit_id", "乙方单位", "国家税务总局青山县税务局", lambda r: r.unit_name, "unit_name"),
        text("org_id", "甲方", "文化路社区党委", lambda r: r.org_name, "org_id"),
        field(spec, "signed_on", "2026-03-01"),
        field(spec, "starts_on", "2026-03-01"),
        field(spec, "ends_on", "2027-02-28"),
        text("status", "状态", "即将到期", lambda r: r.status, "status", lambda r: STATUS_COLOURS.get(r.status)),
        text("items", "承诺兑现", "承诺兑现", _fulfilled),
        text("files", "附件", "附件", lambda r: r.file_count or ""),
    ), hidden=("unit_party_org", "liaison_a", "liaison_a_phone", "liaison_b", "liaison_b_phone", "mechanisms",
               "content", "remarks"))


AGREEMENT_COLUMNS = agreement_columns()


class AgreementTableModel(PagedTableModel[AgreementQuery, AgreementRow]):
    def __init__(self, agreements: AgreementService, parent: QObject | None = None) -> None:
        super().__init__(agreements, AGREEMENT_COLUMNS, AgreementQuery(), parent)


# ---- the three lists -----------------------------------------------------------------------
def _overdue_colour(row: ListItemRow) -> str | None:
    return RED if row.overdue() else None


def list_columns(spec: RecordSpec = LIST_ITEM_SPEC) -> tuple[Column[ListItemRow], ...]:
    return spec_columns(spec, (
        field(spec, "kind", "需求清单"),
        field(spec, "title", "老旧小区楼道加装扶手"),
        field(spec, "category", "助困扶残就业"),
        text("org_id", "所属社区", "文化路社区党委", lambda r: r.org_name),
        field(spec, "raised_on", "2026-03-01"),
        text("status", "状态", "已认领", lambda r: r.status, "status"),
        text("claimant", "认领方", "国家税务总局青山县税务局", lambda r: r.claimant),
        field(spec, "deadline", "2026-09-30"),
        text("overdue", "逾期", "逾期", lambda r: "逾期" if r.overdue() else "", None, _overdue_colour),
    ), hidden=("description", "raised_by", "unit_id", "beneficiaries", "remarks"))


LIST_COLUMNS = list_columns()


class ListTableModel(PagedTableModel[ListQuery, ListItemRow]):
    def __init__(self, lists: ListService, parent: QObject | None = None) -> None:
        super().__init__(lists, LIST_COLUMNS, ListQuery(), parent,
                         row_foreground=lambda r: GREY if r.status in ("已完成", "已取消") else None)


# ---- joint meetings ------------------------------------------------------------------------
def meeting_columns(spec: RecordSpec = MEETING_SPEC) -> tuple[Column[MeetingRow], ...]:
    return spec_columns(spec, (
        field(spec, "held_on", "2026-03-01", None),
        field(spec, "title", "共驻共建联席会议", None),
        text("org_id", "主办党组织", "文化路社区党委", lambda r: r.org_name),
        field(spec, "place", "社区党群服务中心会议室", None),
        field(spec, "host", "欧阳秀英", None),
        text("units", "参会单位", "参会单位", lambda r: f"{r.unit_count}个" if r.unit_count else ""),
        text("decisions", "会议决定", "会议决定", lambda r: f"{r.decision_count}项" if r.decision_count else ""),
    ), hidden=("attendees", "agenda", "minutes", "remarks"))


MEETING_COLUMNS = meeting_columns()


class MeetingTableModel(PagedTableModel[MeetingQuery, MeetingRow]):
    def __init__(self, meetings: MeetingService, parent: QObject | None = None) -> None:
        super().__init__(meetings, MEETING_COLUMNS, MeetingQuery(), parent)
