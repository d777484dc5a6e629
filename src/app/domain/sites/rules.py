"""The rules of sites, the people who run the work, brands and grid visits — pure, no storage.

An area in m² is kept exactly, as integer hundredths (120.50 m² → 12050), never as a float. A
brand's steps run 品牌申报 → 组织实施 → 成果展示 → 评比验收, one after the other, none skipped, each
dated no earlier than the one before. A visit's follow-up is overdue once its due date has
passed without a done date.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date

if TYPE_CHECKING:
    from app.domain.kit.fields import Field

MAX_AREA_HUNDREDTHS = 100_000_000  # 1,000,000 m²: no community site is larger
_UNIT_WORDS = ("平方米", "平米", "㎡", "m²", "m2", "平")
BRAND_STEPS = ("品牌申报", "组织实施", "成果展示", "评比验收")
FIRST_YEAR = 1949


def parse_area(value: Any, label: str = "面积") -> int | None:
    """An area in m² to integer hundredths: 120、120.5、“120.50平方米”; at most two decimals."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValidationError(f"{label}应为数字（平方米）", field=label)
        return None
    if isinstance(value, float):
        value = repr(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace("，", "")
    for word in _UNIT_WORDS:
        text = text.removesuffix(word).strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{label}“{str(value)[:20]}”应为数字（平方米），如 120.5", field=label) from None
    if not number.is_finite():
        raise ValidationError(f"{label}“{str(value)[:20]}”应为数字（平方米）", field=label)
    if number < 0:
        raise ValidationError(f"{label}“{text[:20]}”不能为负数", field=label)
    hundredths = number * 100
    if hundredths != hundredths.to_integral_value():
        raise ValidationError(f"{label}“{text[:20]}”最多保留两位小数", field=label)
    if hundredths > MAX_AREA_HUNDREDTHS:
        raise ValidationError(f"{label}“{text[:20]}”过大，请核对（单位是平方米）", field=label)
    return int(hundredths)


def clean_area(f: Field, value: Any) -> int | None:
    """The field cleaner: a number typed in m², or an int already in hundredths from a row."""
    return parse_area(value, f.label)


def area_text(hundredths: int | None) -> str:
    """12050 → "120.50" (what forms and tables show)."""
    if hundredths is None:
        return ""
    return f"{Decimal(hundredths) / 100:.2f}"


def clean_year(f: Field, value: Any) -> int | None:
    """A year from 1949 to this year (标准化建设年份, 招聘年份)."""
    from app.domain.kit.cleaners import clean_int

    year = clean_int(f, value)
    if year is None:
        return None
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise ValidationError(f"{f.label}“{year}”不对，应为{FIRST_YEAR}年至今年之间的年份", field=f.key)
    return year


def not_future(values: Mapping[str, Any], keys: Sequence[tuple[str, str]], today: dt.date
               ) -> list[ValidationError]:
    return [ValidationError(f"{label}{cn_date(values[key])}晚于今天，请核对", field=key)
            for key, label in keys if values.get(key) is not None and values[key] > today]


def not_before(values: Mapping[str, Any], later: tuple[str, str], earlier: tuple[str, str]
               ) -> list[ValidationError]:
    a, b = values.get(later[0]), values.get(earlier[0])
    if a is not None and b is not None and a < b:
        return [ValidationError(f"{later[1]}{cn_date(a)}早于{earlier[1]}{cn_date(b)}，请核对", field=later[0])]
    return []


# ---- brands --------------------------------------------------------------------------------

def next_step(done: Sequence[str]) -> str | None:
    """The step a brand takes next, or None when all four are done."""
    return BRAND_STEPS[len(done)] if len(done) < len(BRAND_STEPS) else None


def check_step(done: Sequence[tuple[str, dt.date]], step: str, on: dt.date | None, result: str,
               today: dt.date | None = None) -> None:
    """``step`` may be recorded on ``on`` after the steps ``done`` (in order, with their dates)."""
    today = today or dt.date.today()
    if step not in BRAND_STEPS:
        raise ValidationError(f"步骤“{step[:20]}”无法识别，可选：{'、'.join(BRAND_STEPS)}", field="step")
    expected = next_step([s for s, _d in done])
    if expected is None:
        raise ValidationError("四个步骤都已完成（评比验收），不能再登记", field="step")
    if step != expected:
        if step in [s for s, _d in done]:
            raise ValidationError(f"“{step}”已经登记过了，下一步应为“{expected}”", field="step")
        raise ValidationError(f"还没有完成“{expected}”，不能跳到“{step}”：步骤须按"
                              f"{' → '.join(BRAND_STEPS)}的顺序登记", field="step")
    if on is None:
        raise ValidationError(f"请填写{step}的日期", field="done_on")
    if on > today:
        raise ValidationError(f"{step}日期{cn_date(on)}晚于今天，请核对", field="done_on")
    if done and on < done[-1][1]:
        raise ValidationError(f"{step}日期{cn_date(on)}早于上一步“{done[-1][0]}”的日期{cn_date(done[-1][1])}，请核对",
                              field="done_on")
    if len(result) > 2000:
        raise ValidationError(f"{step}的结果过长（最多2000个字，现在{len(result)}个字）", field="result")


# ---- grid visits ---------------------------------------------------------------------------

def is_overdue(due_on: dt.date | None, done_on: dt.date | None, today: dt.date) -> bool:
    """A follow-up whose due date has passed (before today) and that is not done."""
    return due_on is not None and done_on is None and due_on < today
