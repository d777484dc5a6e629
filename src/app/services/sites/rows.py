"""The rows the sites services return, the inputs forms and imports hand them, and the queries
of the 阵地队伍 tab's lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from app.domain.sites.rules import BRAND_STEPS, area_text, is_overdue


def as_input(row: Any, input_type: type) -> Any:
    return input_type(**{f.name: getattr(row, f.name) for f in fields(input_type)})


@dataclass(frozen=True)
class SiteInput:
    name: str
    kind: str
    org_id: int | str | None
    unit_id: int | str | None = None
    menu: str = ""
    address: str = ""
    area: Any = None  # m² as typed (120.5, "120.50平方米"); stored as hundredths
    owner: str = ""
    opened_on: dt.date | None = None
    standardised_year: int | None = None
    remarks: str = ""
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class SiteRow:
    id: int
    uuid: str
    version: int
    name: str
    kind: str
    org_id: int
    unit_id: int | None
    menu: str
    address: str
    area: int | None  # hundredths of a m²
    owner: str
    opened_on: dt.date | None
    standardised_year: int | None
    remarks: str
    closed_on: dt.date | None
    org_name: str
    unit_name: str

    @property
    def area_m2(self) -> str:
        return area_text(self.area)

    @property
    def status(self) -> str:
        return "已停用" if self.closed_on else "在用"


@dataclass(frozen=True)
class StaffInput:
    kind: str
    name: str
    org_id: int | str | None
    id_number: str = ""
    home_unit: str = ""
    post: str = ""
    cross_post: bool = False
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    hired_year: int | None = None
    hire_way: str = ""
    certified: bool = False
    certificate: str = ""
    certified_on: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class StaffRow:
    id: int
    uuid: str
    version: int
    kind: str
    name: str
    id_number: str
    org_id: int
    home_unit: str
    post: str
    cross_post: bool
    term_start: dt.date | None
    term_end: dt.date | None
    hired_year: int | None
    hire_way: str
    certified: bool
    certificate: str
    certified_on: dt.date | None
    remarks: str
    org_name: str

    def in_post(self, day: dt.date) -> bool:
        return (self.term_start is None or self.term_start <= day) and (self.term_end is None or day <= self.term_end)


@dataclass(frozen=True)
class BrandInput:
    name: str
    org_id: int | str | None
    description: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class BrandStepRow:
    step_no: int
    step: str
    done_on: dt.date
    result: str


@dataclass(frozen=True)
class BrandRow:
    id: int
    uuid: str
    version: int
    name: str
    org_id: int
    description: str
    remarks: str
    org_name: str
    steps: tuple[BrandStepRow, ...]

    @property
    def stage(self) -> str:
        """The last step done ("未申报" before the first)."""
        return self.steps[-1].step if self.steps else "未申报"

    @property
    def next_step(self) -> str | None:
        return BRAND_STEPS[len(self.steps)] if len(self.steps) < len(BRAND_STEPS) else None

    def step_on(self, step: str) -> dt.date | None:
        return next((s.done_on for s in self.steps if s.step == step), None)


@dataclass(frozen=True)
class VisitInput:
    visitor: str
    org_id: int | str | None
    household: str
    visited_on: dt.date | None
    visitor_role: str = ""
    member_id: int | str | None = None
    grid: str = ""
    matters: str = ""
    follow_up: str = ""
    due_on: dt.date | None = None
    result: str = ""
    done_on: dt.date | None = None


@dataclass(frozen=True)
class VisitRow:
    id: int
    uuid: str
    version: int
    visitor: str
    visitor_role: str
    member_id: int | None
    org_id: int
    grid: str
    household: str
    visited_on: dt.date | None
    matters: str
    follow_up: str
    due_on: dt.date | None
    result: str
    done_on: dt.date | None
    org_name: str

    def overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.due_on, self.done_on, today or dt.date.today())

    @property
    def follow_state(self) -> str:
        if not self.follow_up:
            return ""
        if self.done_on is not None:
            return "已办结"
        return "已逾期" if self.overdue() else "办理中"


ALL, OPEN_ONLY, CLOSED_ONLY = "全部", "在用", "已停用"
OVERDUE, PENDING, DONE = "已逾期", "办理中", "已办结"


@dataclass(frozen=True)
class SitesQuery:
    """A list's search: the subtree of ``org_id``, words in the name (or visitor, household), a
    kind, a year (visits), a state (sites: 在用/已停用; visits: 已逾期/办理中/已办结)."""

    org_id: int | None = None
    text: str = ""
    kind: str | None = None
    year: int | None = None
    state: str = ALL
    sort: str = "name"
    descending: bool = False
