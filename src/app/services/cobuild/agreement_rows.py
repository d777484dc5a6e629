"""The rows of 共建协议, their commitments and attached scans, and the inputs the GUI edits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.cobuild import agreements as ag
from app.domain.cobuild.agreement_fields import mechanisms_of


@dataclass(frozen=True)
class AgreementInput:
    org_id: int | None
    unit_id: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    number: str = ""  # empty: the next number of the start year
    unit_party_org: str = ""  # empty: the unit's registered Party organisation
    signed_on: dt.date | None = None
    liaison_a: str = ""
    liaison_a_phone: str = ""
    liaison_b: str = ""
    liaison_b_phone: str = ""
    mechanisms: str | tuple[str, ...] = ""
    content: str = ""
    remarks: str = ""


AGREEMENT_INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(AgreementInput))


@dataclass(frozen=True)
class AgreementRow:
    id: int
    uuid: str
    number: str
    org_id: int
    unit_id: int
    unit_party_org: str
    signed_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    liaison_a: str
    liaison_a_phone: str
    liaison_b: str
    liaison_b_phone: str
    mechanisms: str
    content: str
    remarks: str
    terminated_on: dt.date | None
    terminated_reason: str
    previous_id: int | None
    updated_at: dt.datetime | None
    # joined in
    org_name: str
    unit_name: str
    status: str  # 草拟 / 生效 / 即将到期 / 已到期 / 已终止, as at the day the row was read
    next_id: int | None  # the renewal of this agreement, if any
    item_count: int
    items_done: int
    file_count: int
    version: int = 0  # as read; ``update`` refuses the save if the record has changed since

    @property
    def term(self) -> ag.Term:
        assert self.starts_on is not None and self.ends_on is not None
        return ag.Term(self.starts_on, self.ends_on)

    @property
    def mechanism_list(self) -> tuple[str, ...]:
        return mechanisms_of(self.mechanisms)

    def days_left(self, today: dt.date | None = None) -> int:
        return ag.days_left(self.term, today or dt.date.today())

    def in_force(self, on: dt.date) -> bool:
        return ag.in_force(self.term, on, signed_on=self.signed_on, terminated_on=self.terminated_on)

    def as_input(self) -> AgreementInput:
        return AgreementInput(**{k: getattr(self, k) for k in AGREEMENT_INPUT_KEYS})


@dataclass(frozen=True)
class CommitmentInput:
    side: str
    content: str
    deadline: dt.date | None = None
    done_on: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    uuid: str
    agreement_id: int
    side: str
    content: str
    deadline: dt.date | None
    done_on: dt.date | None
    evidence: str
    carried_from_id: int | None
    sort_order: int
    updated_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: dt.date | None = None) -> bool:
        return not self.done and self.deadline is not None and self.deadline < (today or dt.date.today())

    def as_input(self) -> CommitmentInput:
        return CommitmentInput(self.side, self.content, self.deadline, self.done_on, self.evidence)
