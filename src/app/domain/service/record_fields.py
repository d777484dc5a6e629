"""The fields of a service activity and of a service record (志愿服务记录), declared once.

Times of day are kept as "HH:MM" text; the hours of a record are tenths of an hour. How a
record moves (待确认 → 已确认, or 已退回; a confirmed record corrected by a new version) is
the service's; those columns are state, audited under the labels below.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.domain.cobuild.fields import clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.spec import RecordSpec, Values
from app.domain.service.fields import POST_CATEGORIES
from app.domain.service.hours import parse_clock

SERVICE_CATEGORIES = POST_CATEGORIES


class RecordStatus(StrEnum):
    PENDING = "待确认"
    CONFIRMED = "已确认"
    RETURNED = "已退回"
    CORRECTED = "已更正"  # a confirmed record replaced by a confirmed correction; kept, never counted


def clean_clock(f: Field, value: Any) -> str:
    t = parse_clock(value, f.label)
    return "" if t is None else f"{t.hour:02d}:{t.minute:02d}"


def _time_order(values: Values, fields: tuple[Field, ...]) -> list[ValidationError]:
    found = missing_required(fields, values)
    start, end = values.get("start_time") or "", values.get("end_time") or ""
    if bool(start) != bool(end):
        found.append(ValidationError("开始时间和结束时间须同时填写，或都不填", field="end_time"))
    elif start and end <= start:
        found.append(ValidationError(f"结束时间{end}不晚于开始时间{start}，请核对", field="end_time"))
    return found


def _activity_rules(values: Values) -> list[ValidationError]:
    found = _time_order(values, ACTIVITY_FIELDS)
    cap = values.get("capacity")
    if cap is not None and not 0 < cap <= 100_000:
        found.append(ValidationError(f"人数上限“{cap}”应为正整数（不填为不限）", field="capacity"))
    return found


def _record_rules(values: Values) -> list[ValidationError]:
    found = _time_order(values, RECORD_FIELDS)
    if not found and values.get("hours") is None and not values.get("start_time"):
        found.append(ValidationError("请填写服务时长，或填写开始和结束时间", field="hours"))
    served = values.get("served_people")
    if served is not None and not 0 <= served <= 100_000:
        found.append(ValidationError(f"服务群众人次“{served}”应为0或正整数", field="served_people"))
    return found


F = Field
_START = F("start_time", "开始时间", Kind.TEXT, False, ("开始", "签到时间", "起始时间"), clean=clean_clock,
           max_length=5, width=6, placeholder="9:00")
_END = F("end_time", "结束时间", Kind.TEXT, False, ("结束", "签退时间", "终止时间"), clean=clean_clock,
         max_length=5, width=6, placeholder="11:30")

ACTIVITY_FIELDS: tuple[Field, ...] = (
    F("title", "活动名称", Kind.TEXT, True, ("名称", "活动"), clean=clean_title, max_length=60, width=22),
    F("category", "服务类别", Kind.TEXT, True, ("类别",), SERVICE_CATEGORIES, clean=clean_title, max_length=20,
      width=10),
    F("org_id", "所属社区", Kind.ORG, True, ("社区",), width=14, ref="org"),
    F("held_on", "活动日期", Kind.DATE, True, ("日期",), width=11),
    _START,
    _END,
    F("place", "地点", Kind.TEXT, False, ("活动地点",), clean=clean_title, max_length=60, width=14),
    F("organiser", "组织者", Kind.TEXT, False, ("组织单位", "负责人"), clean=clean_title, max_length=40, width=10),
    F("team_id", "服务队伍", Kind.REF, False, ("队伍",), width=14, ref="team"),
    F("capacity", "人数上限", Kind.INT, False, ("招募人数",), width=6),
    F("list_item_id", "对应共建事项", Kind.REF, False, ("共建项目", "群众需求"), width=16, ref="list_item"),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=16),
)
ACTIVITY_SPEC = RecordSpec(key="service_activity", noun="服务活动", measure="次", fields=ACTIVITY_FIELDS,
                           change=Change.SERVICE, title="title", rules=_activity_rules)

RECORD_FIELDS: tuple[Field, ...] = (
    F("volunteer_id", "志愿者", Kind.REF, True, ("姓名", "服务人"), width=8, ref="volunteer"),
    F("org_id", "记录社区", Kind.ORG, True, ("社区",), width=14, ref="org"),
    F("served_on", "服务日期", Kind.DATE, True, ("日期",), width=11),
    _START,
    _END,
    F("hours", "服务时长", Kind.HOURS, False, ("时长", "小时数", "服务小时"), width=6,
      help="不填时按开始和结束时间计算"),
    F("content", "服务内容", Kind.LONG_TEXT, True, ("内容", "做了什么"), max_length=500, width=28),
    F("category", "服务类别", Kind.TEXT, False, ("类别",), SERVICE_CATEGORIES, clean=clean_title, max_length=20,
      width=10),
    F("activity_id", "服务活动", Kind.REF, False, ("活动",), width=16, ref="service_activity"),
    F("served_people", "服务群众人次", Kind.INT, False, ("服务人次", "受益人次"), width=6),
    F("hours_reason", "时长调整原因", Kind.TEXT, False, ("调整原因",), clean=clean_title, max_length=100,
      width=14, help="服务时长与开始、结束时间不一致时须写明原因（如扣除路途、休息）"),
)
RECORD_SPEC = RecordSpec(
    key="service_record", noun="服务记录", measure="条", fields=RECORD_FIELDS, change=Change.SERVICE,
    title="content", rules=_record_rules,
    state_labels={"status": "状态", "confirmed_by": "确认人", "confirmed_at": "确认时间",
                  "return_reason": "退回原因", "replaces_id": "更正的记录", "correction_reason": "更正原因",
                  "team_id": "服务队伍", "unit_id": "报到单位"},
)
