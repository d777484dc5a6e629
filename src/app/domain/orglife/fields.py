"""The fields of a meeting or lesson of organisation life, declared once."""

from __future__ import annotations

import datetime as dt

from app.domain.cobuild.fields import clean_person, clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.spec import RecordSpec, Values
from app.domain.kit.text import cn_date
from app.domain.orglife.kinds import KINDS, MeetingKind
from app.domain.service.record_fields import clean_clock

EARLIEST = dt.date(2000, 1, 1)
PLAN_AHEAD_DAYS = 366  # a meeting may be planned up to a year ahead


def meeting_problems(values: Values, today: dt.date | None = None) -> list[ValidationError]:
    found = missing_required(ORGLIFE_FIELDS, values)
    held = values.get("held_on")
    day = today or dt.date.today()
    if held is not None and held < EARLIEST:
        found.append(ValidationError(f"日期{cn_date(held)}太早，请核对", field="held_on"))
    if held is not None and held > day + dt.timedelta(days=PLAN_AHEAD_DAYS):
        found.append(ValidationError(f"日期{cn_date(held)}是一年以后，请核对（可以提前登记计划召开的会议，但不超过一年）",
                                     field="held_on"))
    if values.get("kind") == MeetingKind.LESSON and not values.get("topic"):
        found.append(ValidationError("党课须填写主题", field="topic"))
    return found


F = Field
ORGLIFE_FIELDS: tuple[Field, ...] = (
    F("org_id", "党组织", Kind.ORG, True, ("党支部", "支部", "所在党支部", "组织"), width=16, ref="org"),
    F("kind", "会议类型", Kind.CHOICE, True, ("类型", "类别", "会议类别", "组织生活类型"), KINDS, max_length=10, width=10),
    F("held_on", "日期", Kind.DATE, True, ("会议日期", "召开日期", "开展日期"), width=11),
    F("start_time", "时间", Kind.TEXT, False, ("开始时间", "召开时间"), clean=clean_clock, max_length=5, width=6,
      placeholder="9:00"),
    F("place", "地点", Kind.TEXT, False, ("会议地点", "开展地点"), clean=clean_title, max_length=60, width=16),
    F("host", "主持人", Kind.TEXT, False, ("主持",), clean=clean_person, max_length=30, width=8),
    F("speaker", "主讲人", Kind.TEXT, False, ("授课人", "讲课人"), clean=clean_person, max_length=30, width=8,
      help="党课的主讲人"),
    F("topic", "主题", Kind.TEXT, False, ("议题", "会议主题", "党课主题", "内容"), clean=clean_title, max_length=100,
      width=24),
    F("minutes", "会议记录", Kind.LONG_TEXT, False, ("记录", "会议纪要", "纪要"), max_length=20000, width=40),
    F("decisions", "会议决定", Kind.LONG_TEXT, False, ("决定", "决议", "会议决议"), max_length=5000, width=30),
)

ORGLIFE_SPEC = RecordSpec(
    key="orglife_meeting", noun="组织生活", measure="次", fields=ORGLIFE_FIELDS, change=Change.ORGLIFE,
    title="topic", rules=meeting_problems,
)


def describe(kind: str, held_on: dt.date | None, topic: str = "") -> str:
    """2026年3月5日支部党员大会“学习二十届三中全会精神”"""
    day = cn_date(held_on) if held_on else ""
    return f"{day}{kind}" + (f"“{topic[:30]}”" if topic else "")
