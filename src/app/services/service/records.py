"""Service records (志愿服务记录): recorded, confirmed by someone allowed to (one by one or many
at once) or returned with a reason; a confirmed record is never edited: a correction is a new
version with its reason, which replaces the old one when it is confirmed, and both stay visible.
Only confirmed records count (app.services.service.totals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    Member,
    Organization,
    ServiceActivity,
    ServiceRecord,
    ServiceTeam,
    Unit,
    Volunteer,
    utcnow,
)
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.service.hours import format_hours
from app.domain.service.record_fields import RECORD_SPEC, RecordStatus
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import is_sole_root, subtree_select
from app.services.safety import audit
from app.services.service.record_checks import check_against_others, clean_record, resolve
from app.services.service.rows import RecordInput, RecordQuery, RecordRow
from app.services.service.volunteers import name_match, volunteer_for_member

CHANGE = RECORD_SPEC.change
ST = RecordStatus
_SORTS: dict[str, Any] = {"served_on": ServiceRecord.served_on, "hours": ServiceRecord.hours, "status": ServiceRecord.status,
          "volunteer": Volunteer.name_pinyin, "id": ServiceRecord.id}


def in_subtree(column: Any, org_id: int) -> ColumnElement[bool]:
    """The organisation's subtree as a filter the indexes check (``+ 0``), not as the start of
    an index range: the lists and totals then run along their date index in order."""
    return (column + 0).in_(subtree_select(org_id))


def conditions(q: RecordQuery, s: Session | None = None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.org_id is not None and not (s is not None and is_sole_root(s, q.org_id)):
        where.append(in_subtree(ServiceRecord.org_id, q.org_id))
    if q.status:
        if q.status not in {s.value for s in ST}:
            raise ValidationError(f"状态“{q.status}”无法识别，可选：{'、'.join(s.value for s in ST)}", field="状态")
        where.append(ServiceRecord.status == q.status)
    for value, column in ((q.volunteer_id, ServiceRecord.volunteer_id), (q.unit_id, ServiceRecord.unit_id),
                          (q.team_id, ServiceRecord.team_id), (q.activity_id, ServiceRecord.activity_id),
                          (q.category, ServiceRecord.category)):
        if value is not None and value != "":
            where.append(column == value)
    if q.date_from is not None:
        where.append(ServiceRecord.served_on >= q.date_from)
    if q.date_to is not None:
        where.append(ServiceRecord.served_on <= q.date_to)
    for token in q.text.split():
        where.append(_text_condition(token, s))
    return where


def _text_condition(token: str, s: Session | None) -> ColumnElement[bool]:
    """A word of the search: the volunteers it names (name, pinyin, initials), or, when it names
    nobody, the records whose content holds it."""
    people = select(Volunteer.id).where(name_match(Volunteer.name, Volunteer.name_pinyin, Volunteer.name_initials, token))
    if s is not None and s.scalar(people.limit(1)) is None:
        return ServiceRecord.content.contains(token, autoescape=True)
    if s is not None:
        return ServiceRecord.volunteer_id.in_(people)
    return or_(ServiceRecord.volunteer_id.in_(people), ServiceRecord.content.contains(token, autoescape=True))


class ServiceRecordService(RecordService[RecordRow]):
    spec = RECORD_SPEC
    model = ServiceRecord
    row_type = RecordRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(ServiceRecord, Volunteer.name, Organization.name, func.coalesce(ServiceActivity.title, ""),
                       func.coalesce(ServiceTeam.name, ""), func.coalesce(Unit.name, ""))
                .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
                .join(Organization, Organization.id == ServiceRecord.org_id)
                .outerjoin(ServiceActivity, ServiceActivity.id == ServiceRecord.activity_id)
                .outerjoin(ServiceTeam, ServiceTeam.id == ServiceRecord.team_id)
                .outerjoin(Unit, Unit.id == ServiceRecord.unit_id).where(ServiceRecord.id.in_(ids)))

    def search_ids(self, query: RecordQuery) -> list[int]:
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, _id_select(query, s))]

    def ids_window(self, query: RecordQuery, offset: int, limit: int) -> list[int]:
        """Rows offset … offset+limit-1 of search_ids(query): the list reads a long search so."""
        with self.reading() as s:
            stmt = _id_select(query, s).offset(max(0, offset)).limit(max(0, limit))
            return [r[0] for r in fetch_rows(s, stmt)]

    def count(self, query: RecordQuery) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(ServiceRecord)
                            .where(and_(True, *conditions(query, s)))) or 0

    def versions_of(self, record_id: int) -> list[RecordRow]:
        """Every version of a record, oldest first: the original and each correction."""
        with self.reading() as s:
            chain = [self._load(s, record_id)]
            while chain[0].replaces_id is not None:
                chain.insert(0, self._load(s, chain[0].replaces_id))
            while (later := s.scalar(select(ServiceRecord).where(ServiceRecord.replaces_id == chain[-1].id)
                                     .order_by(ServiceRecord.id.desc()).limit(1))) is not None:
                chain.append(later)
            ids = [r.id for r in chain]
        return self.rows(ids)

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: RecordInput) -> RecordRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, skip=())
            record = self._insert(s, {**values, "status": ST.PENDING.value}, action="新增服务记录",
                                  summary=self._describe(s, values, "新增"))
        return self.get(record.id)

    def update(self, record_id: int, data: RecordInput, version: int | None = None) -> RecordRow:
        """A record not yet confirmed (待确认, or 已退回: it waits for confirmation again)."""
        with self.writing(CHANGE) as s:
            record = self._load(s, record_id)
            versions.check(record, version)
            if record.status in (ST.CONFIRMED.value, ST.CORRECTED.value):
                raise ConflictError(f"第{record_id}号服务记录{record.status}，不能修改；如有错误，请登记更正（保留原记录）")
            skip = [record.id] + ([record.replaces_id] if record.replaces_id else [])
            values = self._valid(s, data, skip=skip)
            self._update(s, record, {**values, "status": ST.PENDING.value, "return_reason": ""},
                         summary=self._describe(s, values, "修改"))
        return self.get(record_id)

    def correct(self, record_id: int, data: RecordInput, reason: str) -> RecordRow:
        """A correction of a confirmed record: a new version waiting for confirmation; the old one
        counts until the correction is confirmed, then is kept as 已更正."""
        reason = " ".join((reason or "").split())
        with self.writing(CHANGE) as s:
            old = self._load(s, record_id)
            if old.status != ST.CONFIRMED.value:
                raise ConflictError(f"只有已确认的记录需要更正；第{record_id}号记录{old.status}，可直接修改")
            if not reason:
                raise ValidationError("更正服务记录须写明原因", field="correction_reason")
            if len(reason) > 200:
                raise ValidationError("更正原因过长（最多200个字）", field="correction_reason")
            pending = s.scalar(select(ServiceRecord.id).where(ServiceRecord.replaces_id == old.id,
                                                              ServiceRecord.status == ST.PENDING.value))
            if pending is not None:
                raise ConflictError(f"第{record_id}号记录已有一条待确认的更正（第{pending}号），请先确认或修改它")
            values = self._valid(s, data, skip=[old.id])
            if values["volunteer_id"] != old.volunteer_id:
                raise ValidationError("更正不能更换志愿者；记错了人的，请更正为正确内容后另行登记", field="volunteer_id")
            new = self._insert(s, {**values, "status": ST.PENDING.value, "replaces_id": old.id,
                                   "correction_reason": reason}, action="更正服务记录",
                               summary=f"更正第{old.id}号服务记录：{reason}")
        return self.get(new.id)

    def confirm(self, record_ids: Sequence[int]) -> int:
        """Confirms the waiting records among ``record_ids`` (returns how many)."""
        self.require(Permission.CONFIRM_SERVICE)
        with self.writing(CHANGE) as s:
            records = self._load_many(s, list(record_ids))
            log = audit.Appender(s, self.actor.name)
            now, done = utcnow(), 0
            for rid in dict.fromkeys(record_ids):
                record = records.get(rid)
                if record is None:
                    raise self.not_found(rid)
                if record.status != ST.PENDING.value:
                    continue
                self._update(s, record, {"status": ST.CONFIRMED.value, "confirmed_by": self.actor.name,
                                         "confirmed_at": now}, log=log, action="确认服务记录",
                             summary=f"确认第{rid}号服务记录（{format_hours(record.hours or 0)}小时）")
                if record.replaces_id is not None:
                    old = self._load(s, record.replaces_id)
                    self._update(s, old, {"status": ST.CORRECTED.value}, log=log, action="服务记录已更正",
                                 summary=f"第{old.id}号服务记录由第{rid}号更正")
                done += 1
            s.flush()
            log.flush()
        return done

    def send_back(self, record_ids: Sequence[int], reason: str) -> int:
        """Returns waiting records to whoever recorded them, with the reason (退回)."""
        self.require(Permission.CONFIRM_SERVICE)
        reason = " ".join((reason or "").split())
        if not reason:
            raise ValidationError("退回服务记录须写明原因", field="return_reason")
        if len(reason) > 200:
            raise ValidationError("退回原因过长（最多200个字）", field="return_reason")
        with self.writing(CHANGE) as s:
            records = self._load_many(s, list(record_ids))
            log = audit.Appender(s, self.actor.name)
            done = 0
            for rid in dict.fromkeys(record_ids):
                record = records.get(rid)
                if record is None:
                    raise self.not_found(rid)
                if record.status == ST.PENDING.value:
                    self._update(s, record, {"status": ST.RETURNED.value, "return_reason": reason}, log=log,
                                 action="退回服务记录", summary=f"退回第{rid}号服务记录：{reason}")
                    done += 1
            s.flush()
            log.flush()
        return done

    def bulk_create(self, inputs: Sequence[RecordInput], *, confirmed: bool = False,
                    refs: Sequence[str] = ()) -> list[int]:
        """Many records in one transaction (an import; the demo), an audit record each; every
        rule is checked first, naming each record by ``refs`` (第5行)."""
        if confirmed:
            self.require(Permission.CONFIRM_SERVICE)
        names = list(refs) or [f"第{i + 1}条" for i in range(len(inputs))]
        with self.writing(CHANGE) as s:
            inputs = [self._member_as_volunteer(s, d) for d in inputs]
            batch = [(resolve(s, clean_record(d, ref), ref), ref) for d, ref in zip(inputs, names, strict=True)]
            check_against_others(s, batch, dt.date.today())
            state: dict[str, Any] = {"status": ST.PENDING.value}
            if confirmed:
                state = {"status": ST.CONFIRMED.value, "confirmed_by": self.actor.name, "confirmed_at": utcnow()}
            log = audit.Appender(s, self.actor.name)
            ids = self._bulk_insert(s, [{**v, **state} for v, _ in batch], log=log, action="导入服务记录")
            log.flush()
        return ids

    def require_import(self) -> None:
        self.require(Permission.IMPORT_DATA)

    # ---- internals -----------------------------------------------------------------------
    @staticmethod
    def _member_as_volunteer(s: Session, data: RecordInput) -> RecordInput:
        """An input naming a roster member by ``-member_id`` (an import) names their volunteer."""
        if not isinstance(data.volunteer_id, int) or data.volunteer_id >= 0:
            return data
        member = s.get(Member, -data.volunteer_id)
        if member is None:
            raise ValidationError(f"找不到编号为{-data.volunteer_id}的党员，请刷新后重试", field="volunteer_id")
        return replace(data, volunteer_id=volunteer_for_member(s, member).id)

    def _valid(self, s: Session, data: RecordInput, *, skip: Sequence[int]) -> dict[str, Any]:
        values = resolve(s, clean_record(data), "")
        check_against_others(s, [(values, "")], dt.date.today(), skip=skip)
        return values

    @staticmethod
    def _describe(s: Session, values: dict[str, Any], verb: str) -> str:
        person = s.get(Volunteer, values["volunteer_id"])
        return (f"{verb}“{person.name if person else ''}”{cn_date(values['served_on'])}的服务记录"
                f"（{format_hours(values['hours'] or 0)}小时）")


def _id_select(query: RecordQuery, s: Session) -> AnySelect:
    if query.sort not in _SORTS:
        raise ValidationError(f"无法按“{query.sort}”排序", field="排序")
    column = _SORTS[query.sort]
    order = [column.desc(), ServiceRecord.id.desc()] if query.descending else [column.asc(), ServiceRecord.id.asc()]
    stmt = select(ServiceRecord.id).where(and_(True, *conditions(query, s)))
    if query.sort == "volunteer":
        stmt = stmt.join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
    return stmt.order_by(*order)
