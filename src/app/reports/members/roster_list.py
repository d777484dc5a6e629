"""The printed roster list (党员名册): landscape A4, the header row on every page,
"第x页 共y页" and the printed date. ID and phone numbers are masked unless the user's role may
see them (the caller says so with ``show_sensitive``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from app.domain.kit.masking import mask_id, mask_phone
from app.reports.kit.blocks import Table
from app.reports.kit.document import ListSpec, render_list_counted


class RosterRow(Protocol):
    """What the list prints of a member, read-only (app.services.members.service.MemberRow has
    all of it)."""

    @property
    def name(self) -> str: ...
    @property
    def sex(self) -> str: ...
    @property
    def ethnicity(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def education(self) -> str: ...
    @property
    def member_type(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def org_name(self) -> str: ...
    @property
    def joined_on(self) -> dt.date | None: ...
    @property
    def work_unit(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def id_number(self) -> str: ...


COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 0.7), ("姓名", 1.3), ("性别", 0.7), ("民族", 0.9), ("出生年月", 1.2),
    ("学历", 1.4), ("人员类别", 1.2), ("党员类别", 1.4), ("所在党组织", 2.1),
    ("入党时间", 1.2), ("工作单位", 2.0), ("联系电话", 2.0), ("公民身份号码", 3.2),
)
LEFT_COLUMNS = (1, 8, 10)


def _month(d: dt.date | None) -> str:
    return f"{d.year}.{d.month:02d}" if d else ""


def roster_table(rows: Sequence[RosterRow], *, show_sensitive: bool = False) -> Table:
    body = []
    for i, m in enumerate(rows, start=1):
        phone = m.phone if show_sensitive else mask_phone(m.phone)
        number = m.id_number if show_sensitive else mask_id(m.id_number)
        body.append((str(i), m.name, m.sex, m.ethnicity, _month(m.birth_date), m.education,
                     m.member_type, m.category, m.org_name, _month(m.joined_on), m.work_unit,
                     phone, number))
    return Table(tuple(c for c, _ in COLUMNS), tuple(body), tuple(w for _, w in COLUMNS),
                 align_left=LEFT_COLUMNS, font_size=10)


def render_roster_list(rows: Sequence[RosterRow], *, org_name: str = "", title: str = "党员名册",
                       show_sensitive: bool = False, printed_on: dt.date | None = None,
                       ) -> tuple[bytes, int]:
    """PDF bytes and page count. ``rows`` in the order they are to be printed."""
    info = f"党组织：{org_name}" if org_name else ""
    info_right = f"共{len(rows)}名"
    if not show_sensitive:
        info_right += "（身份证号码、电话已部分隐藏）"
    spec = ListSpec(title, roster_table(rows, show_sensitive=show_sensitive), info, info_right,
                    printed_on or dt.date.today(), font_size=10)
    return render_list_counted(spec)
