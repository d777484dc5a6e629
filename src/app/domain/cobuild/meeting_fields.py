"""The fields of a joint meeting (联席会), declared once."""

from __future__ import annotations

from app.domain.cobuild.fields import clean_person, clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.spec import RecordSpec, Values

DEFAULT_TITLE = "共驻共建联席会议"
MIN_PER_YEAR = 2  # joint meetings are held at least twice a year


def meeting_problems(values: Values) -> list[ValidationError]:
    return missing_required(MEETING_FIELDS, values)


F = Field
MEETING_FIELDS: tuple[Field, ...] = (
    F("title", "会议名称", Kind.TEXT, False, ("会议",), clean=clean_title, max_length=60, width=20,
      placeholder=DEFAULT_TITLE),
    F("org_id", "主办党组织", Kind.ORG, True, ("主办单位", "召集单位"), width=16, ref="org"),
    F("held_on", "会议日期", Kind.DATE, True, ("日期", "召开日期", "时间"), width=11),
    F("place", "地点", Kind.TEXT, False, ("会议地点",), clean=clean_title, max_length=60, width=16),
    F("host", "主持人", Kind.TEXT, False, (), clean=clean_person, max_length=30, width=8),
    F("attendees", "参会人员", Kind.LONG_TEXT, False, ("出席人员", "参加人员"), max_length=2000, width=30),
    F("agenda", "会议议题", Kind.LONG_TEXT, False, ("议题", "议程"), max_length=2000, width=30),
    F("minutes", "会议纪要", Kind.LONG_TEXT, False, ("纪要", "会议记录"), max_length=10000, width=40),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

MEETING_SPEC = RecordSpec(
    key="meeting", noun="联席会", measure="次", fields=MEETING_FIELDS, change=Change.COBUILD, title="title",
    rules=meeting_problems,
)
