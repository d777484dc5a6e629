"""The kinds of organisation life, how often each is due (a setting), and the 民主评议 results."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from app.domain.kit.errors import ValidationError


class MeetingKind(StrEnum):
    GENERAL = "支部党员大会"
    COMMITTEE = "支部委员会"
    GROUP = "党小组会"
    LESSON = "党课"
    THEME_DAY = "主题党日"
    LIFE = "组织生活会"
    APPRAISAL = "民主评议党员"
    OTHER = "其他"


KINDS: tuple[str, ...] = tuple(k.value for k in MeetingKind)
# 三会一课: the three meetings and the lesson ({三会一课次数}).
SANHUI_YIKE = frozenset({MeetingKind.GENERAL, MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.LESSON})


class Frequency(StrEnum):
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    HALF_YEARLY = "每半年"
    YEARLY = "每年"
    NONE = "不要求"


FREQUENCIES: tuple[str, ...] = tuple(f.value for f in Frequency)
MONTHS_OF = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}

# DOMAIN.md: 党员大会 about once a quarter, 支部委员会 and 党小组会 about once a month, 党课 at least
# once a quarter, 主题党日 monthly; 组织生活会 and 民主评议党员 once a year.
DEFAULT_FREQUENCIES: dict[str, str] = {
    MeetingKind.GENERAL: Frequency.QUARTERLY, MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY, MeetingKind.LESSON: Frequency.QUARTERLY,
    MeetingKind.THEME_DAY: Frequency.MONTHLY, MeetingKind.LIFE: Frequency.YEARLY,
    MeetingKind.APPRAISAL: Frequency.YEARLY,
}


def frequencies(setting: Mapping[str, Any] | None) -> dict[MeetingKind, Frequency]:
    """The setting read over the defaults; a kind the setting names wrongly keeps its default."""
    out = {MeetingKind(k): Frequency(v) for k, v in DEFAULT_FREQUENCIES.items()}
    for key, value in (setting or {}).items():
        if key in KINDS and value in FREQUENCIES:
            out[MeetingKind(key)] = Frequency(value)
    return out


def checked_frequencies(setting: Mapping[str, Any]) -> dict[str, str]:
    """A setting as the user gave it, refused with the kind named if a value is unknown."""
    out: dict[str, str] = {}
    for key, value in setting.items():
        if key not in KINDS:
            raise ValidationError(f"没有“{str(key)[:20]}”这种组织生活", field="组织生活频次")
        if value not in FREQUENCIES:
            raise ValidationError(f"{key}的频次“{str(value)[:20]}”不对，应为：{'、'.join(FREQUENCIES)}",
                                  field="组织生活频次")
        out[key] = value
    return out


class Attendance(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


ATTENDANCE: tuple[str, ...] = tuple(a.value for a in Attendance)


class Result(StrEnum):
    EXCELLENT = "优秀"
    PASS = "合格"
    BASIC = "基本合格"
    FAIL = "不合格"


RESULTS: tuple[str, ...] = tuple(r.value for r in Result)
