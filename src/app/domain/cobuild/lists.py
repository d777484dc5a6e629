"""The three lists (需求清单 / 资源清单 / 项目清单) and how an item moves along them.

An item is raised (待认领), claimed by a unit, a branch or an in-service member (已认领), put
into practice (实施中) and finished (已完成) with its outcome and the people served; or it is
cancelled (已取消) with a reason. A claim made by mistake may be handed back (退回认领). Each
step has its day, never before the step before it and never after today. An item whose
deadline has passed while it is neither finished nor cancelled is overdue.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date

NEEDS, RESOURCES, PROJECTS = "需求清单", "资源清单", "项目清单"
LIST_KINDS = (NEEDS, RESOURCES, PROJECTS)
# The service-post categories of in-service members' reporting, and 城市建设 for the
# 党建+项目建设 items (党建引领建设项目); offices may type their own.
CITY_BUILDING = "城市建设"
CATEGORIES = ("组织建设", "法律援助", "助困扶残就业", "社区治理", "健康医疗", "文体", "安全宣传巡逻",
              CITY_BUILDING, "其他")
CLAIMANT_KINDS = ("单位", "党组织", "党员")


class ItemStatus(StrEnum):
    OPEN = "待认领"
    CLAIMED = "已认领"
    UNDER_WAY = "实施中"
    DONE = "已完成"
    CANCELLED = "已取消"


class Step(StrEnum):
    CLAIM = "认领"
    RELEASE = "退回认领"
    START = "开始实施"
    COMPLETE = "完成"
    CANCEL = "取消"


# What each step needs and where it leads.
MOVES: dict[Step, tuple[frozenset[ItemStatus], ItemStatus]] = {
    Step.CLAIM: (frozenset({ItemStatus.OPEN}), ItemStatus.CLAIMED),
    Step.RELEASE: (frozenset({ItemStatus.CLAIMED}), ItemStatus.OPEN),
    Step.START: (frozenset({ItemStatus.CLAIMED}), ItemStatus.UNDER_WAY),
    Step.COMPLETE: (frozenset({ItemStatus.UNDER_WAY}), ItemStatus.DONE),
    Step.CANCEL: (frozenset({ItemStatus.OPEN, ItemStatus.CLAIMED, ItemStatus.UNDER_WAY}), ItemStatus.CANCELLED),
}
FINAL = frozenset({ItemStatus.DONE, ItemStatus.CANCELLED})
# The day column each status is reached on.
DAY_OF = {ItemStatus.CLAIMED: "claimed_on", ItemStatus.UNDER_WAY: "started_on", ItemStatus.DONE: "done_on",
          ItemStatus.CANCELLED: "cancelled_on"}
_NEXT_HINT = {
    ItemStatus.OPEN: "请先认领",
    ItemStatus.CLAIMED: "请先开始实施",
    ItemStatus.UNDER_WAY: "可以登记完成或取消",
    ItemStatus.DONE: "已完成的事项只能查看",
    ItemStatus.CANCELLED: "已取消的事项只能查看",
}


def next_status(status: str, step: Step) -> ItemStatus:
    """Where ``step`` takes an item in ``status``; a step that cannot happen is refused."""
    current = ItemStatus(status)
    allowed, target = MOVES[step]
    if current not in allowed:
        raise ValidationError(f"“{current.value}”的事项不能{step.value}，{_NEXT_HINT[current]}", field="状态")
    return target


def check_step_day(day: dt.date | None, previous: dt.date | None, step: Step, today: dt.date,
                   previous_label: str = "上一步") -> dt.date:
    if day is None:
        raise ValidationError(f"请填写{step.value}日期", field=f"{step.value}日期")
    if day > today:
        raise ValidationError(f"{step.value}日期{cn_date(day)}晚于今天，请核对", field=f"{step.value}日期")
    if previous is not None and day < previous:
        raise ValidationError(
            f"{step.value}日期{cn_date(day)}早于{previous_label}{cn_date(previous)}，请核对", field=f"{step.value}日期")
    return day


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    return deadline is not None and deadline < today and ItemStatus(status) not in FINAL


def claimant_kind(unit_id: int | None, org_id: int | None, member_id: int | None) -> str:
    """Exactly one claimant: a unit, a branch (an organisation) or an in-service member."""
    given = [k for k, v in zip(CLAIMANT_KINDS, (unit_id, org_id, member_id), strict=True) if v is not None]
    if len(given) != 1:
        raise ValidationError("认领须选择一个认领方：一个单位、一个党组织或一名党员", field="认领方")
    return given[0]


def served_count(value: object) -> int:
    """People served, as typed on completion: a whole number, 0 or more."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("请填写服务人数（没有可填0）", field="服务人数")
    try:
        number = int(str(value).strip().removesuffix("人").removesuffix("人次"))
    except ValueError as exc:
        raise ValidationError(f"服务人数“{str(value)[:20]}”应为整数", field="服务人数") from exc
    if not 0 <= number <= 10_000_000:
        raise ValidationError(f"服务人数“{number}”不对，应为0或正整数", field="服务人数")
    return number
