"""Rows and inputs of the three lists' items, and the list view's query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.domain.cobuild.lists import is_overdue


@dataclass(frozen=True)
class ListItemInput:
    kind: str
    title: str
    org_id: int | None
    category: str = ""
    description: str = ""
    raised_by: str = ""
    unit_id: int | None = None
    raised_on: dt.date | None = None  # today when empty
    beneficiaries: int | None = None
    deadline: dt.date | None = None
    remarks: str = ""


LIST_INPUT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(ListItemInput))


@dataclass(frozen=True)
class ListItemRow:
    id: int
    uuid: str
    kind: str
    title: str
    category: str
    org_id: int
    description: str
    raised_by: str
    unit_id: int | None
    raised_on: dt.date | None
    beneficiaries: int | None
    deadline: dt.date | None
    remarks: str
    status: str
    claim_unit_id: int | None
    claim_org_id: int | None
    claim_member_id: int | None
    claimed_on: dt.date | None
    started_on: dt.date | None
    done_on: dt.date | None
    cancelled_on: dt.date | None
    cancel_reason: str
    outcome: str
    served: int | None
    updated_at: dt.datetime | None
    # joined in
    org_name: str
    unit_name: str  # the providing unit
    claimant: str  # who claimed it: a unit's, an organisation's or a member's name
    version: int = 0  # as read; ``update`` refuses the save if the record has changed since

    @property
    def claimant_kind(self) -> str:
        if self.claim_unit_id is not None:
            return "单位"
        if self.claim_org_id is not None:
            return "党组织"
        return "党员" if self.claim_member_id is not None else ""

    def overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.status, self.deadline, today or dt.date.today())

    def as_input(self) -> ListItemInput:
        return ListItemInput(**{k: getattr(self, k) for k in LIST_INPUT_KEYS})


@dataclass(frozen=True)
class ListQuery:
    org_id: int | None = None  # items of this organisation's subtree
    kind: str | None = None  # 需求清单 / 资源清单 / 项目清单
    status: str | None = None
    category: str | None = None
    unit_id: int | None = None  # provided or claimed by this unit
    overdue: bool | None = None  # True: only overdue items
    text: str = ""  # title, description, who raised it
    sort: str = "raised_on"  # a field key, or "status", "claimed_on", "done_on", "id"
    descending: bool = True
    today: dt.date | None = None  # for "overdue"; default today
