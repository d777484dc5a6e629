"""Figures about the roster for briefings: who was on the roll on a day, and who came and went
in a period.

Members count where their record sits now (their organisation and everything above it); their
state on a past day comes from their history (app.services.members.history).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

import app.services.members.query  # noqa: F401  (SQLite table hints)
from app.db.models import Member, MemberEvent, Organization
from app.domain.members import catalog
from app.domain.members import rules as member_rules
from app.domain.members.rules import AGE_BANDS, ON_RECORD, STAT_AGE_BANDS
from app.services.members import history
from app.services.members.history import MemberState
from app.services.orgs.service import subtree_select

NOT_FILLED = "未填写"
# Both sets of age bands are counted in the same pass: the usual four and the 党内统计 eight.
ALL_BANDS = (*AGE_BANDS, *STAT_AGE_BANDS)


@dataclass(frozen=True)
class MemberStats:
    """Members on record (在册) in an organisation's subtree."""

    total: int
    full: int  # 正式党员
    probationary: int  # 预备党员
    by_category: dict[str, int]  # every category in catalogue order, then 未填写 if any
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_education: dict[str, int]
    by_ethnicity: dict[str, int]  # 汉族 first, then by count
    mobile: int
    lost_contact: int
    stopped: int  # 停止党籍
    center_households: int
    by_org: dict[int, int] = field(default_factory=dict)  # members in each organisation itself
    by_stat_age_band: dict[str, int] = field(default_factory=dict)  # the 党内统计 report's bands


@dataclass(frozen=True)
class MemberFlow:
    """What happened between ``start`` and ``end`` (both inclusive)."""

    start: dt.date
    end: dt.date
    joined_party: int  # 加入党组织日期 in the period (新发展党员)
    became_full: int  # 转为正式党员日期 in the period
    transferred_in: int  # 转入 events
    transferred_out: int  # 转出 events
    died: int
    expelled: int  # 出党
    went_mobile: int  # 外出流动 events
    lost_contact: int  # 失去联系 events

    @property
    def came(self) -> int:
        return self.joined_party + self.transferred_in

    @property
    def left(self) -> int:
        return self.transferred_out + self.died + self.expelled


def _scope(org_id: int | None, s: Session | None = None) -> list[ColumnElement[bool]]:
    """The condition for the organisation's subtree; none for the whole county (given a
    session, also when the subtree is every organisation there is: saves a set lookup per row)."""
    if org_id is None:
        return []
    if s is not None:
        total = s.scalar(select(func.count()).select_from(Organization)) or 0
        below = s.scalar(select(func.count()).select_from(subtree_select(org_id).subquery())) or 0
        if below == total:
            return []
    return [Member.org_id.in_(subtree_select(org_id))]


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> dict[str, int]:
    out = {k: counts.get(k, 0) for k in order}
    for k, n in counts.items():
        if k not in out:
            out[k] = n
    return out


def age_band_case(today: dt.date):
    whens = []
    for band in AGE_BANDS:
        earliest, latest = member_rules.band_birth_range(band, today)
        parts = []
        if earliest is not None:
            parts.append(Member.birth_date >= earliest)
        if latest is not None:
            parts.append(Member.birth_date <= latest)
        whens.append((and_(*parts), literal(band)))
    return case(*whens, else_=literal(""))


def _count_if(condition: ColumnElement[bool]):
    return func.sum(case((condition, 1), else_=0))


class _Tally:
    """The counts behind MemberStats, added to member by member (or group by group)."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.bands = [member_rules.band_birth_range(b, day) for b in ALL_BANDS]
        self.total = self.male = self.female = 0
        self.full = self.prob = self.mobile = self.lost = self.stopped = self.center = 0
        self.band_counts = [0] * len(ALL_BANDS)
        self.category: Counter[str] = Counter()
        self.edu: Counter[str] = Counter()
        self.ethnic: Counter[str] = Counter()
        self.orgs: Counter[int] = Counter()

    def add(self, m: MemberState, sign: int = 1, org_id: int = 0) -> None:
        """Counts one member in (sign 1) or out (sign -1), as the SQL pass counts a row."""
        self.total += sign
        if org_id:
            self.orgs[org_id] += sign
        self.male += sign * (m.sex == catalog.SEXES[0])
        self.female += sign * (m.sex == catalog.SEXES[1])
        if m.birth_date is not None:
            for i, (earliest, latest) in enumerate(self.bands):
                if (earliest is None or m.birth_date >= earliest) and (latest is None or m.birth_date <= latest):
                    self.band_counts[i] += sign
        self.full += sign * (m.member_type == catalog.FULL)
        self.prob += sign * (m.member_type == catalog.PROBATIONARY)
        self.mobile += sign * m.mobile
        self.lost += sign * m.lost
        self.stopped += sign * m.stopped
        self.center += sign * m.center_household
        self.category[m.category or NOT_FILLED] += sign
        self.edu[m.education or NOT_FILLED] += sign
        self.ethnic[m.ethnicity or NOT_FILLED] += sign

    def stats(self) -> MemberStats:
        total, male, female = self.total, self.male, self.female
        by_sex = {catalog.SEXES[0]: male, catalog.SEXES[1]: female}
        by_band = dict(zip(AGE_BANDS, self.band_counts[:len(AGE_BANDS)], strict=True))
        by_stat = dict(zip(STAT_AGE_BANDS, self.band_counts[len(AGE_BANDS):], strict=True))
        for figures, known in ((by_sex, male + female), (by_band, sum(by_band.values())),
                               (by_stat, sum(by_stat.values()))):
            if total > known:
                figures[NOT_FILLED] = total - known
        ethnic_counts = {k: n for k, n in self.ethnic.items() if n}
        ethnic_order = sorted(ethnic_counts, key=lambda k: (k != "汉族", k == NOT_FILLED, -ethnic_counts[k], k))
        return MemberStats(
            total=total, full=self.full, probationary=self.prob,
            by_category=_ordered({k: n for k, n in self.category.items() if n}, catalog.CATEGORIES),
            by_sex=_ordered(by_sex, catalog.SEXES),
            by_age_band=_ordered(by_band, AGE_BANDS),
            by_education=_ordered({k: n for k, n in self.edu.items() if n}, catalog.EDUCATION),
            by_ethnicity={k: ethnic_counts[k] for k in ethnic_order},
            mobile=self.mobile, lost_contact=self.lost, stopped=self.stopped, center_households=self.center,
            by_org={k: n for k, n in self.orgs.items() if n},
            by_stat_age_band=_ordered(by_stat, STAT_AGE_BANDS),
        )


def _present(s: Session, org_id: int | None, today: dt.date, by_org: bool = False) -> _Tally:
    """One pass over the members on record now: grouped by the three open-ended columns (few
    groups), everything else counted in the same pass with conditional sums; ages on ``today``."""
    tally = _Tally(today)
    bands = []
    for earliest, latest in tally.bands:
        parts = [Member.birth_date >= earliest] if earliest is not None else []
        parts += [Member.birth_date <= latest] if latest is not None else []
        bands.append(_count_if(and_(*parts)))
    sums = (
        func.count(),
        _count_if(Member.sex == catalog.SEXES[0]), _count_if(Member.sex == catalog.SEXES[1]),
        *bands,
        _count_if(Member.member_type == catalog.FULL), _count_if(Member.member_type == catalog.PROBATIONARY),
        _count_if(Member.mobile.is_(True)), _count_if(Member.lost_contact.is_(True)),
        _count_if(Member.party_status == "停止党籍"), _count_if(Member.center_household.is_(True)),
    )
    groups = (Member.category, Member.education, Member.ethnicity)
    # ix_members_figures starts with (status, category, education, ethnicity) and carries every
    # other column counted here: one pass over a narrow index, groups in index order, no sort.
    q = (select(*groups, *sums).where(Member.status == ON_RECORD, *_scope(org_id, s))
         .group_by(*groups).with_hint(Member, "INDEXED BY ix_members_figures", "sqlite"))
    totals = [0] * len(sums)
    for category, edu, ethnic, *numbers in s.execute(q):
        n = numbers[0]
        tally.category[category or NOT_FILLED] += n
        tally.edu[edu or NOT_FILLED] += n
        tally.ethnic[ethnic or NOT_FILLED] += n
        totals = [a + (b or 0) for a, b in zip(totals, numbers, strict=True)]
    tally.total, tally.male, tally.female, *rest = totals
    tally.band_counts = rest[:len(ALL_BANDS)]
    tally.full, tally.prob, tally.mobile, tally.lost, tally.stopped, tally.center = rest[len(ALL_BANDS):]
    if by_org:
        q = (select(Member.org_id, func.count()).where(Member.status == ON_RECORD, *_scope(org_id))
             .group_by(Member.org_id))
        tally.orgs = Counter({org: n for org, n in s.execute(q)})
    return tally


def member_stats(s: Session, org_id: int | None, today: dt.date, by_org: bool = False) -> MemberStats:
    """The members on the roll on ``today`` (ages on that day). For a day before the present,
    the present counts are corrected for the members whose history changed since
    (app.services.members.history)."""
    tally = _present(s, org_id, today, by_org)
    if today < dt.date.today():
        for change in history.changes_since(s, today, _scope(org_id)):
            org = change.org_id if by_org else 0
            if change.now is not None:
                tally.add(change.now, -1, org)
            if change.then is not None:
                tally.add(change.then, 1, org)
    return tally.stats()


def member_flow(s: Session, org_id: int | None, start: dt.date, end: dt.date) -> MemberFlow:
    scope = _scope(org_id)

    def members_with(column) -> int:
        q = select(func.count()).select_from(Member).where(column >= start, column <= end, *scope)
        return s.scalar(q) or 0

    q = (select(MemberEvent.kind, func.count()).join(Member, Member.id == MemberEvent.member_id)
         .where(MemberEvent.date >= start, MemberEvent.date <= end, *scope).group_by(MemberEvent.kind))
    events = {kind: n for kind, n in s.execute(q)}
    return MemberFlow(
        start=start, end=end,
        joined_party=members_with(Member.joined_on), became_full=members_with(Member.full_on),
        transferred_in=events.get("转入", 0), transferred_out=events.get("转出", 0),
        died=events.get("去世", 0), expelled=events.get("出党", 0),
        went_mobile=events.get("外出流动", 0), lost_contact=events.get("失去联系", 0),
    )
