"""The roster's columns and the cell texts of a member; the paging, caching and sorting are the
kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.members.fields import MEMBER_SPEC
from app.domain.members.rules import ON_RECORD
from app.services.members.service import MemberQuery, MemberRow, MemberService
from app.ui.kit.colours import GREY, RED
from app.ui.kit.paged_model import RECORD_ID_ROLE, CellContext, Column, PagedTableModel
from app.ui.kit.spec_columns import field, spec_columns

MEMBER_ID_ROLE = RECORD_ID_ROLE
LEFT_COLOUR = GREY  # members who left
ALERT_COLOUR = RED  # lost contact, membership stopped: the status in red


def status_text(row: MemberRow) -> str:
    """在册 plus what a clerk watches for (停止党籍, 流动, 失联); or 已转出 etc."""
    if row.status != ON_RECORD:
        return row.status
    marks = [m for m, on in (("停止党籍", row.party_status == "停止党籍"), ("流动", row.mobile),
                             ("失联", row.lost_contact)) if on]
    return ON_RECORD + ("·" + "·".join(marks) if marks else "")


def _age(row: MemberRow, ctx: CellContext) -> str:
    years = row.age(ctx.today)
    return "" if years is None else str(years)


def _party_years(row: MemberRow, ctx: CellContext) -> str:
    years = row.party_years(ctx.today)
    return "" if years is None else str(years)


def _org(row: MemberRow, ctx: CellContext) -> str:
    return ctx.org_label.get(row.org_id, row.org_name)


def _org_tip(row: MemberRow, ctx: CellContext) -> str:
    return ctx.org_path.get(row.org_id, row.org_name)


def _status_tip(row: MemberRow, _ctx: CellContext) -> str:
    return f"{row.status}（{row.left_on.isoformat()}）" if row.left_on else status_text(row)


def _status_colour(row: MemberRow) -> str | None:
    if row.status == ON_RECORD and (row.lost_contact or row.party_status == "停止党籍"):
        return ALERT_COLOUR
    return None


# The roster shows these; a field added to the member spec appears after them by itself (the
# kit's spec_columns) unless it is named in ROSTER_LEAVES_OUT. The member detail shows them all.
ROSTER_LEAVES_OUT = ("ethnicity", "birth_date", "education", "joined_on", "full_on", "native_place", "introducers",
                     "post", "address", "lost_since", "mobile_to", "management", "grid", "center_household",
                     "remarks")
COLUMNS: tuple[Column[MemberRow], ...] = spec_columns(MEMBER_SPEC, (
    field(MEMBER_SPEC, "name", "欧阳秀英"),
    field(MEMBER_SPEC, "sex", "性别"),
    Column("age", "年龄", "age", "年龄", _age),
    field(MEMBER_SPEC, "category", "待业大学生党员"),
    field(MEMBER_SPEC, "member_type", "预备党员"),
    Column("party_years", "党龄", "party_years", "党龄", _party_years),
    field(MEMBER_SPEC, "party_post", "宣传委员"),
    Column("org_id", MEMBER_SPEC.label("org_id"), "org_id", "第四网格党支部（和平社区党委）", _org, tooltip=_org_tip),
    field(MEMBER_SPEC, "work_unit", "青山县人民医院"),
    field(MEMBER_SPEC, "phone", "138****5678"),
    field(MEMBER_SPEC, "id_number", "110***********0021"),
    Column("status", "状态", "status", "在册·流动", lambda row, _ctx: status_text(row), _status_colour,
           _status_tip),
), hidden=ROSTER_LEAVES_OUT, shown_as=("party_status", "lost_contact", "mobile"))
COLUMN_OF_SORT = {c.sort: i for i, c in enumerate(COLUMNS)}


def _left_grey(row: MemberRow) -> str | None:
    return LEFT_COLOUR if row.status != ON_RECORD else None


class MemberTableModel(PagedTableModel[MemberQuery, MemberRow]):
    """Rows of ``members.search_ids(query)``; set_query() or sort() runs a new query."""

    def __init__(self, members: MemberService, parent: QObject | None = None) -> None:
        super().__init__(members, COLUMNS, MemberQuery(), parent, row_foreground=_left_grey)
        self.members = members

    @property
    def reveal(self) -> bool:
        return self.context.reveal

    def set_reveal(self, reveal: bool) -> None:
        self.set_context(reveal=reveal)
