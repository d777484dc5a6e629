"""Row objects of the candidates for joining the Party (发展党员)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.orglife import candidates as rules


@dataclass(frozen=True)
class CandidateInput:
    """What the form edits or an import row holds, before cleaning."""

    name: str
    id_number: str
    org_id: int | str | None
    applied_on: dt.date | None = None
    sex: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    native_place: str = ""
    activist_on: dt.date | None = None
    target_on: dt.date | None = None
    admitted_on: dt.date | None = None
    full_on: dt.date | None = None
    introducer1_id: int | str | None = None
    introducer2_id: int | str | None = None
    training: str = ""
    training_on: dt.date | None = None
    review: str = ""
    review_on: dt.date | None = None
    remarks: str = ""


INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(CandidateInput))


@dataclass(frozen=True)
class CandidateRow:
    id: int
    uuid: str
    name: str
    id_number: str
    sex: str
    birth_date: dt.date | None
    phone: str
    native_place: str
    org_id: int
    stage: str
    applied_on: dt.date | None
    activist_on: dt.date | None
    target_on: dt.date | None
    admitted_on: dt.date | None
    full_on: dt.date | None
    introducer1_id: int | None
    introducer2_id: int | None
    training: str
    training_on: dt.date | None
    review: str
    review_on: dt.date | None
    remarks: str
    member_id: int | None
    version: int
    org_name: str = ""
    introducer1_name: str = ""
    introducer2_name: str = ""

    @property
    def stage_date(self) -> dt.date | None:
        """The day the candidate reached the stage they are at."""
        return getattr(self, rules.DATE_OF_STAGE[self.stage])

    @property
    def next_stage(self) -> str | None:
        return rules.next_stage(self.stage)

    def as_input(self) -> CandidateInput:
        return CandidateInput(**{k: getattr(self, k) for k in INPUT_KEYS})


@dataclass(frozen=True)
class AdvanceInput:
    """推进到下一阶段: the day, and what the next stage needs (introducers for 预备党员; the
    training and the political review may be noted at any step)."""

    day: dt.date | None
    introducer1_id: int | None = None
    introducer2_id: int | None = None
    training: str | None = None  # None: keep what the record holds
    training_on: dt.date | None = None
    review: str | None = None
    review_on: dt.date | None = None
    remark: str = ""


@dataclass(frozen=True)
class CandidateQuery:
    org_id: int | None = None  # the organisation and everything below it
    stage: str | None = None  # one stage; None: every stage
    text: str = ""
    sort: str = "name"  # "name", "stage_date" or a date field
    descending: bool = False
