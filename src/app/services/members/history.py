"""Members as they stood on a past day, rebuilt from their history.

A member's record holds how things are now; ``member_events`` holds what happened and when
(转入, 转出, 转为正式党员, 外出流动, 失去联系, 停止党籍, 去世, …), and the record's dates
(加入党组织日期, 转为正式党员日期, 离开日期, 失联年月) say when the rest began. On a day ``D``:

- on the roll: joined the Party by ``D``, and the last arrival or departure up to ``D`` was an
  arrival (转入); with none up to ``D``, the first one after it must be a departure (someone
  whose first recorded move is a 转入 after ``D`` came later); with no moves at all, the member
  is on the roll now, or left (离开日期) after ``D``;
- 预备/正式: 正式 from the 转为正式党员日期 on;
- 流动, 失联, 停止党籍: the last switching event up to ``D``; with none, the opposite of the first
  one after ``D``; with none at all, as now (失联 from its 失联年月).

Which organisation a member belongs to is taken as now (moves between branches are corrections
of the record, with no date of their own). Only members something happened to after ``D`` can
differ from now, so figures for a past day are the present figures corrected for those few.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, union
from sqlalchemy.orm import Session

from app.db.models import Member, MemberEvent
from app.domain.members.rules import ON_RECORD

CHUNK = 2000  # ids per query (fewer statements to compile; well under SQLite's bound-value limit)
ARRIVING = "转入"
LEAVING = ("转出", "去世", "出党")
# state -> (event that turns it on, event that turns it off)
SWITCHES = {"mobile": ("外出流动", "流动返回"), "lost": ("失去联系", "恢复联系"),
            "stopped": ("停止党籍", "恢复党籍")}
COLUMNS = (Member.id, Member.org_id, Member.status, Member.left_on, Member.joined_on, Member.full_on,
           Member.member_type, Member.mobile, Member.lost_contact, Member.lost_since, Member.party_status,
           Member.category, Member.education, Member.ethnicity, Member.sex, Member.birth_date,
           Member.center_household)


@dataclass(frozen=True)
class MemberState:
    """What the figures count about one member on one day."""

    category: str
    education: str
    ethnicity: str
    sex: str
    birth_date: dt.date | None
    member_type: str
    mobile: bool
    lost: bool
    stopped: bool
    center_household: bool


@dataclass(frozen=True)
class Change:
    """A member whose state on the day may differ from now: now (None: not on the roll now)
    and then (None: not on the roll then)."""

    now: MemberState | None
    then: MemberState | None
    org_id: int = 0


def _switch(events: Sequence[tuple[str, dt.date]], on: str, off: str, day: dt.date,
            current: bool) -> bool:
    before = [k for k, d in events if d <= day and k in (on, off)]
    if before:
        return before[-1] == on
    after = [k for k, d in events if d > day and k in (on, off)]
    if after:
        return after[0] == off
    return current


def _on_roll(row, events: Sequence[tuple[str, dt.date]], day: dt.date) -> bool:
    if row.joined_on is not None and row.joined_on > day:
        return False
    moves = [(k, d) for k, d in events if k == ARRIVING or k in LEAVING]
    before = [k for k, d in moves if d <= day]
    if before:
        return before[-1] == ARRIVING
    after = [k for k, d in moves if d > day]
    if after:
        return after[0] != ARRIVING
    return row.status == ON_RECORD or (row.left_on is not None and row.left_on > day)


def state_on(row, events: Sequence[tuple[str, dt.date]], day: dt.date) -> MemberState | None:
    """The member's state on ``day`` (None when not on the roll); ``events`` in date order."""
    if not _on_roll(row, events, day):
        return None
    if row.full_on is not None:
        member_type = "正式党员" if row.full_on <= day else "预备党员"
    else:
        member_type = row.member_type or ""
    lost_now = bool(row.lost_contact) and (row.lost_since is None or row.lost_since <= day)
    return MemberState(
        category=row.category or "", education=row.education or "", ethnicity=row.ethnicity or "",
        sex=row.sex or "", birth_date=row.birth_date, member_type=member_type,
        mobile=_switch(events, *SWITCHES["mobile"], day, bool(row.mobile)),
        lost=_switch(events, *SWITCHES["lost"], day, lost_now),
        stopped=_switch(events, *SWITCHES["stopped"], day, row.party_status == "停止党籍"),
        center_household=bool(row.center_household),
    )


def state_now(row) -> MemberState | None:
    """The member as the present figures count them (None when not on the roll)."""
    if row.status != ON_RECORD:
        return None
    return MemberState(
        category=row.category or "", education=row.education or "", ethnicity=row.ethnicity or "",
        sex=row.sex or "", birth_date=row.birth_date, member_type=row.member_type or "",
        mobile=bool(row.mobile), lost=bool(row.lost_contact), stopped=row.party_status == "停止党籍",
        center_household=bool(row.center_household),
    )


def changes_since(s: Session, day: dt.date, scope: Iterable[ColumnElement[bool]]) -> list[Change]:
    """The members in ``scope`` whose state on ``day`` may differ from their state now: those
    with an event after ``day`` or one of the record's dates after it. The ids come from one
    union of narrow queries, the rows then by primary key (a scan of the wide rows with all the
    conditions at once takes twice as long on 100,000 members)."""
    candidates = union(
        select(MemberEvent.member_id).where(MemberEvent.date > day),
        *(select(Member.id).where(column > day)
          for column in (Member.joined_on, Member.full_on, Member.left_on, Member.lost_since)),
    )
    ids = [member_id for (member_id,) in s.execute(candidates)]
    conditions = list(scope)
    rows = []
    events: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows += list(s.execute(select(*COLUMNS).where(Member.id.in_(chunk), *conditions)))
        q = (select(MemberEvent.member_id, MemberEvent.kind, MemberEvent.date)
             .where(MemberEvent.member_id.in_(chunk))
             .order_by(MemberEvent.member_id, MemberEvent.date, MemberEvent.id))
        for member_id, kind, date in s.execute(q):
            events[member_id].append((kind, date))
    return [Change(state_now(r), state_on(r, events[r.id], day), r.org_id) for r in rows]
