"""What a service record is checked against before it is saved: its fields (the spec), the
hours from its times, the volunteer, the activity, and the person's other records (no more than
24 hours a day, no overlaps: app.domain.service.records). Also where it counts: the activity's
team, and the unit an in-service member reported from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Organization, ServiceActivity, ServiceRecord, ServiceReport, Volunteer
from app.domain.kit.errors import ValidationError
from app.domain.service.hours import format_hours, hours_between
from app.domain.service.record_fields import RECORD_SPEC, RecordStatus
from app.domain.service.records import ServiceEntry, check_entry, check_person, describe_entry
from app.services.service.rows import RecordInput

# Records that no longer stand: left out of the daily total and the overlap checks.
NOT_STANDING = (RecordStatus.RETURNED.value, RecordStatus.CORRECTED.value)


def _clock(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def entry_of(values: dict[str, Any], ref: str = "", key: Any = None) -> ServiceEntry:
    day = values["served_on"]
    start = end = None
    if values.get("start_time") and values.get("end_time"):
        start = dt.datetime.combine(day, _clock(values["start_time"]))
        end = dt.datetime.combine(day, _clock(values["end_time"]))
    return ServiceEntry(day, values.get("hours") or 0, values.get("content") or "", start, end, ref, key)


def clean_record(data: RecordInput, who: str = "") -> dict[str, Any]:
    """The record's clean values with its hours (from the times when not typed); raises the
    first problem, naming the record (or ``who``: 第5行)."""
    raw = asdict(data)
    if isinstance(raw.get("hours"), int) and not isinstance(raw["hours"], bool):
        raw["hours"] = str(raw["hours"])  # a whole number of hours as typed
    values, found = RECORD_SPEC.problems(raw)
    name = who or "服务记录"
    if found:
        raise ValidationError(f"{name}：{found[0].message}", field=found[0].field)
    if values["start_time"]:
        computed = hours_between(_clock(values["start_time"]), _clock(values["end_time"]))
        if values["hours"] is None:
            values["hours"] = computed
        elif values["hours"] > computed:
            raise ValidationError(f"{name}：记了{format_hours(values['hours'])}小时，超过了从开始到结束的时间"
                                  f"（{format_hours(computed)}小时）", field="hours")
        elif values["hours"] != computed and not values["hours_reason"]:
            raise ValidationError(
                f"{name}：服务时长{format_hours(values['hours'])}小时与开始、结束时间算出的"
                f"{format_hours(computed)}小时不一致，请写明调整原因（如扣除路途、休息）", field="hours_reason")
    problems = check_entry(entry_of(values), dt.date.today())
    if problems:
        reason = problems[0].message.removeprefix(describe_entry(entry_of(values))).lstrip("的")
        raise ValidationError(f"{name}：{reason}", field="served_on")
    return values


def resolve(s: Session, values: dict[str, Any], who: str = "") -> dict[str, Any]:
    """The volunteer, organisation and activity exist; adds the team and the unit it counts for."""
    name = who or "服务记录"
    for key in ("volunteer_id", "org_id", "activity_id"):
        if values.get(key) is not None and not isinstance(values[key], int):
            raise ValidationError(f"{name}：{RECORD_SPEC.label(key)}“{values[key]}”须先在台账中找到", field=key)
    person = s.get(Volunteer, values["volunteer_id"])
    if person is None:
        raise ValidationError(f"{name}：找不到所选志愿者，请刷新后重选", field="volunteer_id")
    if s.get(Organization, values["org_id"]) is None:
        raise ValidationError(f"{name}：找不到记录社区，请刷新后重选", field="org_id")
    team_id = None
    if values.get("activity_id") is not None:
        activity = s.get(ServiceActivity, values["activity_id"])
        if activity is None:
            raise ValidationError(f"{name}：找不到所选服务活动，请刷新后重选", field="activity_id")
        team_id = activity.team_id
        values["category"] = values["category"] or activity.category
    unit_id = None
    if person.member_id is not None:
        unit_id = s.scalar(select(ServiceReport.unit_id).where(ServiceReport.member_id == person.member_id))
    return {**values, "team_id": team_id, "unit_id": unit_id}


def standing_entries(s: Session, volunteer_ids: Iterable[int], first: dt.date, last: dt.date,
                     skip: Sequence[int] = ()) -> dict[int, list[ServiceEntry]]:
    """The people's standing records from ``first`` to ``last`` (a day either side), as entries."""
    out: dict[int, list[ServiceEntry]] = {}
    ids = sorted(set(volunteer_ids))
    for start in range(0, len(ids), 500):
        stmt = (select(ServiceRecord.volunteer_id, ServiceRecord.id, ServiceRecord.served_on,
                       ServiceRecord.start_time, ServiceRecord.end_time, ServiceRecord.hours, ServiceRecord.content)
                .where(ServiceRecord.volunteer_id.in_(ids[start:start + 500]),
                       ServiceRecord.served_on.between(first - dt.timedelta(days=1), last + dt.timedelta(days=1)),
                       ServiceRecord.status.not_in(NOT_STANDING)))
        if skip:
            stmt = stmt.where(ServiceRecord.id.not_in(list(skip)))
        for vid, rid, day, st, en, hours, content in s.execute(stmt):
            values = {"served_on": day, "start_time": st, "end_time": en, "hours": hours, "content": content}
            out.setdefault(vid, []).append(entry_of(values, f"第{rid}号记录", rid))
    return out


def check_against_others(s: Session, batch: Sequence[tuple[dict[str, Any], str]], today: dt.date,
                         skip: Sequence[int] = ()) -> None:
    """Every record of ``batch`` (values, how it is named) against the person's standing records
    and the batch's others; raises one ValidationError with every problem, one a line."""
    if not batch:
        return
    days = [v["served_on"] for v, _ in batch]
    existing = standing_entries(s, (v["volunteer_id"] for v, _ in batch), min(days), max(days), skip)
    new: dict[int, list[ServiceEntry]] = {}
    for values, ref in batch:
        new.setdefault(values["volunteer_id"], []).append(entry_of(values, ref))
    messages: list[str] = []
    for vid, entries in new.items():
        for problem in check_person([*existing.get(vid, []), *entries], today):
            if any(e is x for e in problem.entries for x in entries) and problem.message not in messages:
                messages.append(problem.message)
    if messages:
        raise ValidationError("\n".join(messages[:20]) + (f"\n……共{len(messages)}个问题" if len(messages) > 20 else ""),
                              field="served_on")
