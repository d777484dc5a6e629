"""Joining the Party (发展党员): the stages, their dates and the rules between them (pure).

入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员 (发展党员工作细则, 2014). Each stage has
a date. Absolute rules refuse (``problems``): an applicant under eighteen, a date in the future,
a stage without the one before it, a date earlier than the stage before. The waiting times are
rules with warnings (``warnings``): a year as an 积极分子 before becoming a 发展对象, a year of
预备期 before becoming a full member; the user reads them and confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date

MIN_AGE = 18
APPLICANT, ACTIVIST, TARGET, PROBATIONARY, FULL = STAGES = (
    "入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员")
# The date field of each stage, in pipeline order.
STAGE_DATES: tuple[tuple[str, str], ...] = (
    (APPLICANT, "applied_on"), (ACTIVIST, "activist_on"), (TARGET, "target_on"),
    (PROBATIONARY, "admitted_on"), (FULL, "full_on"))
DATE_LABELS: dict[str, str] = {
    "applied_on": "入党申请日期", "activist_on": "确定为积极分子日期", "target_on": "确定为发展对象日期",
    "admitted_on": "接收为预备党员日期", "full_on": "转为正式党员日期"}
DATE_OF_STAGE = dict(STAGE_DATES)
# Stages an import or a new record may start at; the last two go through 推进 (they make or
# change a member record).
ENTRY_STAGES = STAGES[:3]


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later; 29 February's year ends on 1 March (as ages count)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 3, 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def stage_of(values: Mapping[str, Any]) -> str:
    """The furthest stage whose date is filled (入党申请人 when none is)."""
    stage = APPLICANT
    for name, key in STAGE_DATES:
        if values.get(key):
            stage = name
    return stage


def next_stage(stage: str) -> str | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def problems(values: Mapping[str, Any], today: dt.date | None = None) -> list[ValidationError]:
    """The absolute rules of one candidate's dates (each problem names its field)."""
    today = today or dt.date.today()
    found: list[ValidationError] = []
    applied, birth = values.get("applied_on"), values.get("birth_date")
    if not applied:
        found.append(ValidationError("请填写入党申请日期", field="applied_on"))
    elif birth and age_on(birth, applied) < MIN_AGE:
        found.append(ValidationError(
            f"入党申请日期{cn_date(applied)}时未满{MIN_AGE}周岁（出生于{cn_date(birth)}），"
            f"党章规定年满十八岁方可申请入党", field="applied_on"))
    previous: tuple[str, dt.date | None] = ("", None)
    gap = ""
    for _stage, key in STAGE_DATES:
        day = values.get(key)
        label = DATE_LABELS[key]
        if not day:
            gap = gap or key
            continue
        if day > today:
            found.append(ValidationError(f"{label}{cn_date(day)}晚于今天，请核对", field=key))
        if gap:
            found.append(ValidationError(f"填写了{label}，但还没有{DATE_LABELS[gap]}，各阶段须依次办理", field=gap))
        elif previous[1] is not None and day < previous[1]:
            found.append(ValidationError(
                f"{label}{cn_date(day)}早于{DATE_LABELS[previous[0]]}{cn_date(previous[1])}，请核对", field=key))
        previous = (key, day)
    for key in ("training_on", "review_on"):
        day = values.get(key)
        if day and day > today:
            found.append(ValidationError(f"{_EXTRA_LABELS[key]}{cn_date(day)}晚于今天，请核对", field=key))
    return found


_EXTRA_LABELS = {"training_on": "培训结业日期", "review_on": "政治审查日期"}


def warnings(values: Mapping[str, Any]) -> list[str]:
    """The waiting times and what a stage normally needs: shown, confirmed, not refused."""
    out: list[str] = []
    activist, target = values.get("activist_on"), values.get("target_on")
    if activist and target and target < one_year_after(activist):
        out.append(f"确定为积极分子（{cn_date(activist)}）到确定为发展对象（{cn_date(target)}）不满一年"
                   f"（按规定须经一年以上培养教育，最早{cn_date(one_year_after(activist))}）")
    admitted, full = values.get("admitted_on"), values.get("full_on")
    if admitted and full and full < one_year_after(admitted):
        out.append(f"预备期（{cn_date(admitted)}起）到转为正式党员（{cn_date(full)}）不满一年"
                   f"（预备期为一年，最早{cn_date(one_year_after(admitted))}期满）")
    if admitted:
        if not values.get("review_on"):
            out.append("尚未记录政治审查（日期）")
        if not values.get("training_on"):
            out.append("尚未记录集中培训（结业日期）")
    return out


def introducer_problems(introducers: list[tuple[str, str, str] | None], candidate_id_number: str = "",
                        numbers: tuple[str, ...] = ()) -> list[ValidationError]:
    """Two 入党介绍人, both full members on the roll. ``introducers`` holds for each chosen one
    (name, 人员类别, 状态) or None when the choice was not found on the roster; ``numbers`` their ID
    numbers (to tell one of them is the candidate)."""
    found: list[ValidationError] = []
    keys = ("introducer1_id", "introducer2_id")
    if len(introducers) < 2:
        return [ValidationError("接收为预备党员须有两名入党介绍人", field=keys[len(introducers)])]
    for key, who in zip(keys, introducers, strict=False):
        if who is None:
            found.append(ValidationError("入党介绍人须从党员名册中选择（找不到所选党员）", field=key))
            continue
        name, member_type, status = who
        if status != "在册":
            found.append(ValidationError(f"入党介绍人“{name}”{status}，请另选", field=key))
        elif member_type != "正式党员":
            found.append(ValidationError(f"入党介绍人“{name}”是{member_type or '未登记类别的党员'}，"
                                         "入党介绍人须由正式党员担任", field=key))
    if numbers and len(numbers) == 2 and numbers[0] and numbers[0] == numbers[1]:
        found.append(ValidationError("两名入党介绍人不能是同一人", field=keys[1]))
    if candidate_id_number and candidate_id_number in numbers:
        found.append(ValidationError("本人不能担任自己的入党介绍人", field=keys[0]))
    return found
