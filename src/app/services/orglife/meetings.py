"""Meetings and lessons of organisation life (三会一课, 主题党日 …) and who attended each.

Attendance is kept per roster member: 出席, 请假 (with the reason) or 缺席; a member with no row was
not expected (a 支部委员会 expects the committee only). It can be recorded once the meeting's day
has come, not for a meeting still planned. "All present" records the whole roster as 出席 in one
step; the exceptions are then marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import bindparam, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization, OrgAttendance, OrgMeeting, OrgMeetingFile
from app.db.models.base import table_of
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ValidationError
from app.domain.orglife.fields import ORGLIFE_SPEC, describe
from app.domain.orglife.kinds import ATTENDANCE, Attendance
from app.services.cobuild.people import check_refs
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orglife.meeting_files import MeetingFileService
from app.services.orglife.rows import (
    AttendanceLine,
    OrgMeetingInput,
    OrgMeetingQuery,
    OrgMeetingRow,
)
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = ORGLIFE_SPEC.change
ON_RECORD = "在册"
REASON_MAX = 60
SORTS = {"held_on": OrgMeeting.held_on, "kind": OrgMeeting.kind, "org_id": OrgMeeting.org_id,
         "topic": OrgMeeting.topic, "host": OrgMeeting.host, "place": OrgMeeting.place}


def who(record: OrgMeeting | Mapping) -> str:
    get = record.get if isinstance(record, Mapping) else lambda k: getattr(record, k)
    return describe(get("kind") or "", get("held_on"), get("topic") or "")


def counted(status: str):
    return func.coalesce(func.sum(case((OrgAttendance.status == status, 1), else_=0)), 0)


class OrgMeetingService(RecordService[OrgMeetingRow]):
    spec = ORGLIFE_SPEC
    model = OrgMeeting
    row_type = OrgMeetingRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        photos = (select(func.count()).select_from(OrgMeetingFile).where(OrgMeetingFile.meeting_id == OrgMeeting.id)
                  .correlate(OrgMeeting).scalar_subquery())
        return (select(OrgMeeting, Organization.name, OrgMeeting.present_count, OrgMeeting.leave_count,
                       OrgMeeting.absent_count, photos)
                .join(Organization, Organization.id == OrgMeeting.org_id).where(OrgMeeting.id.in_(ids)))

    def search_ids(self, query: OrgMeetingQuery) -> list[int]:
        q = select(OrgMeeting.id)
        if query.org_id is not None:
            q = q.where(OrgMeeting.org_id.in_(subtree_select(query.org_id)))
        if query.year:
            q = q.where(OrgMeeting.held_on.between(dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)))
        if query.kind:
            q = q.where(OrgMeeting.kind == query.kind)
        words = query.text.strip().replace("%", "").replace("_", "")[:60]
        if words:
            like = f"%{words}%"
            q = q.where(or_(OrgMeeting.topic.like(like), OrgMeeting.place.like(like), OrgMeeting.host.like(like),
                            OrgMeeting.speaker.like(like)))
        column: Any = SORTS.get(query.sort, OrgMeeting.held_on)
        if query.descending:
            q = q.order_by(column.desc(), OrgMeeting.id.desc())
        else:
            q = q.order_by(column.asc(), OrgMeeting.id.asc())
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, q)]

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: OrgMeetingInput) -> OrgMeetingRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, None)
            record = self._insert(s, values, summary=f"登记组织生活：{who(values)}")
        return self.get(record.id)

    def update(self, meeting_id: int, data: OrgMeetingInput) -> OrgMeetingRow:
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            values = self._valid(s, data, record)
            if values["held_on"] > dt.date.today() and self._has_attendance(s, meeting_id):
                raise ValidationError(f"{who(values)}：已登记出席情况，日期不能改到今天以后", field="held_on")
            self._update(s, record, values, summary=f"修改组织生活：{who(values)}")
        return self.get(meeting_id)

    def remove(self, meeting_id: int) -> None:
        """A meeting entered by mistake, with its attendance."""
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            values = {f.key: getattr(record, f.key) for f in ORGLIFE_SPEC.fields}
            s.execute(delete(OrgAttendance).where(OrgAttendance.meeting_id == record.id))
            MeetingFileService.remove_all(s, record.id)  # its photos
            s.delete(record)
            self._audit(s, None, "删除组织生活", meeting_id, f"删除组织生活：{who(values)}",
                        old=ORGLIFE_SPEC.audit_values(values))

    def _valid(self, s: Session, data: OrgMeetingInput, current: OrgMeeting | None) -> dict:
        values = ORGLIFE_SPEC.checked(asdict(data))
        check_refs(s, ORGLIFE_SPEC, {**values, "topic": values["topic"] or values["kind"]}, current=current)
        return values

    @staticmethod
    def _has_attendance(s: Session, meeting_id: int) -> bool:
        return s.scalar(select(OrgAttendance.member_id).where(OrgAttendance.meeting_id == meeting_id).limit(1)) \
            is not None

    # ---- attendance ----------------------------------------------------------------------
    def roster(self, org_id: int) -> list[tuple[int, str]]:
        """The members on record in the organisation and below, by name."""
        with self.reading() as s:
            return self._roster(s, org_id)

    @staticmethod
    def _roster(s: Session, org_id: int) -> list[tuple[int, str]]:
        q = (select(Member.id, Member.name).where(Member.status == ON_RECORD, Member.org_id.in_(subtree_select(org_id)))
             .order_by(Member.name_pinyin, Member.id))
        return [(int(i), n) for i, n in s.execute(q)]

    def attendance(self, meeting_id: int) -> list[AttendanceLine]:
        """The roster with what is recorded for each; members recorded who have left since follow."""
        with self.reading() as s:
            record = self._load(s, meeting_id)
            roster = self._roster(s, record.org_id)
            recorded = {m: (st, r) for m, st, r in s.execute(
                select(OrgAttendance.member_id, OrgAttendance.status, OrgAttendance.reason)
                .where(OrgAttendance.meeting_id == meeting_id))}
            lines = [AttendanceLine(i, n, *recorded.get(i, ("", ""))) for i, n in roster]
            known = {i for i, _n in roster}
            others = [m for m in recorded if m not in known]
            if others:
                names = {int(i): n for i, n in s.execute(select(Member.id, Member.name).where(Member.id.in_(others)))}
                lines += [AttendanceLine(m, names.get(m, ""), *recorded[m], on_roster=False) for m in others]
            return lines

    def all_present(self, meeting_id: int) -> int:
        """Records every roster member as 出席 (what was marked before is replaced); the count."""
        roster = self.roster(self.get(meeting_id).org_id)
        return self.set_attendance(meeting_id, {i: (Attendance.PRESENT.value, "") for i, _n in roster})

    def set_attendance(self, meeting_id: int, marks: Mapping[int, tuple[str, str]]) -> int:
        """The meeting's attendance replaced by ``marks`` (member id -> (status, reason)); a member
        left out was not expected. One transaction; returns how many were expected."""
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            if record.held_on is None or record.held_on > dt.date.today():
                raise ValidationError(f"{who(record)}还没有召开，召开以后才能登记出席情况", field="出席情况")
            rows = self._checked_marks(s, record, marks)
            s.execute(delete(OrgAttendance).where(OrgAttendance.meeting_id == record.id))
            if rows:
                s.execute(insert(OrgAttendance), rows)
            recount(s, [record.id])
            tally = {st: sum(1 for r in rows if r["status"] == st) for st in ATTENDANCE}
            audit.append(s, self.actor.name, "登记出席情况", entity=ORGLIFE_SPEC.key, entity_id=record.id,
                         summary=f"{who(record)}：应到{len(rows)}人，" + "，".join(f"{k}{v}人" for k, v in tally.items()),
                         new={"应到": len(rows), **tally})
            return len(rows)

    def bulk_create(self, items: list[tuple[OrgMeetingInput, Mapping[int, tuple[str, str]] | None]]) -> list[int]:
        """Meetings with their attendance (None: none given), all in one transaction: one bad
        item and nothing is written. Each meeting gets its audit record."""
        ids: list[int] = []
        with self.writing(CHANGE) as s:
            for data, marks in items:
                values = self._valid(s, data, None)
                record = self._insert(s, values, action="导入组织生活", summary=f"导入组织生活：{who(values)}")
                if marks:
                    if record.held_on > dt.date.today():
                        raise ValidationError(f"{who(record)}还没有召开，不能登记出席情况", field="出席情况")
                    rows = self._checked_marks(s, record, marks)
                    s.execute(insert(OrgAttendance), rows)
                ids.append(int(record.id))
            recount(s, ids)
        return ids

    def _checked_marks(self, s: Session, record: OrgMeeting, marks: Mapping[int, tuple[str, str]]) -> list[dict]:
        allowed = {i for i, _n in self._roster(s, record.org_id)}
        allowed |= set(s.scalars(select(OrgAttendance.member_id).where(OrgAttendance.meeting_id == record.id)))
        rows = []
        for member_id, (status, reason) in marks.items():
            if member_id not in allowed:
                raise ValidationError(f"{who(record)}：所选党员不在本组织的名册上，请刷新后重选", field="出席情况")
            if status not in ATTENDANCE:
                raise ValidationError(f"出席情况“{str(status)[:10]}”不对，应为出席、请假或缺席", field="出席情况")
            text = " ".join(str(reason or "").split())
            if len(text) > REASON_MAX:
                raise ValidationError(f"请假事由“{text[:20]}…”过长（最多{REASON_MAX}个字）", field="请假事由")
            rows.append({"meeting_id": record.id, "member_id": member_id, "status": status,
                         "reason": text if status == Attendance.LEAVE else ""})
        return rows

    # ---- counts (figures, the schedule) --------------------------------------------------
    def count_kinds(self, org_id: int | None, start: dt.date, end: dt.date, kinds: set[str]) -> int:
        q = select(func.count()).select_from(OrgMeeting).where(
            OrgMeeting.held_on.between(start, end), OrgMeeting.kind.in_(sorted(kinds)))
        if org_id is not None:
            q = q.where(OrgMeeting.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            return s.scalar(q) or 0

    def attendance_totals(self, org_id: int | None, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(present, expected) over the meetings held in [start, end]."""
        m = OrgMeeting
        q = (select(func.coalesce(func.sum(m.present_count), 0),
                    func.coalesce(func.sum(m.present_count + m.leave_count + m.absent_count), 0))
             .where(m.held_on.between(start, end)))
        if org_id is not None:
            q = q.where(m.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            present, expected = s.execute(q).one()
            return int(present or 0), int(expected or 0)


def recount(s: Session, meeting_ids: list[int]) -> None:
    """The meetings' attendance counts recounted from their attendance rows (inside the write
    that changed them)."""
    table = table_of(OrgMeeting)
    for start in range(0, len(meeting_ids), 500):
        chunk = meeting_ids[start:start + 500]
        found = {int(i): (int(p), int(lv), int(a)) for i, p, lv, a in s.execute(
            select(OrgAttendance.meeting_id, counted(Attendance.PRESENT), counted(Attendance.LEAVE),
                   counted(Attendance.ABSENT)).where(OrgAttendance.meeting_id.in_(chunk))
            .group_by(OrgAttendance.meeting_id))}
        s.connection().execute(
            table.update().where(table.c.id == bindparam("mid")).values(
                present_count=bindparam("p"), leave_count=bindparam("lv"), absent_count=bindparam("a")),
            [{"mid": i, "p": found.get(i, (0, 0, 0))[0], "lv": found.get(i, (0, 0, 0))[1],
              "a": found.get(i, (0, 0, 0))[2]} for i in chunk])
