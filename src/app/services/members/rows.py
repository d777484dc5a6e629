"""The member area's row objects: what the GUI edits and what services return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from app.domain.members import rules as member_rules
from app.domain.members.rules import ON_RECORD
from app.domain.orgs.rules import OrgType


@dataclass(frozen=True, slots=True)
class MemberInput:
    """What the user edits (form) or what an import row holds, before cleaning."""

    name: str
    id_number: str
    # An organisation's id; in ``import_batch`` a str names one of its ``new_orgs`` (by key).
    org_id: int | str | None
    member_type: str = "正式党员"
    joined_on: dt.date | None = None
    full_on: dt.date | None = None
    sex: str = ""  # from the ID number when empty
    birth_date: dt.date | None = None  # from the ID number when empty
    ethnicity: str = ""
    education: str = ""
    post: str = ""
    phone: str = ""
    address: str = ""
    party_status: str = "正常"
    lost_contact: bool = False
    lost_since: dt.date | None = None
    mobile: bool = False
    mobile_to: str = ""
    category: str = ""
    management: str = ""  # the category's usual one when empty
    work_unit: str = ""
    grid: str = ""
    center_household: bool = False
    remarks: str = ""
    native_place: str = ""
    introducers: str = ""
    party_post: str = ""


INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(MemberInput))


@dataclass(frozen=True)
class MemberRow:
    id: int
    uuid: str
    name: str
    id_number: str
    org_id: int
    org_name: str
    member_type: str
    joined_on: dt.date | None
    full_on: dt.date | None
    sex: str
    birth_date: dt.date | None
    ethnicity: str
    education: str
    post: str
    phone: str
    address: str
    party_status: str
    lost_contact: bool
    lost_since: dt.date | None
    mobile: bool
    mobile_to: str
    category: str
    management: str
    work_unit: str
    grid: str
    center_household: bool
    remarks: str
    native_place: str
    introducers: str
    party_post: str
    name_pinyin: str
    name_initials: str
    status: str
    left_on: dt.date | None
    updated_at: dt.datetime | None
    version: int = 0  # as read; ``update`` refuses the save if the record has changed since

    @property
    def on_record(self) -> bool:
        return self.status == ON_RECORD

    def age(self, today: dt.date | None = None) -> int | None:
        return member_rules.age(self.birth_date, today) if self.birth_date else None

    def age_band(self, today: dt.date | None = None) -> str:
        years = self.age(today)
        return member_rules.age_band(years) if years is not None else ""

    def party_years(self, today: dt.date | None = None) -> int | None:
        """党龄: whole years since becoming a full member (not since joining)."""
        return member_rules.party_years(self.full_on, today) if self.full_on else None

    def as_input(self) -> MemberInput:
        return MemberInput(**{k: getattr(self, k) for k in INPUT_KEYS})


@dataclass(frozen=True)
class MemberEventRow:
    id: int
    member_id: int
    kind: str
    date: dt.date
    other_org: str
    remark: str
    actor: str
    created_at: dt.datetime


@dataclass(frozen=True)
class EventInput:
    member_id: int
    kind: str
    date: dt.date
    other_org: str = ""
    remark: str = ""


@dataclass(frozen=True)
class NewOrg:
    """An organisation that an import creates in the same transaction as its members."""

    name: str
    parent_id: int | None
    org_type: OrgType
    key: str = ""  # what the members' org_id says to mean this one (default: name)
    remarks: str = "导入党员名册时自动新建"

    @property
    def ref(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class ImportResult:
    added_ids: list[int]
    updated_ids: list[int]
    created_orgs: dict[str, int] = field(default_factory=dict)  # NewOrg.ref -> organisation id
