"""People of co-building: 大党委 / 大工委 part-time members (兼职委员) and two-way postings
(双向挂职). A person may be a member on the roster (then the name must be that member's) or
someone from a unit who is not."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import CouncilMember, Member, Organization, Secondment, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild.fields import COUNCIL_SPEC, SECONDMENT_SPEC
from app.domain.kit.errors import ValidationError
from app.domain.kit.spec import RecordSpec
from app.services.cobuild.rows import CouncilInput, CouncilRow, SecondmentInput, SecondmentRow
from app.services.kit.records import AnySelect, RecordService
from app.services.orgs.service import subtree_select

CHANGE = COUNCIL_SPEC.change
RowT = TypeVar("RowT")


def check_refs(s: Session, spec: RecordSpec, values: dict[str, Any], *, current: Any = None) -> None:
    """The organisation is open, the unit on record (in the area, unless it is the one the
    record already had), and a roster member chosen is the person named."""
    who = spec.who(values)
    for key in ("org_id", "unit_id", "member_id"):
        if values.get(key) is not None and not isinstance(values[key], int):
            raise ValidationError(f"{who}：{spec.label(key)}“{values[key]}”须先在台账中找到", field=key)
    org = s.get(Organization, values["org_id"])
    if org is None:
        raise ValidationError(f"{who}：找不到所选党组织，请刷新后重选", field="org_id")
    if org.closed_on is not None and getattr(current, "org_id", None) != org.id:
        raise ValidationError(f"{who}：“{org.name}”已撤销", field="org_id")
    unit_id = values.get("unit_id")
    if unit_id is not None:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ValidationError(f"{who}：找不到所选单位，请刷新后重选", field="unit_id")
        if unit.left_on is not None and getattr(current, "unit_id", None) != unit.id:
            raise ValidationError(f"{who}：“{unit.name}”已迁出辖区", field="unit_id")
    member_id = values.get("member_id")
    if member_id is not None:
        member = s.get(Member, member_id)
        if member is None:
            raise ValidationError(f"{who}：找不到所选党员，请刷新后重选", field="member_id")
        if member.name != values["name"]:
            raise ValidationError(
                f"所选党员是“{member.name}”，与填写的姓名“{values['name']}”不一致，请核对", field="name")


class _PeopleService(RecordService[RowT], Generic[RowT]):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        m = self.model
        return (select(m, Organization.name, Unit.name)
                .join(Organization, Organization.id == m.org_id)
                .outerjoin(Unit, Unit.id == m.unit_id).where(m.id.in_(ids)))

    def _row(self, record: Any, *extra: Any) -> RowT:
        org_name, unit_name = extra
        return super()._row(record, org_name, unit_name or "")

    def ids_in(self, org_id: int | None = None, unit_id: int | None = None) -> list[int]:
        """The records of an organisation's subtree (or of a unit), by name."""
        m = self.model
        q = select(m.id)
        if org_id is not None:
            q = q.where(m.org_id.in_(subtree_select(org_id)))
        if unit_id is not None:
            q = q.where(m.unit_id == unit_id)
        with self.reading() as s:
            return list(s.scalars(q.order_by(m.name, m.id)))

    def list_rows(self, org_id: int | None = None, unit_id: int | None = None) -> list[RowT]:
        return self.rows(self.ids_in(org_id, unit_id))

    def _save(self, data: Any, record_id: int | None) -> RowT:
        with self.writing(CHANGE) as s:
            current = self._load(s, record_id) if record_id is not None else None
            values = self.spec.checked(asdict(data))
            check_refs(s, self.spec, values, current=current)
            if current is None:
                record_id = self._insert(s, values).id
            else:
                self._update(s, current, values)
        assert record_id is not None
        return self.get(record_id)

    def remove(self, record_id: int) -> None:
        """Removes a record entered by mistake (the audit trail keeps what it held)."""
        with self.writing(CHANGE) as s:
            record = self._load(s, record_id)
            values = {f.key: getattr(record, f.key) for f in self.spec.fields}
            s.delete(record)
            self._audit(s, None, f"删除{self.spec.noun}", record_id, f"删除{self.spec.who(values)}",
                        old=self.spec.audit_values(values))


class CouncilService(_PeopleService[CouncilRow]):
    """大党委 / 大工委 兼职委员: who, from which unit, which post, which term."""

    spec = COUNCIL_SPEC
    model = CouncilMember
    row_type = CouncilRow

    def create(self, data: CouncilInput) -> CouncilRow:
        return self._save(data, None)

    def update(self, record_id: int, data: CouncilInput) -> CouncilRow:
        return self._save(data, record_id)

    def serving(self, org_id: int | None, on: dt.date) -> list[CouncilRow]:
        """Those whose term covers ``on`` (for {大党委兼职委员数})."""
        return [r for r in self.list_rows(org_id) if r.serving_on(on)]


class SecondmentService(_PeopleService[SecondmentRow]):
    """双向挂职: community staff posted to a unit, a unit's cadre posted to the community."""

    spec = SECONDMENT_SPEC
    model = Secondment
    row_type = SecondmentRow

    def create(self, data: SecondmentInput) -> SecondmentRow:
        return self._save(data, None)

    def update(self, record_id: int, data: SecondmentInput) -> SecondmentRow:
        return self._save(data, record_id)

    def serving(self, org_id: int | None, on: dt.date, direction: str | None = None) -> list[SecondmentRow]:
        """Postings under way on ``on`` (for {到共建单位挂职人数}, {共建单位挂职人数})."""
        return [r for r in self.list_rows(org_id) if r.serving_on(on) and direction in (None, r.direction)]
