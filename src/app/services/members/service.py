"""The member roster (党员花名册): records, their history, search and figures.

Members who leave keep their record with a status (已转出 / 已去世 / 已出党); their history
(转入, 转出, 转为正式党员, 外出流动, …) is a list of events, and each event changes the
record's current state in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.db.models import Member, MemberEvent, Organization, new_uuid, utcnow
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.pinyin import name_keys
from app.domain.members import rules as member_rules
from app.domain.members.fields import FIELDS_BY_KEY, MEMBER_FIELDS
from app.domain.members.rules import ON_RECORD
from app.domain.orgs.rules import OrgType
from app.services.kit.base import Service
from app.services.members import query as mq
from app.services.members.query import MemberQuery
from app.services.orgs.service import CLOSE_CHECKS
from app.services.safety import audit

CHANGE = "members"
Progress = Callable[[int, int], None]

__all__ = ["MemberEventRow", "MemberInput", "MemberQuery", "MemberRow", "MemberService"]


@dataclass(frozen=True)
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
    name_pinyin: str
    name_initials: str
    status: str
    left_on: dt.date | None
    updated_at: dt.datetime | None

    @property
    def on_record(self) -> bool:
        return self.status == ON_RECORD

    def age(self, today: dt.date | None = None) -> int | None:
        return member_rules.age(self.birth_date, today) if self.birth_date else None

    def age_band(self, today: dt.date | None = None) -> str:
        years = self.age(today)
        return member_rules.age_band(years) if years is not None else ""

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


def _fetch(s: Session, stmt) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Rows straight from the DB-API cursor: for id lists of 100,000 the ORM's result
    machinery costs more than SQLite's own work."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(stmt)]
    compiled = stmt.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    values = [params[name] for name in compiled.positiontup or ()]
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    return conn.connection.driver_connection.execute(str(compiled), values).fetchall()


def _row(m: Member, org_name: str) -> MemberRow:
    return MemberRow(
        m.id, m.uuid, m.name, m.id_number, m.org_id, org_name, m.member_type, m.joined_on, m.full_on,
        m.sex, m.birth_date, m.ethnicity, m.education, m.post, m.phone, m.address, m.party_status,
        m.lost_contact, m.lost_since, m.mobile, m.mobile_to, m.category, m.management, m.work_unit,
        m.grid, m.center_household, m.remarks, m.name_pinyin, m.name_initials, m.status, m.left_on,
        m.updated_at,
    )


def audit_values(values: dict[str, Any]) -> dict[str, Any]:
    """Chinese labels; ID and phone masked, so the audit trail holds no full numbers."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        f = FIELDS_BY_KEY.get(key)
        if f is None:
            continue
        if key == "id_number":
            value = mask_id(value)
        elif key == "phone":
            value = mask_phone(value)
        out[f.label] = value
    return out


STATE_LABELS = {"status": "状态", "left_on": "离开日期"}


def _labelled(values: dict[str, Any]) -> dict[str, Any]:
    """Field keys to Chinese labels for the audit trail of an event."""
    return {STATE_LABELS.get(k) or FIELDS_BY_KEY[k].label: v for k, v in values.items()}


def _who(values: dict[str, Any] | MemberInput) -> str:
    name = values.get("name") if isinstance(values, dict) else values.name
    return f"党员“{name}”" if name else "党员"


class MemberService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def get(self, member_id: int) -> MemberRow:
        rows = self.rows([member_id])
        if not rows:
            raise NotFoundError(f"找不到编号为{member_id}的党员，可能已被他人改动，请刷新")
        return rows[0]

    def rows(self, ids: Sequence[int]) -> list[MemberRow]:
        """The members with these ids, in the same order (missing ids are skipped)."""
        found: dict[int, MemberRow] = {}
        with self.reading() as s:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start:start + 500])
                q = (select(Member, Organization.name).join(Organization, Organization.id == Member.org_id)
                     .where(Member.id.in_(chunk)))
                for m, org_name in s.execute(q):
                    found[m.id] = _row(m, org_name)
        return [found[i] for i in ids if i in found]

    def search_ids(self, query: MemberQuery) -> list[int]:
        """Every matching member id, in the query's sort order."""
        with self.reading() as s:
            query = self._narrow(s, query)
            ids = [r[0] for r in _fetch(s, mq.id_select(query))]
            if query.sort != "org_id":
                return ids
            counts = _fetch(s, mq.org_counts_select(query))
            names = dict(s.execute(select(Organization.id, Organization.name)).all())
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

    def find_by_id_number(self, number: str) -> MemberRow | None:
        with self.reading() as s:
            member_id = s.scalar(select(Member.id).where(Member.id_number == number.strip().upper()))
        return self.get(member_id) if member_id else None

    def ids_by_id_number(self, numbers: Iterable[str]) -> dict[str, int]:
        """ID number → member id for those already on record (the importer matches on these)."""
        wanted = list({n for n in numbers if n})
        out: dict[str, int] = {}
        with self.reading() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                q = select(Member.id_number, Member.id).where(Member.id_number.in_(chunk))
                out.update((number, member_id) for number, member_id in s.execute(q))
        return out

    def events(self, member_id: int) -> list[MemberEventRow]:
        """The member's history, oldest first."""
        with self.reading() as s:
            q = (select(MemberEvent).where(MemberEvent.member_id == member_id)
                 .order_by(MemberEvent.date, MemberEvent.id))
            return [MemberEventRow(e.id, e.member_id, e.kind, e.date, e.other_org, e.remark, e.actor,
                                   e.created_at) for e in s.scalars(q)]

    def problems(self, data: MemberInput, member_id: int | None = None) -> list[ValidationError]:
        """Every problem with ``data`` (for an import preview), without saving anything."""
        with self.reading() as s:
            values, found = self._clean(data)
            if not found:
                found = member_rules.problems(values)
            if not found:
                current = s.scalar(select(Member.org_id).where(Member.id == member_id)) if member_id else None
                try:
                    self._check_org(s, values["org_id"], current)
                    self._check_unique(s, values["id_number"], member_id)
                except (ValidationError, ConflictError) as exc:
                    found.append(ValidationError(exc.message, field=exc.field))
            return found

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: MemberInput) -> MemberRow:
        with self.writing(CHANGE) as s:
            values = self._prepare(s, data, None)
            m = Member(**values)
            s.add(m)
            s.flush()
            audit.append(s, self.actor.name, "新增党员", entity="member", entity_id=m.id,
                         summary=f"新增党员“{m.name}”", new=audit_values(values))
            member_id = m.id
        return self.get(member_id)

    def update(self, member_id: int, data: MemberInput) -> MemberRow:
        """Corrects a member's record. Status changes go through ``add_event``."""
        with self.writing(CHANGE) as s:
            m = self._load(s, member_id)
            values = self._prepare(s, data, m.id, current_org=m.org_id)
            self._apply_update(s, m, values)
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

    def bulk_create(self, inputs: Sequence[MemberInput], progress: Progress | None = None) -> list[int]:
        """Adds many members in one transaction with one audit record; returns their ids.

        All are checked first; one bad record refuses the whole batch, naming it.
        """
        with self.writing(CHANGE) as s:
            open_orgs = set(s.scalars(select(Organization.id).where(Organization.closed_on.is_(None))))
            seen: dict[str, str] = {}
            batch: list[dict[str, Any]] = []
            now = utcnow()
            for i, data in enumerate(inputs, start=1):
                values = self._valid_values(data)
                if values["org_id"] not in open_orgs:
                    self._check_org(s, values["org_id"], None)
                number = values["id_number"]
                if number in seen:
                    raise ConflictError(
                        f"第{i}条{_who(values)}的公民身份号码与本批的“{seen[number]}”重复", field="公民身份号码")
                seen[number] = values["name"]
                values.update(uuid=new_uuid(), created_at=now, updated_at=now, status=ON_RECORD)
                batch.append(values)
                if progress and i % 1000 == 0:
                    progress(i, len(inputs))
            existing = set()
            numbers = list(seen)
            for start in range(0, len(numbers), 500):
                existing |= set(s.scalars(select(Member.id_number)
                                          .where(Member.id_number.in_(numbers[start:start + 500]))))
            if existing:
                self._check_unique(s, sorted(existing)[0], None)
            first = (s.scalar(select(func.max(Member.id))) or 0) + 1
            for offset, values in enumerate(batch):
                values["id"] = first + offset
            for start in range(0, len(batch), 5000):
                s.execute(insert(Member.__table__), batch[start:start + 5000])
            if batch:
                audit.append(s, self.actor.name, "批量新增党员", entity="member",
                             summary=f"批量新增党员{len(batch)}名", new={"人数": len(batch)})
            if progress:
                progress(len(inputs), len(inputs))
            return [v["id"] for v in batch]

    def import_batch(self, adds: Sequence[MemberInput], updates: Sequence[tuple[int, MemberInput]],
                     new_orgs: Sequence[NewOrg | tuple[str, int | None, OrgType]] = ()) -> ImportResult:
        """An import's new organisations, additions and updates in one transaction, with an audit
        record per organisation and per member.

        A member whose ``org_id`` is a str goes into the new organisation of that key (``NewOrg.ref``;
        a plain (name, parent_id, OrgType) tuple is keyed by its name). An open organisation of the
        same name under the same parent, if one exists by now, is used instead of a new one.
        Any problem refuses the whole import, naming the member; nothing is saved then.
        Organisations and ID numbers are checked once for the whole batch, the audit chain is
        kept in memory, and new members go in with bulk inserts.
        """
        self.require(Permission.IMPORT_DATA)
        orgs_wanted = [o if isinstance(o, NewOrg) else NewOrg(*o) for o in new_orgs]
        if orgs_wanted:
            self.require(Permission.MANAGE_ORGS)
        changes = (CHANGE, "orgs") if orgs_wanted else (CHANGE,)
        with self.writing(*changes) as s:
            created = self._create_orgs(s, orgs_wanted)
            orgs = {i: (name, closed) for i, name, closed in
                    s.execute(select(Organization.id, Organization.name, Organization.closed_on))}

            def valid(data: MemberInput, current_org: int | None) -> dict[str, Any]:
                if isinstance(data.org_id, str) and data.org_id in created:
                    data = replace(data, org_id=created[data.org_id])
                values = self._valid_values(data)
                problem = _org_problem(values["org_id"], orgs.get(values["org_id"]), current_org, _who(values))
                if problem is not None:
                    raise problem
                return values

            # Check everything before writing. The sequences may report progress as they are
            # walked, so each is walked once (the ids to load are read by index).
            loaded = self._load_many(s, [updates[i][0] for i in range(len(updates))])
            planned_updates: list[tuple[Member, dict[str, Any]]] = []
            for member_id, data in updates:
                m = loaded.get(member_id)
                if m is None:
                    raise NotFoundError(f"找不到编号为{member_id}的党员，可能已被他人改动，请刷新")
                planned_updates.append((m, valid(data, m.org_id)))
            planned_adds = [valid(data, None) for data in adds]
            self._check_batch_unique(s, planned_updates, planned_adds)

            log = audit.Appender(s, self.actor.name)
            updated: list[int] = []
            for m, values in planned_updates:
                before = {k: getattr(m, k) for k in INPUT_KEYS}
                for key, value in values.items():
                    if getattr(m, key) != value:  # only what changed goes into the UPDATE
                        setattr(m, key, value)
                old, new = audit.diff(before, {k: values[k] for k in INPUT_KEYS})
                if new:
                    log.add("导入修改党员", entity="member", entity_id=m.id, summary=f"修改党员“{m.name}”",
                            old=audit_values(old), new=audit_values(new))
                updated.append(m.id)
            s.flush()

            now = utcnow()
            first = (s.scalar(select(func.max(Member.id))) or 0) + 1
            added: list[int] = []
            rows: list[dict[str, Any]] = []
            for offset, values in enumerate(planned_adds):
                member_id = first + offset
                log.add("导入新增党员", entity="member", entity_id=member_id,
                        summary=f"导入新增党员“{values['name']}”", new=audit_values(values))
                rows.append({**values, "id": member_id, "uuid": new_uuid(), "created_at": now,
                             "updated_at": now, "status": ON_RECORD})
                added.append(member_id)
            for start in range(0, len(rows), 2000):
                s.execute(insert(Member.__table__), rows[start:start + 2000])
            log.flush()
        return ImportResult(added, updated, created)

    def _create_orgs(self, s: Session, wanted: Sequence[NewOrg]) -> dict[str, int]:
        """Creates the import's new organisations through OrgService's own rules."""
        if not wanted:
            return {}
        from app.services.orgs.service import OrgInput, OrgService

        orgs = OrgService(self.db, self.actor, self.hub)
        out: dict[str, int] = {}
        for n in wanted:
            name = " ".join((n.name or "").split())
            same = select(Organization.id).where(
                OrgService._parent_is(n.parent_id), Organization.name == name, Organization.closed_on.is_(None))
            existing = s.scalar(same.limit(1)) if name else None
            if existing is not None:  # made since the preview
                out[n.ref] = existing
                continue
            o = orgs.insert_in(s, OrgInput(name=n.name, org_type=n.org_type, parent_id=n.parent_id,
                                           remarks=n.remarks))
            out[n.ref] = o.id
        return out

    @staticmethod
    def _load_many(s: Session, ids: Sequence[int]) -> dict[int, Member]:
        out: dict[int, Member] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            out.update({m.id: m for m in s.scalars(select(Member).where(Member.id.in_(chunk)))})
        return out

    def _check_batch_unique(self, s: Session, updates: Sequence[tuple[Member, dict[str, Any]]],
                            adds: Sequence[dict[str, Any]]) -> None:
        """No ID number twice in the batch, nor held by another member already on record."""
        owner: dict[str, int | None] = {}  # number -> the member id that will hold it (None: new)
        names: dict[str, str] = {}
        for i, (self_id, values) in enumerate([*((m.id, v) for m, v in updates), *((None, v) for v in adds)],
                                              start=1):
            number = values["id_number"]
            if number in owner:
                raise ConflictError(f"第{i}条{_who(values)}的公民身份号码与本批的“{names[number]}”重复",
                                    field="公民身份号码")
            owner[number] = self_id
            names[number] = values["name"]
        numbers = list(owner)
        for start in range(0, len(numbers), 500):
            q = select(Member.id_number, Member.id).where(Member.id_number.in_(numbers[start:start + 500]))
            for number, holder in s.execute(q):
                if holder != owner[number]:
                    self._check_unique(s, number, owner[number])  # raises, naming the holder

    # ---- figures -------------------------------------------------------------------------
    def stats(self, org_id: int | None, today: dt.date | None = None, *, by_org: bool = False):  # type: ignore[no-untyped-def]
        """The members on the roll on ``today`` (default: now), rebuilt from their history for a
        past day; with ``by_org`` also how many are in each organisation itself."""
        from app.services.members.stats import member_stats

        with self.reading() as s:
            return member_stats(s, org_id, today or dt.date.today(), by_org)

    def flow(self, org_id: int | None, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
        from app.services.members.stats import member_flow

        with self.reading() as s:
            return member_flow(s, org_id, start, end)

    # ---- internals -----------------------------------------------------------------------
    @staticmethod
    def _narrow(s: Session, query: MemberQuery) -> MemberQuery:
        """The county-wide view needs no organisation filter: drop it when the subtree is
        every organisation there is (saves a set lookup per row on 100,000 rows)."""
        if query.org_id is None:
            return query
        total = s.scalar(select(func.count()).select_from(Organization)) or 0
        below = s.scalar(select(func.count()).select_from(mq.subtree(query.org_id).subquery())) or 0
        return replace(query, org_id=None) if below == total else query

    def _clean(self, data: MemberInput) -> tuple[dict[str, Any], list[ValidationError]]:
        values: dict[str, Any] = {}
        found: list[ValidationError] = []
        for key in INPUT_KEYS:
            raw = getattr(data, key)
            f = FIELDS_BY_KEY[key]
            try:
                values[key] = f.clean(raw) if f.clean else raw
            except ValidationError as exc:
                found.append(exc)
                values[key] = None
        return member_rules.fill_defaults(values), found

    def _valid_values(self, data: MemberInput) -> dict[str, Any]:
        values, found = self._clean(data)
        found = found or member_rules.problems(values)
        if found:
            exc = found[0]
            raise ValidationError(f"{_who(data)}：{exc.message}", field=exc.field)
        if not isinstance(values["org_id"], int):
            raise ValidationError(f"{_who(data)}：所在党组织“{values['org_id']}”须先在组织架构中找到",
                                  field="所在党组织")
        values["name_pinyin"], values["name_initials"] = name_keys(values["name"])
        return values

    def _prepare(self, s: Session, data: MemberInput, self_id: int | None,
                 current_org: int | None = None) -> dict[str, Any]:
        values = self._valid_values(data)
        self._check_org(s, values["org_id"], current_org, who=_who(values))
        self._check_unique(s, values["id_number"], self_id)
        return values

    def _apply_update(self, s: Session, m: Member, values: dict[str, Any], action: str = "修改党员") -> None:
        before = {k: getattr(m, k) for k in INPUT_KEYS}
        for key, value in values.items():
            setattr(m, key, value)
        s.flush()
        old, new = audit.diff(before, {k: values[k] for k in INPUT_KEYS})
        if new:
            audit.append(s, self.actor.name, action, entity="member", entity_id=m.id,
                         summary=f"修改党员“{m.name}”", old=audit_values(old), new=audit_values(new))

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
        if log is not None:
            log.add(item.kind, entity="member", entity_id=m.id, summary=summary, old=_labelled(before),
                    new=_labelled(changes))
            return
        s.flush()
        audit.append(s, self.actor.name, item.kind, entity="member", entity_id=m.id, summary=summary,
                     old=_labelled(before), new=_labelled(changes))

    @staticmethod
    def _check_org(s: Session, org_id: Any, current_org: int | None, who: str = "党员") -> None:
        o = s.get(Organization, org_id) if isinstance(org_id, int) else None
        problem = _org_problem(org_id, (o.name, o.closed_on) if o else None, current_org, who)
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
                field="公民身份号码",
            )

    @staticmethod
    def _load(s: Session, member_id: int) -> Member:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为{member_id}的党员，可能已被他人改动，请刷新")
        return m


def _org_problem(org_id: Any, found: tuple[str, dt.date | None] | None, current_org: int | None,
                 who: str) -> ValidationError | None:
    """Why a member cannot be put in this organisation (``found``: its name and closing date)."""
    if found is None:
        return ValidationError(f"{who}：找不到所在党组织（编号{org_id}），请刷新后重选", field="所在党组织")
    name, closed_on = found
    if closed_on is not None and org_id != current_org:
        return ValidationError(f"{who}：“{name}”已撤销，不能把党员放在其下", field="所在党组织")
    return None


def _refuse_closing_with_members(s: Session, o: Organization) -> None:
    n = s.scalar(select(func.count()).select_from(Member)
                 .where(Member.org_id == o.id, Member.status == ON_RECORD)) or 0
    if n:
        raise ConflictError(f"“{o.name}”还有{n}名在册党员，请先把他们转到其他党组织再撤销")


CLOSE_CHECKS.append(_refuse_closing_with_members)

# The field order the GUI and exporter show (the declaration's order).
COLUMNS: tuple[str, ...] = tuple(f.key for f in MEMBER_FIELDS)
