"""The three lists (需求清单 / 资源清单 / 项目清单): items raised, claimed, under way, finished or
cancelled, each step dated and audited; the list views by kind, status, category and unit, with
overdue items; and the counts the briefings quote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import ListItem, Member, Organization, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild import lists as rules
from app.domain.cobuild.list_fields import LIST_ITEM_SPEC
from app.domain.cobuild.lists import FINAL, ItemStatus, Step
from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date
from app.domain.members.rules import ON_RECORD
from app.services.cobuild.list_rows import ListItemInput, ListItemRow, ListQuery
from app.services.cobuild.people import check_refs
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select

CHANGE = LIST_ITEM_SPEC.change
IN_SERVICE = "在职党员"
_EXTRA_SORT = ("status", "claimed_on", "started_on", "done_on", "id")


def conditions(q: ListQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.org_id is not None:
        where.append(ListItem.org_id.in_(subtree_select(q.org_id)))
    for value, column, allowed in ((q.kind, ListItem.kind, rules.LIST_KINDS),
                                   (q.status, ListItem.status, tuple(s.value for s in ItemStatus))):
        if value:
            if value not in allowed:
                raise ValidationError(f"“{value}”无法识别，可选：{'、'.join(allowed)}", field="筛选")
            where.append(column == value)
    if q.category:
        where.append(ListItem.category == q.category)
    if q.unit_id is not None:
        where.append(or_(ListItem.unit_id == q.unit_id, ListItem.claim_unit_id == q.unit_id))
    if q.overdue is not None:
        late = and_(ListItem.deadline.is_not(None), ListItem.deadline < (q.today or dt.date.today()),
                    ListItem.status.not_in([s.value for s in FINAL]))
        where.append(late if q.overdue else ~late)
    for token in (q.text or "").split():
        where.append(or_(ListItem.title.contains(token, autoescape=True),
                         ListItem.description.contains(token, autoescape=True),
                         ListItem.raised_by.contains(token, autoescape=True)))
    return where


def order_by(q: ListQuery) -> list[Any]:
    key = q.sort or "raised_on"
    if key not in LIST_ITEM_SPEC.by_key and key not in _EXTRA_SORT:
        raise ValidationError(f"无法按“{key}”排序", field="排序")
    column = getattr(ListItem, key)
    return [column.desc() if q.descending else column.asc(),
            ListItem.id.desc() if q.descending else ListItem.id.asc()]


class ListService(RecordService[ListItemRow]):
    spec = LIST_ITEM_SPEC
    model = ListItem
    row_type = ListItemRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        provider, claim_unit, claim_org = aliased(Unit), aliased(Unit), aliased(Organization)
        return (select(ListItem, Organization.name, provider.name, claim_unit.name, claim_org.name, Member.name)
                .join(Organization, Organization.id == ListItem.org_id)
                .outerjoin(provider, provider.id == ListItem.unit_id)
                .outerjoin(claim_unit, claim_unit.id == ListItem.claim_unit_id)
                .outerjoin(claim_org, claim_org.id == ListItem.claim_org_id)
                .outerjoin(Member, Member.id == ListItem.claim_member_id)
                .where(ListItem.id.in_(ids)))

    def _row(self, record: Any, *extra: Any) -> ListItemRow:
        org_name, provider, claim_unit, claim_org, member = extra
        return super()._row(record, org_name, provider or "", claim_unit or claim_org or member or "")

    def search_ids(self, query: ListQuery) -> list[int]:
        stmt = select(ListItem.id).where(and_(True, *conditions(query))).order_by(*order_by(query))
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def count(self, query: ListQuery) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(ListItem).where(and_(True, *conditions(query)))) or 0

    def counts_by_status(self, query: ListQuery) -> dict[str, int]:
        """How many of the query's items are in each status (the tab's status buttons)."""
        stmt = (select(ListItem.status, func.count()).where(and_(True, *conditions(query)))
                .group_by(ListItem.status))
        with self.reading() as s:
            found = {status: n for status, n in s.execute(stmt)}
        return {st.value: found.get(st.value, 0) for st in ItemStatus}

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: ListItemInput) -> ListItemRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, None)
            item = self._insert(s, {**values, "status": ItemStatus.OPEN.value},
                                summary=f"{values['kind']}新增“{values['title']}”")
        return self.get(item.id)

    def bulk_create(self, inputs: Sequence[ListItemInput]) -> list[int]:
        """Many items in one transaction with one audit record (demo data, benchmarks)."""
        with self.writing(CHANGE) as s:
            # Held here so that each item's checks find them in the session, not in the database.
            held = [*s.scalars(select(Organization)),
                    *s.scalars(select(Unit).where(Unit.id.in_({d.unit_id for d in inputs if d.unit_id})))]
            rows = [{**self._valid(s, d, None), "status": ItemStatus.OPEN.value} for d in inputs]
            del held
            return self._bulk_insert(s, rows, chunk=2000)

    def update(self, item_id: int, data: ListItemInput, version: int | None = None) -> ListItemRow:
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            versions.check(item, version)
            if ItemStatus(item.status) in FINAL:
                raise ValidationError(f"{item.status}的事项“{item.title}”只能查看，不能修改", field="状态")
            values = self._valid(s, data, item)
            self._update(s, item, values, summary=f"修改{item.kind}事项“{values['title']}”")
        return self.get(item_id)

    def claim(self, item_id: int, on: dt.date, *, unit_id: int | None = None, org_id: int | None = None,
              member_id: int | None = None) -> ListItemRow:
        """认领 by exactly one of: a unit in the area, an open organisation, an in-service member."""
        who = rules.claimant_kind(unit_id, org_id, member_id)
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            target = rules.next_status(item.status, Step.CLAIM)
            day = rules.check_step_day(on, item.raised_on, Step.CLAIM, dt.date.today(), "提出日期")
            name = self._claimant_name(s, unit_id, org_id, member_id)
            self._move(s, item, Step.CLAIM, {"status": target.value, "claim_unit_id": unit_id, "claim_org_id": org_id,
                                             "claim_member_id": member_id, "claimed_on": day},
                       f"由{who}“{name}”认领")
        return self.get(item_id)

    def release(self, item_id: int) -> ListItemRow:
        """退回认领: the claim is withdrawn and the item waits for a claimant again."""
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            target = rules.next_status(item.status, Step.RELEASE)
            self._move(s, item, Step.RELEASE, {"status": target.value, "claim_unit_id": None, "claim_org_id": None,
                                               "claim_member_id": None, "claimed_on": None}, "退回认领")
        return self.get(item_id)

    def start(self, item_id: int, on: dt.date) -> ListItemRow:
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            target = rules.next_status(item.status, Step.START)
            day = rules.check_step_day(on, item.claimed_on, Step.START, dt.date.today(), "认领日期")
            self._move(s, item, Step.START, {"status": target.value, "started_on": day}, f"开始实施（{cn_date(day)}）")
        return self.get(item_id)

    def complete(self, item_id: int, on: dt.date, outcome: str, served: object) -> ListItemRow:
        """Finished on ``on``: what was done and how many people it served."""
        outcome = (outcome or "").strip()
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            target = rules.next_status(item.status, Step.COMPLETE)
            day = rules.check_step_day(on, item.started_on, Step.COMPLETE, dt.date.today(), "开始实施日期")
            if not outcome:
                raise ValidationError("登记完成须写明完成情况", field="完成情况")
            if len(outcome) > 2000:
                raise ValidationError("完成情况过长（最多2000个字）", field="完成情况")
            people = rules.served_count(served)
            self._move(s, item, Step.COMPLETE, {"status": target.value, "done_on": day, "outcome": outcome,
                                                "served": people}, f"完成（{cn_date(day)}，服务{people}人）")
        return self.get(item_id)

    def cancel(self, item_id: int, on: dt.date, reason: str) -> ListItemRow:
        reason = " ".join((reason or "").split())
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            target = rules.next_status(item.status, Step.CANCEL)
            last = item.started_on or item.claimed_on or item.raised_on
            day = rules.check_step_day(on, last, Step.CANCEL, dt.date.today(), "上一步日期")
            if not reason:
                raise ValidationError("取消须写明原因", field="取消原因")
            if len(reason) > 200:
                raise ValidationError("取消原因过长（最多200个字）", field="取消原因")
            self._move(s, item, Step.CANCEL, {"status": target.value, "cancelled_on": day, "cancel_reason": reason},
                       f"取消：{reason}")
        return self.get(item_id)

    # ---- internals -----------------------------------------------------------------------
    def _valid(self, s: Session, data: ListItemInput, current: ListItem | None) -> dict[str, Any]:
        values = LIST_ITEM_SPEC.checked(asdict(data))
        if values["raised_on"] is None:
            values["raised_on"] = current.raised_on if current is not None and current.raised_on else dt.date.today()
        if values["raised_on"] > dt.date.today():
            raise ValidationError(f"提出日期{cn_date(values['raised_on'])}晚于今天，请核对", field="raised_on")
        check_refs(s, LIST_ITEM_SPEC, {**values, "name": values["title"]}, current=current)
        return values

    def _claimant_name(self, s: Session, unit_id: int | None, org_id: int | None, member_id: int | None) -> str:
        if unit_id is not None:
            unit = s.get(Unit, unit_id)
            if unit is None or unit.left_on is not None:
                raise ValidationError("认领单位不在辖区的在区单位中，请刷新后重选", field="认领方")
            return unit.name
        if org_id is not None:
            org = s.get(Organization, org_id)
            if org is None or org.closed_on is not None:
                raise ValidationError("认领的党组织不存在或已撤销，请刷新后重选", field="认领方")
            return org.name
        m = s.get(Member, member_id)
        if m is None or m.category != IN_SERVICE or m.status != ON_RECORD:
            raise ValidationError("认领的党员须是在册的在职党员", field="认领方")
        return m.name

    def _move(self, s: Session, item: ListItem, step: Step, changes: dict[str, Any], what: str) -> None:
        self._update(s, item, changes, action=f"清单事项{step.value}",
                     summary=f"{item.kind}事项“{item.title}”{what}")
