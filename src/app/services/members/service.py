"""The member roster (党员花名册): records, their history, search and figures.

Members who leave keep their record with a status (已转出 / 已去世 / 已出党); their history
(转入, 转出, 转为正式党员, 外出流动, …) is a list of events, and each event changes the
record's current state in the same transaction. Reading, cleaning and auditing are the record
kit's (app.services.kit.records); what is here is what is really about members: the ID number
that identifies a member, the organisation a member belongs to, and the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Member, MemberEvent, Organization, Setting
from app.domain.access.permissions import Permission, allowed
from app.domain.kit.errors import ConflictError, PermissionDenied, ValidationError
from app.domain.kit.masking import mask_id
from app.domain.kit.pinyin import name_keys
from app.domain.members import rules as member_rules
from app.domain.members.fields import MEMBER_FIELDS, MEMBER_SPEC
from app.domain.members.rules import ON_RECORD
from app.domain.orgs.rules import OrgType
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.members import batch
from app.services.members import query as mq
from app.services.members.query import MemberQuery
from app.services.members.rows import (
    INPUT_KEYS,
    EventInput,
    ImportResult,
    MemberEventRow,
    MemberInput,
    MemberRow,
    NewOrg,
)
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = MEMBER_SPEC.change
# The fields shown masked to a user without SHOW_SENSITIVE (ID and phone numbers).
SENSITIVE_KEYS = frozenset(f.key for f in MEMBER_FIELDS if f.mask is not None)
Progress = Callable[[int, int], None]

__all__ = ["INPUT_KEYS", "EventInput", "ImportResult", "MemberEventRow", "MemberInput", "MemberQuery",
           "MemberRow", "MemberService", "NewOrg"]


def _who(values: dict[str, Any] | MemberInput) -> str:
    return MEMBER_SPEC.who(values)


class MemberService(RecordService[MemberRow]):
    spec = MEMBER_SPEC
    model = Member
    row_type = MemberRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(Member, Organization.name).join(Organization, Organization.id == Member.org_id)
                .where(Member.id.in_(ids)))

    def search_ids(self, query: MemberQuery) -> list[int]:
        """Every matching member id, in the query's sort order."""
        with self.reading() as s:
            query = self._narrow(s, query)
            ids = [r[0] for r in fetch_rows(s, mq.id_select(query))]
            if query.sort != "org_id":
                return ids
            counts = fetch_rows(s, mq.org_counts_select(query))
            names = {i: n for i, n in s.execute(select(Organization.id, Organization.name))}
        # The ids come grouped by organisation id, in entry order inside each group: put the
        # groups in name order (no per-member sort).
        spans, start = [], 0
        for org_id, n in counts:
            spans.append((names.get(org_id, ""), org_id, start, start + n))
            start += n
        spans.sort(reverse=query.descending)
        out: list[int] = []
        for _name, _org, first, end in spans:
            out.extend(ids[first:end] if not query.descending else reversed(ids[first:end]))
        return out

    def count(self, query: MemberQuery) -> int:
        with self.reading() as s:
            query = self._narrow(s, query)
            inner = select(Member.id).where(*mq.conditions(query)).subquery()
            return s.scalar(select(func.count()).select_from(inner)) or 0

    def check_match_by_id_number(self) -> None:
        """Refuses (PermissionDenied) whoever may not see full ID numbers: telling which of the
        numbers they bring are on record would reveal what the masking hides. The importer and
        its preview call this before they read a file."""
        if self.actor.role is None:
            return
        if not allowed(self.actor.role, Permission.SHOW_SENSITIVE):
            raise PermissionDenied(
                f"“{self.actor.role}”角色不能查看完整的身份证号，因而也不能导入名册或预览导入"
                "（导入要按身份证号与已登记的党员比对）。请由党务工作者或管理员办理。"
            )
        self.require(Permission.IMPORT_DATA)

    def find_by_id_number(self, number: str) -> MemberRow | None:
        self.check_match_by_id_number()
        with self.reading() as s:
            member_id = s.scalar(select(Member.id).where(Member.id_number == number.strip().upper()))
        return self.get(member_id) if member_id else None

    def ids_by_id_number(self, numbers: Iterable[str]) -> dict[str, int]:
        """ID number → member id for those already on record (the importer matches on these)."""
        self.check_match_by_id_number()
        wanted = list({n for n in numbers if n})
        out: dict[str, int] = {}
        with self.reading() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                q = select(Member.id_number, Member.id).where(Member.id_number.in_(chunk))
                out.update({number: member_id for number, member_id in s.execute(q)})
        return out

    def events(self, member_id: int) -> list[MemberEventRow]:
        """The member's history, oldest first."""
        with self.reading() as s:
            q = (select(MemberEvent).where(MemberEvent.member_id == member_id)
                 .order_by(MemberEvent.date, MemberEvent.id))
            return [MemberEventRow(e.id, e.member_id, e.kind, e.date, e.other_org, e.remark, e.actor,
                                   e.created_at) for e in s.scalars(q)]

    def problems(self, data: MemberInput, member_id: int | None = None) -> list[ValidationError]:
        """Every problem with ``data`` (for a form or an import preview), without saving anything.
        Each problem's ``field`` is a field key."""
        with self.reading() as s:
            values, found = MEMBER_SPEC.problems(asdict(data))
            if not found:
                current = s.scalar(select(Member.org_id).where(Member.id == member_id)) if member_id else None
                try:
                    self._check_org(s, values["org_id"], current)
                    self._check_unique(s, values["id_number"], member_id)
                except (ValidationError, ConflictError) as exc:
                    found.append(ValidationError(exc.message, field=MEMBER_SPEC.key_of(exc.field)))
            return found

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: MemberInput) -> MemberRow:
        with self.writing(CHANGE) as s:
            values = self._prepare(s, data, None)
            member_id = self._insert(s, values).id
        return self.get(member_id)

    def update(self, member_id: int, data: MemberInput, version: int | None = None) -> MemberRow:
        """Corrects a member's record. Status changes go through ``add_event``. ``version`` is
        the row's as it was read (MemberRow.version): if someone has changed the record since,
        nothing is saved (versions.StaleRecord names who and when)."""
        with self.writing(CHANGE) as s:
            m = self._load(s, member_id)
            versions.check(m, version)
            values = self._prepare(s, data, m.id, current_org=m.org_id)
            self._update(s, m, values)
        return self.get(member_id)

    def add_event(self, member_id: int, kind: str, date: dt.date, other_org: str = "",
                  remark: str = "") -> MemberRow:
        """Records an event in the member's history and updates the record to match."""
        with self.writing(CHANGE) as s:
            self._add_event(s, EventInput(member_id, kind, date, other_org, remark))
        return self.get(member_id)

    def add_events(self, items: Sequence[EventInput]) -> int:
        """Several events in one transaction (demo data, batch work); all or none are saved."""
        with self.writing(CHANGE) as s:
            members = self._load_many(s, sorted({item.member_id for item in items}))
            log = audit.Appender(s, self.actor.name)
            for item in items:
                self._add_event(s, item, log, members)
            log.flush()
        return len(items)

    # ---- inside another area's transaction (发展党员: admission and full membership) ----------
    def admit_in(self, s: Session, data: MemberInput, remark: str = "") -> int:
        """Adds a new 预备党员 with the event 接收为预备党员 on the joining date, in the caller's
        transaction (``writing`` with Change.MEMBERS): the member's rules and audit apply."""
        values = self._prepare(s, data, None)
        m = self._insert(s, values, action=member_rules.ADMITTED,
                         summary=f"{member_rules.ADMITTED}{_who(values)}（{values['joined_on'].isoformat()}）")
        s.add(MemberEvent(member_id=m.id, kind=member_rules.ADMITTED, date=values["joined_on"],
                          remark=remark.strip(), actor=self.actor.name))
        s.flush()
        return int(m.id)

    def record_event_in(self, s: Session, item: EventInput) -> None:
        """``add_event`` in the caller's transaction (``writing`` with Change.MEMBERS)."""
        self._add_event(s, item)

    def bulk_create(self, inputs: Sequence[MemberInput], progress: Progress | None = None) -> list[int]:
        """Adds many members in one transaction with one audit record; returns their ids.

        All are checked first; one bad record refuses the whole batch, naming it.
        """
        with self.writing(CHANGE) as s:
            return batch.bulk_create(self, s, inputs, progress)

    def import_batch(self, adds: Sequence[MemberInput], updates: Sequence[tuple[int, MemberInput]],
                     new_orgs: Sequence[NewOrg | tuple[str, int | None, OrgType]] = ()) -> ImportResult:
        """An import's new organisations, additions and updates in one transaction, with an audit
        record per organisation and per member (see app.services.members.batch)."""
        self.require(Permission.IMPORT_DATA)
        orgs_wanted = [o if isinstance(o, NewOrg) else NewOrg(*o) for o in new_orgs]
        if orgs_wanted:
            self.require(Permission.MANAGE_ORGS)
        changes = (CHANGE, batch.ORGS_CHANGE) if orgs_wanted else (CHANGE,)
        with self.writing(*changes) as s:
            return batch.import_batch(self, s, adds, updates, orgs_wanted)

    # ---- figures -------------------------------------------------------------------------
    def stats(self, org_id: int | None, today: dt.date | None = None, *, by_org: bool = False):
        """The members on the roll on ``today`` (default: now), rebuilt from their history for a
        past day; with ``by_org`` also how many are in each organisation itself."""
        from app.services.members.stats import member_stats

        with self.reading() as s:
            return member_stats(s, org_id, today or dt.date.today(), by_org)

    def flow(self, org_id: int | None, start: dt.date, end: dt.date):
        from app.services.members.stats import member_flow

        with self.reading() as s:
            return member_flow(s, org_id, start, end)

    # ---- internals -----------------------------------------------------------------------
    def _narrow(self, s: Session, query: MemberQuery) -> MemberQuery:
        """The county-wide view needs no organisation filter: drop it when the subtree is
        every organisation there is (saves a set lookup per row on 100,000 rows). A user who
        may not see full ID and phone numbers neither searches nor sorts by them (either would
        tell digits the masking hides)."""
        if self.actor.role is not None and not allowed(self.actor.role, Permission.SHOW_SENSITIVE):
            query = replace(query, numbers=False,
                            sort="id" if query.sort in SENSITIVE_KEYS else query.sort)
        if query.org_id is None:
            return query
        total = s.scalar(select(func.count()).select_from(Organization)) or 0
        below = s.scalar(select(func.count()).select_from(subtree_select(query.org_id).subquery())) or 0
        return replace(query, org_id=None) if below == total else query

    def valid_values(self, data: MemberInput) -> dict[str, Any]:
        """Clean, checked values of one member, with the search keys; raises the first problem."""
        values = MEMBER_SPEC.checked(asdict(data))
        if not isinstance(values["org_id"], int):
            raise ValidationError(f"{_who(data)}：所在党组织“{values['org_id']}”须先在组织架构中找到",
                                  field="org_id")
        values["name_pinyin"], values["name_initials"] = name_keys(values["name"])
        return values

    def _prepare(self, s: Session, data: MemberInput, self_id: int | None,
                 current_org: int | None = None) -> dict[str, Any]:
        values = self.valid_values(data)
        self._check_org(s, values["org_id"], current_org, who=_who(values))
        self._check_unique(s, values["id_number"], self_id)
        return values

    def _add_event(self, s: Session, item: EventInput, log: audit.Appender | None = None,
                   loaded: dict[int, Member] | None = None) -> None:
        """One event and its audit record (through ``log`` when a batch keeps the chain)."""
        m = loaded[item.member_id] if loaded and item.member_id in loaded else self._load(s, item.member_id)
        current = {k: getattr(m, k) for k in ("status", "member_type", "joined_on", "mobile",
                                               "lost_contact", "party_status")}
        try:
            changes = member_rules.event_changes(item.kind, item.date, item.other_org, current)
        except ValidationError as exc:
            raise ValidationError(f"党员“{m.name}”：{exc.message}", field=exc.field) from exc
        before = {k: getattr(m, k) for k in changes}
        for key, value in changes.items():
            setattr(m, key, value)
        other = " ".join((item.other_org or "").split())
        s.add(MemberEvent(member_id=m.id, kind=item.kind, date=item.date, other_org=other,
                          remark=(item.remark or "").strip(), actor=self.actor.name))
        summary = f"党员“{m.name}”{item.kind}（{item.date.isoformat()}）" + (f"：{other}" if other else "")
        if log is None:
            s.flush()
        self._audit(s, log, item.kind, m.id, summary, old=MEMBER_SPEC.audit_values(before),
                    new=MEMBER_SPEC.audit_values(changes))

    @staticmethod
    def _check_org(s: Session, org_id: Any, current_org: int | None, who: str = "党员") -> None:
        o = s.get(Organization, org_id) if isinstance(org_id, int) else None
        problem = org_problem(org_id, (o.name, o.closed_on, o.org_type) if o else None, current_org, who,
                              members_in_committees(s))
        if problem is not None:
            raise problem

    @staticmethod
    def _check_unique(s: Session, number: str, self_id: int | None) -> None:
        q = (select(Member.name, Member.status, Organization.name)
             .join(Organization, Organization.id == Member.org_id).where(Member.id_number == number))
        if self_id is not None:
            q = q.where(Member.id != self_id)
        hit = s.execute(q.limit(1)).first()
        if hit is not None:
            name, status, org = hit
            hint = "；如是转回本地，请在其记录上登记“转入”" if status != ON_RECORD else ""
            raise ConflictError(
                f"公民身份号码{mask_id(number)}已登记为党员“{name}”（{org}，{status}），不能重复登记{hint}",
                field="id_number",
            )


def org_problem(org_id: Any, found: tuple[str, dt.date | None, str] | None, current_org: int | None,
                who: str, in_committees: bool = True) -> ValidationError | None:
    """Why a member cannot be put in this organisation (``found``: its name, closing date and
    type); a member already there may stay."""
    if found is None:
        return ValidationError(f"{who}：找不到所在党组织（编号{org_id}），请刷新后重选", field="org_id")
    if org_id == current_org:
        return None
    name, closed_on, kind = found
    if closed_on is not None:
        return ValidationError(f"{who}：“{name}”已撤销，不能把党员放在其下", field="org_id")
    refusal = member_rules.org_refusal(name, OrgType(kind), in_committees)
    return ValidationError(f"{who}：{refusal}", field="org_id") if refusal else None


def members_in_committees(s: Session) -> bool:
    """The office's setting: may members sit directly in a committee or 总支 (default: no)?"""
    import json

    row = s.get(Setting, member_rules.MEMBERS_IN_COMMITTEES_SETTING)
    return bool(json.loads(row.value)) if row is not None and row.value else False


def refuse_closing_with_members(s: Session, o: Organization) -> None:
    """An organisation with members on record cannot be closed (the area's close check)."""
    n = s.scalar(select(func.count()).select_from(Member)
                 .where(Member.org_id == o.id, Member.status == ON_RECORD)) or 0
    if n:
        raise ConflictError(f"“{o.name}”还有{n}名在册党员，请先把他们转到其他党组织再撤销")


# The field order the GUI and exporter show (the declaration's order).
COLUMNS: tuple[str, ...] = tuple(f.key for f in MEMBER_FIELDS)
