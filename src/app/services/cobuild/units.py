"""Units in the area (驻区单位): records, search, leaving and returning, and the in-service
members who report to the community from each unit.

Reading, cleaning and auditing are the record kit's; what is here is what is really about
units: the community a unit sits in, the 统一社会信用代码 that identifies it, and its members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization, Unit, UnitMember
from app.domain.access.permissions import Permission
from app.domain.cobuild.fields import UNIT_SPEC
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.pinyin import text_keys
from app.domain.kit.text import cn_date
from app.domain.members.rules import ON_RECORD
from app.services.cobuild import unit_query as uq
from app.services.cobuild.agreements import refuse_leaving_with_agreements
from app.services.cobuild.rows import UnitInput, UnitMemberRow, UnitRow
from app.services.cobuild.unit_query import UnitQuery
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = UNIT_SPEC.change
IN_SERVICE = "在职党员"


class UnitService(RecordService[UnitRow]):
    spec = UNIT_SPEC
    model = Unit
    row_type = UnitRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(Unit, Organization.name, uq.member_count_column())
                .join(Organization, Organization.id == Unit.org_id).where(Unit.id.in_(ids)))

    def search_ids(self, query: UnitQuery) -> list[int]:
        """Every matching unit id, in the query's sort order."""
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, uq.id_select(query))]

    def count(self, query: UnitQuery) -> int:
        with self.reading() as s:
            return s.scalar(uq.count_select(query)) or 0

    def names(self, org_id: int | None = None, *, include_left: bool = False) -> list[tuple[int, str]]:
        """(id, name) of the units, by name, for pickers and for imports naming a unit."""
        q = UnitQuery(org_id=org_id, status=uq.ALL if include_left else uq.IN_AREA)
        stmt = select(Unit.id, Unit.name).where(*uq.conditions(q)).order_by(*uq.order_by(q))
        with self.reading() as s:
            return [(i, n) for i, n in fetch_rows(s, stmt)]

    def ids_by_credit_code(self, codes: Iterable[str]) -> dict[str, int]:
        wanted = sorted({c for c in codes if c})
        out: dict[str, int] = {}
        with self.reading() as s:
            for start in range(0, len(wanted), 500):
                q = select(Unit.credit_code, Unit.id).where(Unit.credit_code.in_(wanted[start:start + 500]))
                out.update({c: i for c, i in s.execute(q)})
        return out

    def ids_by_name(self, names: Iterable[str]) -> dict[str, list[int]]:
        """Name → the ids of units of that name (several communities may have one each)."""
        wanted = sorted({n for n in names if n})
        out: dict[str, list[int]] = {}
        with self.reading() as s:
            for start in range(0, len(wanted), 500):
                q = select(Unit.name, Unit.id).where(Unit.name.in_(wanted[start:start + 500])).order_by(Unit.id)
                for name, unit_id in s.execute(q):
                    out.setdefault(name, []).append(unit_id)
        return out

    def problems(self, data: UnitInput, unit_id: int | None = None) -> list[ValidationError]:
        """Every problem with ``data`` (for a form or an import preview); nothing is saved."""
        with self.reading() as s:
            values, found = UNIT_SPEC.problems(asdict(data))
            if not found:
                try:
                    current = s.scalar(select(Unit.org_id).where(Unit.id == unit_id)) if unit_id else None
                    self._check(s, values, unit_id, current)
                except (ValidationError, ConflictError) as exc:
                    found.append(ValidationError(exc.message, field=UNIT_SPEC.key_of(exc.field)))
            return found

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: UnitInput) -> UnitRow:
        with self.writing(CHANGE) as s:
            values = self.valid_values(data)
            self._check(s, values, None, None)
            unit_id = self._insert(s, values).id
        return self.get(unit_id)

    def update(self, unit_id: int, data: UnitInput, version: int | None = None) -> UnitRow:
        """``version`` is the row's as read (UnitRow.version): if someone has changed the unit
        since, nothing is saved (versions.StaleRecord names who and when)."""
        with self.writing(CHANGE) as s:
            unit = self._load(s, unit_id)
            versions.check(unit, version)
            values = self.valid_values(data)
            self._check(s, values, unit.id, unit.org_id)
            self._update(s, unit, values)
        return self.get(unit_id)

    def leave(self, unit_id: int, on: dt.date, reason: str = "") -> UnitRow:
        """The unit has left the area: it stays on record with the date and the reason."""
        reason = " ".join((reason or "").split())
        with self.writing(CHANGE) as s:
            unit = self._load(s, unit_id)
            if unit.left_on is not None:
                raise ConflictError(f"{UNIT_SPEC.who(unit)}已于{cn_date(unit.left_on)}迁出")
            if on > dt.date.today():
                raise ValidationError(f"迁出日期{cn_date(on)}晚于今天，请核对", field="left_on")
            refuse_leaving_with_agreements(s, unit, on)
            self._update(s, unit, {"left_on": on, "left_reason": reason}, action="驻区单位迁出",
                         summary=f"{UNIT_SPEC.who(unit)}迁出（{cn_date(on)}）" + (f"：{reason}" if reason else ""))
        return self.get(unit_id)

    def restore(self, unit_id: int) -> UnitRow:
        """A unit recorded as left by mistake (or back in the area) is in the area again."""
        with self.writing(CHANGE) as s:
            unit = self._load(s, unit_id)
            if unit.left_on is not None:
                self._check(s, {"name": unit.name, "credit_code": unit.credit_code, "org_id": unit.org_id,
                                "left_on": None}, unit.id, unit.org_id)
                self._update(s, unit, {"left_on": None, "left_reason": ""}, action="驻区单位迁回",
                             summary=f"{UNIT_SPEC.who(unit)}恢复为在区")
        return self.get(unit_id)

    def bulk_create(self, inputs: Sequence[UnitInput]) -> list[int]:
        """Many units in one transaction with one audit record (demo data, benchmarks)."""
        with self.writing(CHANGE) as s:
            rows = [self.valid_values(d) for d in inputs]
            self._check_batch(s, rows, [None] * len(rows))
            return self._bulk_insert(s, rows, chunk=2000)

    def import_batch(self, adds: Sequence[UnitInput], updates: Sequence[tuple[int, UnitInput]]
                     ) -> tuple[list[int], list[int]]:
        """An import's additions and updates in one transaction, an audit record each."""
        self.require(Permission.IMPORT_DATA)
        with self.writing(CHANGE) as s:
            planned_adds = [self.valid_values(d) for d in adds]
            loaded = self._load_many(s, [i for i, _ in updates])
            planned_updates = []
            for unit_id, data in updates:
                if unit_id not in loaded:
                    raise self.not_found(unit_id)
                planned_updates.append((loaded[unit_id], self.valid_values(data)))
            self._check_batch(s, [v for _u, v in planned_updates] + planned_adds,
                              [u.id for u, _v in planned_updates] + [None] * len(planned_adds))
            log = audit.Appender(s, self.actor.name)
            for unit, values in planned_updates:
                self._update(s, unit, values, log=log, action="导入修改驻区单位")
            s.flush()
            added = self._bulk_insert(s, planned_adds, log=log)
            log.flush()
        return added, [u.id for u, _v in planned_updates]

    # ---- members reporting from a unit ---------------------------------------------------
    def unit_members(self, unit_id: int) -> list[UnitMemberRow]:
        """The in-service members who report to the community from the unit, by name."""
        with self.reading() as s:
            q = (select(UnitMember.member_id, UnitMember.unit_id, Member.name, Organization.name,
                        Member.category, Member.status, Member.phone, Member.work_unit, UnitMember.reported_on)
                 .join(Member, Member.id == UnitMember.member_id)
                 .join(Organization, Organization.id == Member.org_id)
                 .where(UnitMember.unit_id == unit_id).order_by(Member.name_pinyin, Member.id))
            return [UnitMemberRow(*r) for r in s.execute(q)]

    def unit_of_member(self, member_id: int) -> int | None:
        with self.reading() as s:
            return s.scalar(select(UnitMember.unit_id).where(UnitMember.member_id == member_id))

    def link_members(self, unit_id: int, member_ids: Sequence[int], reported_on: dt.date | None = None) -> int:
        """Links in-service members to the unit they report from (moving them from another
        unit); returns how many links changed."""
        with self.writing(CHANGE) as s:
            changed = self._link(s, unit_id, member_ids, reported_on)
        return changed

    def unlink_member(self, member_id: int) -> None:
        with self.writing(CHANGE) as s:
            link = s.get(UnitMember, member_id)
            if link is None:
                return
            unit, member = self._load(s, link.unit_id), s.get(Member, member_id)
            s.delete(link)
            audit.append(s, self.actor.name, "解除单位关联", entity=UNIT_SPEC.key, entity_id=unit.id,
                         summary=f"党员“{member.name if member else member_id}”不再关联{UNIT_SPEC.who(unit)}")

    def link_by_work_unit(self, org_id: int | None = None) -> int:
        """Links each in-service member on record, not yet linked, whose 工作单位 is exactly the
        name of one unit in the area (within ``org_id``'s subtree when given)."""
        with self.writing(CHANGE) as s:
            units = s.execute(select(Unit.name, Unit.id).where(
                Unit.left_on.is_(None), *([Unit.org_id.in_(subtree_select(org_id))] if org_id else []))).all()
            by_name: dict[str, list[int]] = {}
            for name, unit_id in units:
                by_name.setdefault(name, []).append(unit_id)
            linked = select(UnitMember.member_id)
            q = select(Member.id, Member.work_unit).where(
                Member.category == IN_SERVICE, Member.status == ON_RECORD, Member.work_unit != "",
                Member.id.not_in(linked))
            plan: dict[int, list[int]] = {}
            for member_id, work_unit in s.execute(q):
                ids = by_name.get(" ".join(work_unit.split()), [])
                if len(ids) == 1:
                    plan.setdefault(ids[0], []).append(member_id)
            return sum(self._link(s, unit_id, members, None) for unit_id, members in plan.items())

    def _link(self, s: Session, unit_id: int, member_ids: Sequence[int], reported_on: dt.date | None) -> int:
        unit = self._load(s, unit_id)
        if unit.left_on is not None:
            raise ValidationError(f"{UNIT_SPEC.who(unit)}已迁出，不能再关联党员", field="unit_id")
        if reported_on is not None and reported_on > dt.date.today():
            raise ValidationError(f"报到日期{cn_date(reported_on)}晚于今天，请核对", field="reported_on")
        members = {m.id: m for m in s.scalars(select(Member).where(Member.id.in_(list(member_ids))))}
        log = audit.Appender(s, self.actor.name)
        changed = 0
        for member_id in dict.fromkeys(member_ids):
            m = members.get(member_id)
            if m is None:
                raise ValidationError(f"找不到编号为{member_id}的党员，请刷新后重选", field="member_id")
            if m.category != IN_SERVICE or m.status != ON_RECORD:
                why = f"党员类别是“{m.category or '未填写'}”" if m.category != IN_SERVICE else f"状态是“{m.status}”"
                raise ValidationError(f"党员“{m.name}”{why}，只有在册的在职党员才能关联到驻区单位",
                                      field="member_id")
            link = s.get(UnitMember, member_id)
            if link is not None and link.unit_id == unit.id:
                continue
            old = link.unit_id if link is not None else None
            if link is None:
                s.add(UnitMember(member_id=member_id, unit_id=unit.id, reported_on=reported_on))
            else:
                link.unit_id, link.reported_on = unit.id, reported_on
            log.add("关联驻区单位", entity=UNIT_SPEC.key, entity_id=unit.id,
                    summary=f"党员“{m.name}”关联到{UNIT_SPEC.who(unit)}",
                    old={"原单位": old} if old else None, new={"报到日期": reported_on})
            changed += 1
        s.flush()
        log.flush()
        return changed

    # ---- checks --------------------------------------------------------------------------
    def valid_values(self, data: UnitInput) -> dict[str, Any]:
        """Clean, checked values with the search keys; raises the first problem."""
        values = UNIT_SPEC.checked(asdict(data))
        if not isinstance(values["org_id"], int):
            raise ValidationError(f"{UNIT_SPEC.who(values)}：所在社区“{values['org_id']}”须先在组织架构中找到",
                                  field="org_id")
        values["name_pinyin"], values["name_initials"] = text_keys(values["name"])
        return values

    def _check(self, s: Session, values: dict[str, Any], self_id: int | None, current_org: int | None) -> None:
        self._check_batch(s, [values], [self_id], current_orgs=[current_org])

    def _check_batch(self, s: Session, batch: Sequence[dict[str, Any]], ids: Sequence[int | None],
                     current_orgs: Sequence[int | None] | None = None) -> None:
        """Open communities, one unit per credit code, one unit of a name in a community."""
        orgs = {i: closed for i, closed in s.execute(select(Organization.id, Organization.closed_on))}
        current = current_orgs or [None] * len(batch)
        codes: dict[str, int | None] = {}
        names: dict[tuple[int, str], int | None] = {}
        for values, self_id, org_now in zip(batch, ids, current, strict=True):
            who = UNIT_SPEC.who(values)
            org_id = values["org_id"]
            if org_id not in orgs:
                raise ValidationError(f"{who}：找不到所在社区（编号{org_id}），请刷新后重选", field="org_id")
            if orgs[org_id] is not None and org_id != org_now:
                raise ValidationError(f"{who}：所选社区党组织已撤销，不能把单位放在其下", field="org_id")
            code = values.get("credit_code") or ""
            if code:
                if code in codes:
                    raise ConflictError(f"{who}的统一社会信用代码{code}在本批中出现了两次", field="credit_code")
                codes[code] = self_id
            if values.get("left_on") is None:
                key = (org_id, values["name"])
                if key in names:
                    raise ConflictError(f"{who}在本批中出现了两次", field="name")
                names[key] = self_id
        self._refuse_taken(s, codes, names)

    @staticmethod
    def _refuse_taken(s: Session, codes: dict[str, int | None], names: dict[tuple[int, str], int | None]) -> None:
        wanted = list(codes)
        for start in range(0, len(wanted), 500):
            q = select(Unit.credit_code, Unit.id, Unit.name).where(Unit.credit_code.in_(wanted[start:start + 500]))
            for code, holder, name in s.execute(q):
                if holder != codes[code]:
                    raise ConflictError(f"统一社会信用代码{code}已登记为驻区单位“{name}”，不能重复登记",
                                        field="credit_code")
        by_org: dict[int, list[str]] = {}
        for org_id, name in names:
            by_org.setdefault(org_id, []).append(name)
        for org_id, wanted_names in by_org.items():
            for start in range(0, len(wanted_names), 500):
                same = select(Unit.name, Unit.id, Unit.org_id).where(
                    Unit.org_id == org_id, Unit.left_on.is_(None), Unit.name.in_(wanted_names[start:start + 500]))
                for name, holder, org in s.execute(same):
                    if holder != names[(org, name)]:
                        raise ConflictError(f"本社区已登记名为“{name}”的驻区单位，不能重复登记", field="name")


def refuse_closing_with_units(s: Session, o: Organization) -> None:
    """An organisation with units in its area cannot be closed (the area's close check)."""
    n = s.scalar(select(func.count()).select_from(Unit).where(Unit.org_id == o.id, Unit.left_on.is_(None))) or 0
    if n:
        raise ConflictError(f"“{o.name}”辖区还有{n}个在区的驻区单位，请先把它们转到其他社区或登记迁出再撤销")
