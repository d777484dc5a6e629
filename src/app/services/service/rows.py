"""Rows and inputs of the volunteer service records, and the record list's query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.kit.masking import mask_id


@dataclass(frozen=True)
class VolunteerInput:
    name: str
    org_id: int | None
    member_id: int | None = None
    id_number: str = ""
    phone: str = ""
    is_rep: bool = False
    rep_body: str = ""
    skills: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class VolunteerRow:
    id: int
    uuid: str
    name: str
    org_id: int
    member_id: int | None
    id_number: str
    phone: str
    is_rep: bool
    rep_body: str
    skills: str
    remarks: str
    name_pinyin: str
    version: int
    # joined in
    org_name: str
    member_category: str  # "" for a volunteer who is not a Party member

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number) if self.id_number else ""


@dataclass(frozen=True)
class ReportInput:
    member_id: int | None
    unit_id: int | None
    org_id: int | None
    reported_on: dt.date | None
    slip_no: str = ""
    skills: str = ""
    preferences: str = ""
    grid: str = ""
    team_id: int | None = None


@dataclass(frozen=True)
class ReportRow:
    id: int
    uuid: str
    member_id: int
    unit_id: int
    org_id: int
    reported_on: dt.date | None
    slip_no: str
    skills: str
    preferences: str
    grid: str
    team_id: int | None
    status: str
    left_on: dt.date | None
    version: int
    # joined in
    member_name: str
    unit_name: str
    org_name: str
    team_name: str


@dataclass(frozen=True)
class TeamInput:
    name: str
    kind: str
    org_id: int | None
    leader_id: int | None = None
    founded_on: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class TeamRow:
    id: int
    uuid: str
    name: str
    kind: str
    org_id: int
    leader_id: int | None
    founded_on: dt.date | None
    remarks: str
    dissolved_on: dt.date | None
    version: int
    # joined in
    org_name: str
    leader_name: str
    size: int


@dataclass(frozen=True)
class TeamQuery:
    org_id: int | None = None  # teams of this organisation's subtree
    include_dissolved: bool = False
    kind: str | None = None
    text: str = ""  # words of the name
    sort: str = "kind"  # kind, name
    descending: bool = False


@dataclass(frozen=True)
class PersonChoice:
    """Someone who can join a team or claim a post: a volunteer (``key`` = their id) or a roster
    member not yet registered as one (``key`` = minus the member's id; made a volunteer when chosen)."""

    key: int
    name: str
    category: str  # the member's category, "" for a resident who is not a Party member
    masked_id: str
    org_name: str

    @property
    def label(self) -> str:
        who = self.category or "群众"
        return f"{self.name}（{who}，{self.masked_id or self.org_name}）"


@dataclass(frozen=True)
class PostInput:
    title: str
    category: str
    org_id: int | None
    description: str = ""
    grid: str = ""
    capacity: int | None = None


@dataclass(frozen=True)
class PostRow:
    id: int
    uuid: str
    title: str
    category: str
    org_id: int
    description: str
    grid: str
    capacity: int | None
    closed_on: dt.date | None
    version: int
    # joined in
    org_name: str
    claimed: int
    claimant_names: str = ""  # who claimed it, in the order they did


@dataclass(frozen=True)
class PostQuery:
    org_id: int | None = None
    category: str | None = None
    include_closed: bool = False
    text: str = ""  # words of the title or the duties
    sort: str = "category"  # category, title
    descending: bool = False


@dataclass(frozen=True)
class ActivityInput:
    title: str
    category: str
    org_id: int | None
    held_on: dt.date | None
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    organiser: str = ""
    team_id: int | None = None
    capacity: int | None = None
    list_item_id: int | None = None
    remarks: str = ""


@dataclass(frozen=True)
class ActivityRow:
    id: int
    uuid: str
    title: str
    category: str
    org_id: int
    held_on: dt.date | None
    start_time: str
    end_time: str
    place: str
    organiser: str
    team_id: int | None
    capacity: int | None
    list_item_id: int | None
    remarks: str
    version: int
    # joined in
    org_name: str
    team_name: str
    signed_up: int
    attended: int


@dataclass(frozen=True)
class SignUpRow:
    volunteer_id: int
    name: str
    attended: bool
    start_time: str
    end_time: str
    record_id: int | None


@dataclass(frozen=True)
class RecordInput:
    volunteer_id: int | None
    org_id: int | None
    served_on: dt.date | None
    content: str
    start_time: str = ""
    end_time: str = ""
    hours: object = None  # tenths, or hours as typed ("2.5", "2小时")
    category: str = ""
    activity_id: int | None = None
    served_people: int | None = None
    hours_reason: str = ""


RECORD_INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(RecordInput))


@dataclass(frozen=True)
class RecordRow:
    id: int
    uuid: str
    volunteer_id: int
    org_id: int
    served_on: dt.date | None
    start_time: str
    end_time: str
    hours: int | None
    content: str
    category: str
    activity_id: int | None
    served_people: int | None
    hours_reason: str
    team_id: int | None
    unit_id: int | None
    status: str
    confirmed_by: str
    confirmed_at: dt.datetime | None
    return_reason: str
    replaces_id: int | None
    correction_reason: str
    version: int
    # joined in
    volunteer_name: str
    org_name: str
    activity_title: str
    team_name: str
    unit_name: str

    @property
    def tenths(self) -> int:
        return self.hours or 0


@dataclass(frozen=True)
class RecordQuery:
    org_id: int | None = None  # records of this organisation's subtree
    status: str | None = None
    volunteer_id: int | None = None
    unit_id: int | None = None
    team_id: int | None = None
    activity_id: int | None = None
    category: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""  # the volunteer's name (pinyin, initials) or the content
    sort: str = "served_on"
    descending: bool = True


@dataclass(frozen=True)
class ReportQuery:
    org_id: int | None = None
    unit_id: int | None = None
    status: str | None = None
    text: str = ""  # the member's name, pinyin or initials
    sort: str = "name"  # name, reported_on
    descending: bool = False


@dataclass(frozen=True)
class VolunteerQuery:
    org_id: int | None = None
    text: str = ""  # name, pinyin, initials, or the whole ID number
    members: bool | None = None  # True: Party members only; False: residents only
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class ActivityQuery:
    org_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""  # words of the title
    sort: str = "held_on"
    descending: bool = True
