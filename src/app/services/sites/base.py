"""What the four record types of the sites area share on top of the record kit: the
organisation's name joined into each row, a list's search over an organisation's subtree, and
create / update / import, each clean → rules → references → audit in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization, Unit
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ValidationError
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit
from app.services.sites.rows import SitesQuery

RowT = TypeVar("RowT")


def like(text: str) -> str:
    return "%" + text.strip().replace("%", "").replace("_", "") + "%"


class SitesRecords(RecordService[RowT], Generic[RowT]):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS
    sorts: ClassVar[dict[str, str]] = {}  # a list's sort key -> the model's column
    searched: ClassVar[tuple[str, ...]] = ("name",)  # the columns the search words look in

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        m = self.model
        return select(m, Organization.name).join(Organization, Organization.id == m.org_id).where(m.id.in_(ids))

    def conditions(self, query: SitesQuery) -> list[ColumnElement[bool]]:
        m = self.model
        out: list[ColumnElement[bool]] = []
        if query.org_id is not None:
            out.append(m.org_id.in_(subtree_select(query.org_id)))
        if query.text.strip():
            out.append(or_(*(getattr(m, c).like(like(query.text)) for c in self.searched)))
        if query.kind:
            out.append(m.kind == query.kind)
        return out

    def search_ids(self, query: SitesQuery) -> list[int]:
        m = self.model
        column = getattr(m, self.sorts.get(query.sort, next(iter(self.sorts.values()), "id")))
        order = column.desc() if query.descending else column
        stmt = select(m.id).where(*self.conditions(query)).order_by(order, m.id.desc() if query.descending else m.id)
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def count(self, query: SitesQuery) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(self.model).where(*self.conditions(query))) or 0

    def problems(self, data: Any, record_id: int | None = None) -> list[ValidationError]:
        """Every problem with ``data`` (an import's preview); nothing is saved."""
        with self.reading() as s:
            values, found = self.spec.problems(asdict(data))
            if not found:
                try:
                    self._valid(s, data, s.get(self.model, record_id) if record_id else None)
                except ValidationError as exc:
                    found.append(exc)
            return found

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: Any) -> RowT:
        with self.writing(self.spec.change) as s:
            record_id = self._insert(s, self._valid(s, data, None)).id
        return self.get(record_id)

    def update(self, record_id: int, data: Any, version: int | None = None) -> RowT:
        """``version`` is the row's as read: a record someone changed since is not overwritten."""
        with self.writing(self.spec.change) as s:
            record = self._load(s, record_id)
            versions.check(record, version)
            self._update(s, record, self._valid(s, data, record))
        return self.get(record_id)

    def import_batch(self, adds: Sequence[Any], updates: Sequence[tuple[int, Any]] = ()) -> tuple[list[int], list[int]]:
        """An import's additions and updates in one transaction, an audit record each."""
        self.require(Permission.IMPORT_DATA)
        with self.writing(self.spec.change) as s:
            planned = [(self._load(s, i), d) for i, d in updates]
            changes = [(r, self._valid(s, d, r)) for r, d in planned]
            new = [self._valid(s, d, None) for d in adds]
            log = audit.Appender(s, self.actor.name)
            for record, values in changes:
                self._update(s, record, values, log=log, action=f"导入修改{self.spec.noun}")
            s.flush()
            added = self._bulk_insert(s, new, log=log)
            log.flush()
        return added, [r.id for r, _v in changes]

    def bulk_create(self, inputs: Sequence[Any]) -> list[int]:
        """Many records in one transaction with one audit record (demo data)."""
        with self.writing(self.spec.change) as s:
            return self._bulk_insert(s, [self._valid(s, d, None) for d in inputs])

    # ---- checks --------------------------------------------------------------------------
    def _valid(self, s: Session, data: Any, current: Any) -> dict[str, Any]:
        values = self.spec.checked(asdict(data))
        self._check_refs(s, values, current)
        return values

    def _check_refs(self, s: Session, values: dict[str, Any], current: Any) -> None:
        """The community is on record and open (or the record's own), a unit in the area, a
        roster member the person named."""
        who = self.spec.who(values)
        for key in ("org_id", "unit_id", "member_id"):
            if values.get(key) is not None and not isinstance(values[key], int):
                raise ValidationError(f"{who}：{self.spec.label(key)}“{values[key]}”在台账中找不到", field=key)
        org = s.get(Organization, values["org_id"])
        if org is None:
            raise ValidationError(f"{who}：找不到所选社区，请刷新后重选", field="org_id")
        if org.closed_on is not None and getattr(current, "org_id", None) != org.id:
            raise ValidationError(f"{who}：“{org.name}”已撤销", field="org_id")
        if values.get("unit_id") is not None:
            unit = s.get(Unit, values["unit_id"])
            if unit is None:
                raise ValidationError(f"{who}：找不到所选共建单位，请刷新后重选", field="unit_id")
            if unit.left_on is not None and getattr(current, "unit_id", None) != unit.id:
                raise ValidationError(f"{who}：“{unit.name}”已迁出辖区", field="unit_id")
        if values.get("member_id") is not None:
            member = s.get(Member, values["member_id"])
            if member is None:
                raise ValidationError(f"{who}：找不到所选党员，请刷新后重选", field="member_id")
            name = values.get("visitor") or values.get("name")
            if member.name != name:
                raise ValidationError(f"所选党员是“{member.name}”，与填写的姓名“{name}”不一致，请核对",
                                      field="member_id")
