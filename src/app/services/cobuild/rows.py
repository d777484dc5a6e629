"""The co-building rows the services return and the inputs the GUI edits: units in the area,
members reporting from them, 大党委 part-time members and two-way postings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.cobuild.units import IN_AREA, LEFT, active_on
from app.domain.orgs.rules import TermState, term_state


@dataclass(frozen=True)
class UnitInput:
    name: str
    # An organisation's id; an import may hand its name, which the importer resolves first.
    org_id: int | None
    credit_code: str = ""
    unit_type: str = ""
    address: str = ""
    grid: str = ""
    party_org_name: str = ""
    party_org_type: str = ""
    secretary: str = ""
    party_members: int | None = None
    on_council: bool = False
    liaison: str = ""
    phone: str = ""
    remarks: str = ""
    left_on: dt.date | None = None


UNIT_INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(UnitInput))


@dataclass(frozen=True)
class UnitRow:
    id: int
    uuid: str
    name: str
    org_id: int
    credit_code: str
    unit_type: str
    address: str
    grid: str
    party_org_name: str
    party_org_type: str
    secretary: str
    party_members: int | None
    on_council: bool
    liaison: str
    phone: str
    remarks: str
    left_on: dt.date | None
    left_reason: str
    name_pinyin: str
    name_initials: str
    updated_at: dt.datetime | None
    org_name: str  # joined in: the community's name
    member_count: int  # in-service members reporting from the unit
    version: int = 0  # as read; ``update`` refuses the save if the record has changed since

    @property
    def status(self) -> str:
        return LEFT if self.left_on is not None else IN_AREA

    @property
    def in_area(self) -> bool:
        return self.left_on is None

    def as_input(self) -> UnitInput:
        return UnitInput(**{k: getattr(self, k) for k in UNIT_INPUT_KEYS})


@dataclass(frozen=True)
class UnitMemberRow:
    """A member reporting to the community from a unit (for the unit's page)."""

    member_id: int
    unit_id: int
    name: str
    org_name: str  # the member's branch
    category: str
    status: str  # the member's 在册 / 已转出 …
    phone: str
    work_unit: str  # as typed on the roster
    reported_on: dt.date | None


@dataclass(frozen=True)
class CouncilInput:
    name: str
    org_id: int | None
    member_id: int | None = None
    unit_id: int | None = None
    council_post: str = ""
    unit_post: str = ""
    phone: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class CouncilRow:
    id: int
    uuid: str
    name: str
    member_id: int | None
    org_id: int
    unit_id: int | None
    council_post: str
    unit_post: str
    phone: str
    term_start: dt.date | None
    term_end: dt.date | None
    remarks: str
    updated_at: dt.datetime | None
    org_name: str
    unit_name: str

    def term(self, today: dt.date | None = None) -> TermState:
        """Flagged like an organisation's term: days left, or 已届满 once the end has passed."""
        return term_state(self.term_end, today)

    def serving_on(self, day: dt.date) -> bool:
        return active_on(self.term_start, self.term_end, day)

    def as_input(self) -> CouncilInput:
        return CouncilInput(**{f.name: getattr(self, f.name) for f in fields(CouncilInput)})


@dataclass(frozen=True)
class SecondmentInput:
    name: str
    direction: str
    org_id: int | None
    unit_id: int | None
    starts_on: dt.date | None
    member_id: int | None = None
    post: str = ""
    ends_on: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class SecondmentRow:
    id: int
    uuid: str
    name: str
    member_id: int | None
    direction: str
    org_id: int
    unit_id: int
    post: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    remarks: str
    updated_at: dt.datetime | None
    org_name: str
    unit_name: str

    def serving_on(self, day: dt.date) -> bool:
        return active_on(self.starts_on, self.ends_on, day)

    def as_input(self) -> SecondmentInput:
        return SecondmentInput(**{f.name: getattr(self, f.name) for f in fields(SecondmentInput)})
