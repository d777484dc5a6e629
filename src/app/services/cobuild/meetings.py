"""Joint meetings (联席会): date, place, host, the units and people attending, agenda, minutes
and decisions; a decision can become a project on the 项目清单."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Decision, Meeting, MeetingUnit, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild.lists import PROJECTS, ItemStatus
from app.domain.cobuild.meeting_fields import DEFAULT_TITLE, MEETING_SPEC
from app.domain.kit.errors import NotFoundError, ValidationError
from app.domain.kit.text import cn_date
from app.services.cobuild.people import check_refs
from app.services.kit.records import AnySelect, RecordService
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = MEETING_SPEC.change


@dataclass(frozen=True)
class MeetingInput:
    org_id: int | None
    held_on: dt.date | None
    title: str = ""
    place: str = ""
    host: str = ""
    attendees: str = ""
    agenda: str = ""
    minutes: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class MeetingQuery:
    """The 联席会 page's search: the subtree of ``org_id``, a year, words in the title, place,
    host or agenda; always newest first (``sort`` and ``descending`` for the table kit)."""

    org_id: int | None = None
    year: int | None = None
    text: str = ""
    sort: str = "held_on"
    descending: bool = True


@dataclass(frozen=True)
class MeetingRow:
    id: int
    uuid: str
    org_id: int
    title: str
    held_on: dt.date | None
    place: str
    host: str
    attendees: str
    agenda: str
    minutes: str
    remarks: str
    updated_at: dt.datetime | None
    org_name: str
    unit_count: int
    decision_count: int

    def as_input(self) -> MeetingInput:
        return MeetingInput(**{f.name: getattr(self, f.name) for f in fields(MeetingInput)})


@dataclass(frozen=True)
class DecisionRow:
    id: int
    meeting_id: int
    content: str
    item_id: int | None  # the project it became


def who(record: Meeting | dict) -> str:
    held = record["held_on"] if isinstance(record, dict) else record.held_on
    title = record["title"] if isinstance(record, dict) else record.title
    return f"{cn_date(held)}{title}" if held else title


class MeetingService(RecordService[MeetingRow]):
    spec = MEETING_SPEC
    model = Meeting
    row_type = MeetingRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        from app.db.models import Organization

        units = select(func.count()).select_from(MeetingUnit).where(MeetingUnit.meeting_id == Meeting.id)
        decisions = select(func.count()).select_from(Decision).where(Decision.meeting_id == Meeting.id)
        return (select(Meeting, Organization.name, units.scalar_subquery(), decisions.scalar_subquery())
                .join(Organization, Organization.id == Meeting.org_id).where(Meeting.id.in_(ids)))

    def ids_in(self, org_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
               text: str = "") -> list[int]:
        """Meetings of the subtree, held within [start, end] when given, with ``text`` in the
        title, place, host or agenda when given, latest first."""
        q = select(Meeting.id)
        words = text.strip().replace("%", "").replace("_", "")
        if words:
            like = f"%{words}%"
            q = q.where(or_(Meeting.title.like(like), Meeting.place.like(like), Meeting.host.like(like),
                            Meeting.agenda.like(like)))
        if org_id is not None:
            q = q.where(Meeting.org_id.in_(subtree_select(org_id)))
        if start is not None:
            q = q.where(Meeting.held_on >= start)
        if end is not None:
            q = q.where(Meeting.held_on <= end)
        with self.reading() as s:
            return list(s.scalars(q.order_by(Meeting.held_on.desc(), Meeting.id.desc())))

    def search_ids(self, query: MeetingQuery) -> list[int]:
        start = dt.date(query.year, 1, 1) if query.year else None
        end = dt.date(query.year, 12, 31) if query.year else None
        return self.ids_in(query.org_id, start, end, query.text)

    def units(self, meeting_id: int) -> list[tuple[int, str]]:
        with self.reading() as s:
            q = (select(Unit.id, Unit.name).join(MeetingUnit, MeetingUnit.unit_id == Unit.id)
                 .where(MeetingUnit.meeting_id == meeting_id).order_by(Unit.name_pinyin, Unit.id))
            return [(i, n) for i, n in s.execute(q)]

    def decisions(self, meeting_id: int) -> list[DecisionRow]:
        with self.reading() as s:
            q = select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.sort_order, Decision.id)
            return [DecisionRow(d.id, d.meeting_id, d.content, d.item_id) for d in s.scalars(q)]

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: MeetingInput, unit_ids: Sequence[int] = ()) -> MeetingRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, None)
            record = self._insert(s, values, summary=f"新增联席会“{who(values)}”")
            self._set_units(s, record, unit_ids)
        return self.get(record.id)

    def update(self, meeting_id: int, data: MeetingInput, unit_ids: Sequence[int] | None = None) -> MeetingRow:
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            values = self._valid(s, data, record)
            self._update(s, record, values, summary=f"修改联席会“{who(values)}”")
            if unit_ids is not None:
                self._set_units(s, record, unit_ids)
        return self.get(meeting_id)

    def add_decision(self, meeting_id: int, content: str) -> DecisionRow:
        text = (content or "").strip()
        if not text:
            raise ValidationError("会议决定不能为空", field="会议决定")
        if len(text) > 1000:
            raise ValidationError("会议决定过长（最多1000个字）", field="会议决定")
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            last = s.scalar(select(func.max(Decision.sort_order)).where(Decision.meeting_id == record.id))
            d = Decision(meeting_id=record.id, content=text, sort_order=(last or 0) + 1)
            s.add(d)
            s.flush()
            audit.append(s, self.actor.name, "新增会议决定", entity=MEETING_SPEC.key, entity_id=record.id,
                         summary=f"联席会“{who(record)}”决定：{text[:60]}")
            return DecisionRow(d.id, d.meeting_id, d.content, d.item_id)

    def decision_to_project(self, decision_id: int, *, title: str = "", category: str = "",
                            unit_id: int | None = None, deadline: dt.date | None = None) -> int:
        """The decision becomes a project on the 项目清单 (raised by the meeting, on its date);
        returns the new item's id."""
        from app.services.cobuild.list_rows import ListItemInput
        from app.services.cobuild.lists import ListService

        with self.writing(CHANGE) as s:
            d = s.get(Decision, decision_id)
            if d is None:
                raise NotFoundError("找不到这条会议决定，可能已被删除，请刷新")
            if d.item_id is not None:
                raise ValidationError("这条会议决定已经转为项目清单中的项目", field="会议决定")
            meeting = self._load(s, d.meeting_id)
            lists = self.alongside(ListService)
            data = ListItemInput(kind=PROJECTS, title=title or d.content[:60], org_id=meeting.org_id,
                                 category=category, description=d.content, unit_id=unit_id,
                                 raised_by=f"联席会（{cn_date(meeting.held_on)}）"[:60],
                                 raised_on=min(meeting.held_on or dt.date.today(), dt.date.today()),
                                 deadline=deadline)
            values = lists._valid(s, data, None)
            item = lists._insert(s, {**values, "status": ItemStatus.OPEN.value}, action="会议决定转为项目",
                                 summary=f"联席会“{who(meeting)}”的决定转为项目“{values['title']}”")
            d.item_id = item.id
            s.flush()
            return int(item.id)

    def remove(self, meeting_id: int) -> None:
        """A meeting entered by mistake (one whose decisions became projects stays)."""
        with self.writing(CHANGE) as s:
            record = self._load(s, meeting_id)
            made = s.scalar(select(func.count()).select_from(Decision).where(
                Decision.meeting_id == record.id, Decision.item_id.is_not(None))) or 0
            if made:
                raise ValidationError(f"联席会“{who(record)}”有{made}项决定已转为项目，不能删除", field="会议")
            values = {f.key: getattr(record, f.key) for f in MEETING_SPEC.fields}
            s.execute(delete(Decision).where(Decision.meeting_id == record.id))
            s.execute(delete(MeetingUnit).where(MeetingUnit.meeting_id == record.id))
            s.delete(record)
            self._audit(s, None, "删除联席会", meeting_id, f"删除联席会“{who(values)}”",
                        old=MEETING_SPEC.audit_values(values))

    def held_count(self, org_id: int | None, start: dt.date, end: dt.date) -> int:
        """Meetings held within [start, end] (for {联席会次数})."""
        return len(self.ids_in(org_id, start, end))

    # ---- internals -----------------------------------------------------------------------
    def _valid(self, s: Session, data: MeetingInput, current: Meeting | None) -> dict:
        values = MEETING_SPEC.checked(asdict(data))
        values["title"] = values["title"] or DEFAULT_TITLE
        check_refs(s, MEETING_SPEC, {**values, "name": values["title"]}, current=current)
        return values

    def _set_units(self, s: Session, record: Meeting, unit_ids: Sequence[int]) -> None:
        wanted = list(dict.fromkeys(unit_ids))
        names = {i: n for i, n in s.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted)))} if wanted else {}
        if any(u not in names for u in wanted):
            raise ValidationError("参会单位中有找不到的单位，请刷新后重选", field="参会单位")
        before = set(s.scalars(select(MeetingUnit.unit_id).where(MeetingUnit.meeting_id == record.id)))
        if before == set(wanted):
            return
        s.execute(delete(MeetingUnit).where(MeetingUnit.meeting_id == record.id))
        for unit_id in wanted:
            s.add(MeetingUnit(meeting_id=record.id, unit_id=unit_id))
        s.flush()
        audit.append(s, self.actor.name, "登记参会单位", entity=MEETING_SPEC.key, entity_id=record.id,
                     summary=f"联席会“{who(record)}”参会单位{len(wanted)}个",
                     new={"参会单位": "、".join(names[u] for u in wanted)})
