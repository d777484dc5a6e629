"""The organisation tree: add, edit, move, close and reopen organisations."""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from app.db.models import Organization
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.orgs import rules
from app.domain.orgs.fields import ORG_FIELDS, ORG_SPEC
from app.domain.orgs.rules import OrgType
from app.domain.orgs.tree import OrgTree
from app.services.kit import versions
from app.services.kit.records import RecordService
from app.services.safety import audit

CHANGE = ORG_SPEC.change


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
    version: int = 0  # as read; ``update`` refuses the save if the record has changed since

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
    values = {f.name: getattr(o, f.name) for f in fields(OrgRow)}
    return OrgRow(**{**values, "org_type": OrgType(o.org_type)})


FIELD_KEYS = tuple(f.key for f in ORG_FIELDS)


class OrgService(RecordService[OrgRow]):
    spec = ORG_SPEC
    model = Organization
    row_type = OrgRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.MANAGE_ORGS

    def _row(self, record: Any, *extra: Any) -> OrgRow:
        return _row(record)

    def tree(self, include_closed: bool = True) -> OrgTree[OrgRow]:
        """The organisation tree (see app.domain.orgs.tree): subtrees, paths, tree order."""
        return OrgTree(self.list(include_closed))

    # ---- reading -------------------------------------------------------------------------
    def list(self, include_closed: bool = True) -> list[OrgRow]:
        with self.reading() as s:
            q = select(Organization).order_by(Organization.sort_order, Organization.id)
            if not include_closed:
                q = q.where(Organization.closed_on.is_(None))
            return [_row(o) for o in s.scalars(q)]

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

    def subtree_ids(self, org_id: int) -> builtins.list[int]:
        """The organisation and everything below it."""
        with self.reading() as s:
            return self._subtree_ids(s, org_id)

    def paths(self) -> dict[int, tuple[str, ...]]:
        """Every organisation's names from the top down to itself, closed ones included, e.g.
        (青山县委组织部, 城关街道党工委, 和平社区党委, 第四网格党支部): what tells two
        same-named branches apart."""
        tree = self.tree()
        return {org_id: tuple(n.name for n in tree.path(org_id)) for org_id in tree.by_id}

    def term_ends_on(self, org_ids: builtins.list[int], day: dt.date) -> dict[int, dt.date | None]:
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
                raise ValidationError(f"“{parent.name}”已撤销，不能在其下新增组织", field="parent_id")
        values = self._validate(s, data, parent_id=data.parent_id, self_id=None)
        last = s.scalar(select(func.max(Organization.sort_order)).where(self._parent_is(data.parent_id)))
        values.update(parent_id=data.parent_id, sort_order=(last or 0) + 1)
        return self._insert(s, values, action="新增组织",
                            summary=f"新增{values['org_type']}“{values['name']}”")

    def update(self, org_id: int, data: OrgInput, version: int | None = None) -> OrgRow:
        """Edits the fields of an organisation (its place in the tree stays; see ``move``).
        ``version`` is the row's as it was read (OrgRow.version): if someone has changed the
        organisation since, nothing is saved (versions.StaleRecord names who and when)."""
        with self.writing(CHANGE) as s:
            o = self._load(s, org_id)
            versions.check(o, version)
            values = self._validate(s, data, parent_id=o.parent_id, self_id=o.id)
            new_type = OrgType(values["org_type"])
            for child in s.scalars(select(Organization).where(Organization.parent_id == o.id)):
                try:
                    rules.check_parent_type(OrgType(child.org_type), new_type)
                except ValidationError as exc:
                    raise ValidationError(
                        f"不能改为{new_type.value}：其下级“{child.name}”将不符合层级（{exc.message}）",
                        field="org_type",
                    ) from exc
            self._update(s, o, values, action="修改组织", summary=f"修改“{values['name']}”")
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
                        f"不能把“{o.name}”移到它自己或它的下级“{parent.name}”之下", field="parent_id"
                    )
                if parent.closed_on is not None:
                    raise ValidationError(f"“{parent.name}”已撤销，不能移入", field="parent_id")
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
                raise ValidationError("请填写撤销原因", field="closed_reason")
            if on > dt.date.today():
                raise ValidationError("撤销日期不能晚于今天", field="closed_on")
            if o.established and on < o.established:
                raise ValidationError("撤销日期不能早于成立日期", field="closed_on")
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
        """Each record area on which an organisation's records hang may refuse (members do)."""
        from app.services.areas import close_checks

        for check in close_checks():
            check(s, o)

    def _validate(
        self, s: Session, data: OrgInput, *, parent_id: int | None, self_id: int | None
    ) -> dict[str, Any]:
        """The spec's cleaning and rules, then the organisation's place in the tree."""
        values = ORG_SPEC.checked({k: getattr(data, k) for k in FIELD_KEYS})
        org_type = values["org_type"]
        if parent_id is not None:
            parent = self._load(s, parent_id)
            try:
                rules.check_parent_type(org_type, OrgType(parent.org_type))
            except ValidationError as exc:
                raise ValidationError(exc.message, field="org_type") from exc
        self._check_unique(s, values["name"], parent_id, self_id)
        values["org_type"] = org_type.value
        return values

    def _check_unique(self, s: Session, name: str, parent_id: int | None, self_id: int | None) -> None:
        q = select(Organization.id).where(
            self._parent_is(parent_id), Organization.name == name, Organization.closed_on.is_(None)
        )
        if self_id is not None:
            q = q.where(Organization.id != self_id)
        if s.scalar(q.limit(1)) is not None:
            raise ConflictError(f"同一上级下已有名为“{name}”的组织", field="name")

    @staticmethod
    def _parent_is(parent_id: int | None) -> ColumnElement[bool]:
        if parent_id is None:
            return Organization.parent_id.is_(None)
        return Organization.parent_id == parent_id

    @staticmethod
    def _subtree_ids(s: Session, org_id: int) -> builtins.list[int]:
        return list(s.scalars(subtree_select(org_id)))


def subtree_select(org_id: int) -> Select[tuple[int]]:
    """The organisation's id and all ids below it, as SQL (a recursive CTE) for queries that
    filter by a subtree; Python code walks the tree with OrgService.tree()."""
    tree = select(Organization.id).where(Organization.id == org_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Organization.id).where(Organization.parent_id == tree.c.id))
    return select(tree.c.id)


def is_sole_root(s: Session, org_id: int) -> bool:
    """Whether ``org_id`` is the one root of the tree (the county): its subtree is every
    organisation, so a list or a count over it needs no organisation filter, and the database
    reads its indexes in order instead of checking each row against the subtree."""
    roots = s.scalars(select(Organization.id).where(Organization.parent_id.is_(None)).limit(2)).all()
    return list(roots) == [org_id]
