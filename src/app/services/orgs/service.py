"""The organisation tree: add, edit, move, close and reopen organisations."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Organization
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.kit.phone import clean_phone
from app.domain.orgs import rules
from app.domain.orgs.rules import OrgType
from app.services.kit.base import Service
from app.services.safety import audit

CHANGE = "orgs"


@dataclass(frozen=True)
class OrgInput:
    """What the user edits. ``parent_id`` is used on create; moves go through ``move``."""

    name: str
    org_type: OrgType
    parent_id: int | None = None
    short_name: str = ""
    secretary: str = ""
    phone: str = ""
    established: dt.date | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    coverage: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class OrgRow:
    id: int
    uuid: str
    parent_id: int | None
    name: str
    short_name: str
    org_type: OrgType
    secretary: str
    phone: str
    established: dt.date | None
    term_start: dt.date | None
    term_end: dt.date | None
    coverage: str
    remarks: str
    sort_order: int
    closed_on: dt.date | None
    closed_reason: str

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def term(self, today: dt.date | None = None) -> rules.TermState:
        if self.is_closed:
            return rules.TermState(False, None)
        return rules.term_state(self.term_end, today)

    def as_input(self) -> OrgInput:
        names = {f.name for f in fields(OrgInput)}
        return OrgInput(**{k: v for k, v in asdict(self).items() if k in names})


def _row(o: Organization) -> OrgRow:
    return OrgRow(
        o.id, o.uuid, o.parent_id, o.name, o.short_name, OrgType(o.org_type), o.secretary,
        o.phone, o.established, o.term_start, o.term_end, o.coverage, o.remarks, o.sort_order,
        o.closed_on, o.closed_reason,
    )


def _values(o: Organization) -> dict[str, object]:
    return {
        "名称": o.name, "简称": o.short_name, "类型": o.org_type, "上级": o.parent_id,
        "书记": o.secretary, "电话": o.phone, "成立日期": o.established,
        "换届日期": o.term_start, "届满日期": o.term_end, "覆盖范围": o.coverage,
        "备注": o.remarks, "撤销日期": o.closed_on, "撤销原因": o.closed_reason,
    }


class OrgService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.MANAGE_ORGS

    # ---- reading -------------------------------------------------------------------------
    def list(self, include_closed: bool = True) -> list[OrgRow]:
        with self.reading() as s:
            q = select(Organization).order_by(Organization.sort_order, Organization.id)
            if not include_closed:
                q = q.where(Organization.closed_on.is_(None))
            return [_row(o) for o in s.scalars(q)]

    def get(self, org_id: int) -> OrgRow:
        with self.reading() as s:
            return _row(self._load(s, org_id))

    def find_by_name(self, name: str) -> OrgRow | None:
        """An organisation by full or short name (the first open one that matches)."""
        with self.reading() as s:
            q = (
                select(Organization)
                .where((Organization.name == name) | (Organization.short_name == name))
                .order_by(Organization.closed_on.is_not(None), Organization.id)
                .limit(1)
            )
            o = s.scalars(q).first()
            return _row(o) if o else None

    def subtree_ids(self, org_id: int) -> list[int]:
        """The organisation and everything below it."""
        with self.reading() as s:
            return self._subtree_ids(s, org_id)

    def term_ends_on(self, org_ids: list[int], day: dt.date) -> dict[int, dt.date | None]:
        """The 届满日期 of the term each organisation was serving on ``day``, from the audit
        trail (for organisations that held an election after ``day``)."""
        from app.services.orgs.terms import term_end_on, terms_seen

        with self.reading() as s:
            seen = terms_seen(s, org_ids)
        return {i: term_end_on(seen.get(i, []), day) for i in org_ids}

    def count(self) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(Organization)) or 0

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: OrgInput) -> OrgRow:
        with self.writing(CHANGE) as s:
            return _row(self.insert_in(s, data))

    def insert_in(self, s: Session, data: OrgInput) -> Organization:
        """``create``'s work inside the caller's transaction (an import adds organisations and
        their members together); the caller checks permissions and sends the change notice."""
        if data.parent_id is not None:
            parent = self._load(s, data.parent_id)
            if parent.closed_on is not None:
                raise ValidationError(f"“{parent.name}”已撤销，不能在其下新增组织", field="上级组织")
        clean = self._validate(s, data, parent_id=data.parent_id, self_id=None)
        last = s.scalar(
            select(func.max(Organization.sort_order)).where(
                Organization.parent_id.is_(clean.parent_id)
                if clean.parent_id is None
                else Organization.parent_id == clean.parent_id
            )
        )
        o = Organization(**asdict(clean), sort_order=(last or 0) + 1)
        o.org_type = clean.org_type.value
        s.add(o)
        s.flush()
        audit.append(s, self.actor.name, "新增组织", entity="organization", entity_id=o.id,
                     summary=f"新增{o.org_type}“{o.name}”", new=_values(o))
        return o

    def update(self, org_id: int, data: OrgInput) -> OrgRow:
        """Edits the fields of an organisation (its place in the tree stays; see ``move``)."""
        with self.writing(CHANGE) as s:
            o = self._load(s, org_id)
            clean = self._validate(s, data, parent_id=o.parent_id, self_id=o.id)
            for child in s.scalars(select(Organization).where(Organization.parent_id == o.id)):
                try:
                    rules.check_parent_type(OrgType(child.org_type), clean.org_type)
                except ValidationError as exc:
                    raise ValidationError(
                        f"不能改为{clean.org_type.value}：其下级“{child.name}”将不符合层级（{exc.message}）",
                        field="类型",
                    ) from exc
            before = _values(o)
            for key, value in asdict(clean).items():
                if key != "parent_id":
                    setattr(o, key, value)
            o.org_type = clean.org_type.value
            s.flush()
            old, new = audit.diff(before, _values(o))
            if new:
                audit.append(s, self.actor.name, "修改组织", entity="organization", entity_id=o.id,
                             summary=f"修改“{o.name}”", old=old, new=new)
            return _row(o)

    def rename(self, org_id: int, name: str) -> OrgRow:
        return self.update(org_id, replace(self.get(org_id).as_input(), name=name))

    def move(self, org_id: int, new_parent_id: int | None, before_id: int | None = None) -> OrgRow:
        """Moves an organisation (with everything below it) under another parent."""
        with self.writing(CHANGE) as s:
            o = self._load(s, org_id)
            if new_parent_id is not None:
                parent = self._load(s, new_parent_id)
                if new_parent_id in self._subtree_ids(s, o.id):
                    raise ConflictError(
                        f"不能把“{o.name}”移到它自己或它的下级“{parent.name}”之下", field="上级组织"
                    )
                if parent.closed_on is not None:
                    raise ValidationError(f"“{parent.name}”已撤销，不能移入", field="上级组织")
                rules.check_parent_type(OrgType(o.org_type), OrgType(parent.org_type))
            self._check_unique(s, o.name, new_parent_id, o.id)
            old_parent = o.parent_id
            siblings = [
                x for x in s.scalars(
                    select(Organization)
                    .where(self._parent_is(new_parent_id), Organization.id != o.id)
                    .order_by(Organization.sort_order, Organization.id)
                )
            ]
            index = next((i for i, x in enumerate(siblings) if x.id == before_id), len(siblings))
            siblings.insert(index, o)
            o.parent_id = new_parent_id
            for i, x in enumerate(siblings, start=1):
                x.sort_order = i
            s.flush()
            audit.append(s, self.actor.name, "移动组织", entity="organization", entity_id=o.id,
                         summary=f"移动“{o.name}”", old={"上级": old_parent}, new={"上级": new_parent_id})
            return _row(o)

    def close(self, org_id: int, on: dt.date, reason: str) -> OrgRow:
        """Marks an organisation as closed (撤销). It stays on record."""
        reason = " ".join((reason or "").split())
        with self.writing(CHANGE) as s:
            o = self._load(s, org_id)
            if o.closed_on is not None:
                raise ConflictError(f"“{o.name}”已于{o.closed_on.isoformat()}撤销")
            if not reason:
                raise ValidationError("请填写撤销原因", field="撤销原因")
            if on > dt.date.today():
                raise ValidationError("撤销日期不能晚于今天", field="撤销日期")
            if o.established and on < o.established:
                raise ValidationError("撤销日期不能早于成立日期", field="撤销日期")
            open_children = s.scalars(
                select(Organization.name).where(
                    Organization.parent_id == o.id, Organization.closed_on.is_(None)
                )
            ).all()
            if open_children:
                names = "、".join(open_children[:3]) + ("等" if len(open_children) > 3 else "")
                raise ConflictError(f"“{o.name}”下还有未撤销的组织（{names}），请先撤销或移走它们")
            self._check_closable(s, o)
            o.closed_on, o.closed_reason = on, reason
            s.flush()
            audit.append(s, self.actor.name, "撤销组织", entity="organization", entity_id=o.id,
                         summary=f"撤销“{o.name}”：{reason}",
                         new={"撤销日期": on, "撤销原因": reason})
            return _row(o)

    def reopen(self, org_id: int) -> OrgRow:
        with self.writing(CHANGE) as s:
            o = self._load(s, org_id)
            if o.closed_on is None:
                return _row(o)
            if o.parent_id is not None:
                parent = self._load(s, o.parent_id)
                if parent.closed_on is not None:
                    raise ConflictError(f"上级“{parent.name}”已撤销，请先恢复上级组织")
            self._check_unique(s, o.name, o.parent_id, o.id)
            old = {"撤销日期": o.closed_on, "撤销原因": o.closed_reason}
            o.closed_on, o.closed_reason = None, ""
            s.flush()
            audit.append(s, self.actor.name, "恢复组织", entity="organization", entity_id=o.id,
                         summary=f"恢复“{o.name}”", old=old)
            return _row(o)

    # ---- rules ---------------------------------------------------------------------------
    def _check_closable(self, s: Session, o: Organization) -> None:
        """Hook for record types that hang on an organisation (members refuse closing)."""
        for check in CLOSE_CHECKS:
            check(s, o)

    def _validate(
        self, s: Session, data: OrgInput, *, parent_id: int | None, self_id: int | None
    ) -> OrgInput:
        name = rules.clean_name(data.name)
        short = " ".join((data.short_name or "").split())
        if len(short) > 30:
            raise ValidationError("简称过长（最多30个字）", field="简称")
        org_type = data.org_type if isinstance(data.org_type, OrgType) else rules.parse_org_type(data.org_type)
        if parent_id is not None:
            parent = self._load(s, parent_id)
            rules.check_parent_type(org_type, OrgType(parent.org_type))
        phone = clean_phone(data.phone)
        today = dt.date.today()
        if data.established and data.established > today:
            raise ValidationError("成立日期不能晚于今天", field="成立日期")
        rules.check_term(data.term_start, data.term_end)
        if data.term_start and data.established and data.term_start < data.established:
            raise ValidationError("换届日期不能早于成立日期", field="换届日期")
        self._check_unique(s, name, parent_id, self_id)
        return replace(
            data, name=name, short_name=short, org_type=org_type, parent_id=parent_id,
            secretary=" ".join((data.secretary or "").split()), phone=phone,
            coverage=(data.coverage or "").strip(), remarks=(data.remarks or "").strip(),
        )

    def _check_unique(self, s: Session, name: str, parent_id: int | None, self_id: int | None) -> None:
        q = select(Organization.id).where(
            self._parent_is(parent_id), Organization.name == name, Organization.closed_on.is_(None)
        )
        if self_id is not None:
            q = q.where(Organization.id != self_id)
        if s.scalar(q.limit(1)) is not None:
            raise ConflictError(f"同一上级下已有名为“{name}”的组织", field="组织全称")

    @staticmethod
    def _parent_is(parent_id: int | None):  # type: ignore[no-untyped-def]
        if parent_id is None:
            return Organization.parent_id.is_(None)
        return Organization.parent_id == parent_id

    @staticmethod
    def _load(s: Session, org_id: int) -> Organization:
        o = s.get(Organization, org_id)
        if o is None:
            raise NotFoundError(f"找不到编号为{org_id}的组织，可能已被他人改动，请刷新")
        return o

    @staticmethod
    def _subtree_ids(s: Session, org_id: int) -> list[int]:
        tree = select(Organization.id).where(Organization.id == org_id).cte("tree", recursive=True)
        tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
        return list(s.scalars(select(tree.c.id)))


# Record families that hang on organisations register a check here (e.g. members:
# "this branch still has members"); each raises ConflictError to refuse the close.
CLOSE_CHECKS: list = []
