"""党费: the monthly amount by kind and base, and the months a payment covers.

Brackets (中组发〔2008〕3号; retirees' base is the basic pension since 2017). The whole base is
taken at one rate — not progressively — so 3000.01 元 pays 1% of 3000.01, twice what 3000 pays:
- 在职: ≤3000 元 0.5%; 3000–5000 (含) 1%; 5000–10000 (含) 1.5%; >10000 2%.
- 离退休: ≤5000 元 0.5%; >5000 1%.
- 学生, 下岗失业, 低保: 0.2 元 a month; 农民: 0.2–1 元, a provincial setting (default 0.2).
No national rounding rule exists: the amount is rounded to 0.01 元, half up, unless the settings
say otherwise (to 0.1 元 or 1 元; half up, always up, or always down). Fixed amounts are never
rounded. Back payment is normally at most 6 months; later payments are flagged, not refused.
Months are dates on the first of the month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from enum import StrEnum

from app.domain.kit.dates import month_text
from app.domain.kit.errors import ValidationError
from app.domain.kit.money import decimal_to_fen, format_yuan, parse_amount

BACK_PAYMENT_LIMIT = 6  # months
MAX_MONTHS_AT_ONCE = 24  # a longer span in one payment is a typing mistake


class DuesKind(StrEnum):
    IN_SERVICE = "在职"
    RETIRED = "离退休"
    STUDENT = "学生"
    UNEMPLOYED = "下岗失业"
    RELIEF = "低保"
    FARMER = "农民"


_ALIASES = {
    "在职党员": DuesKind.IN_SERVICE, "在岗": DuesKind.IN_SERVICE,
    "离退休党员": DuesKind.RETIRED, "退休": DuesKind.RETIRED, "离休": DuesKind.RETIRED,
    "离退休人员": DuesKind.RETIRED, "退休人员": DuesKind.RETIRED,
    "学生党员": DuesKind.STUDENT,
    "下岗失业党员": DuesKind.UNEMPLOYED, "下岗": DuesKind.UNEMPLOYED, "失业": DuesKind.UNEMPLOYED,
    "低保党员": DuesKind.RELIEF, "享受低保": DuesKind.RELIEF, "最低生活保障": DuesKind.RELIEF,
    "农民党员": DuesKind.FARMER,
}

ROUNDINGS = {"四舍五入": ROUND_HALF_UP, "进位": ROUND_UP, "舍去": ROUND_DOWN}


@dataclass(frozen=True)
class Bracket:
    up_to: Decimal | None  # inclusive upper bound of the base in 元; None = no bound
    rate: Decimal
    description: str


IN_SERVICE_BRACKETS = (
    Bracket(Decimal(3000), Decimal("0.005"), "3000元（含）以下：0.5%"),
    Bracket(Decimal(5000), Decimal("0.01"), "3000元以上至5000元（含）：1%"),
    Bracket(Decimal(10000), Decimal("0.015"), "5000元以上至10000元（含）：1.5%"),
    Bracket(None, Decimal("0.02"), "10000元以上：2%"),
)
RETIRED_BRACKETS = (
    Bracket(Decimal(5000), Decimal("0.005"), "5000元（含）以下：0.5%"),
    Bracket(None, Decimal("0.01"), "5000元以上：1%"),
)
_FIXED_WHO = {
    DuesKind.STUDENT: "学生党员",
    DuesKind.UNEMPLOYED: "下岗失业党员",
    DuesKind.RELIEF: "享受低保的党员",
    DuesKind.FARMER: "农民党员",
}
_BASE_NAME = {DuesKind.IN_SERVICE: "每月税后固定工资", DuesKind.RETIRED: "每月基本退休费"}


@dataclass(frozen=True)
class DuesSettings:
    step: Decimal = Decimal("0.01")  # round the amount to this many 元
    rounding: str = ROUND_HALF_UP
    fixed_amount: Decimal = Decimal("0.2")  # students, laid-off or unemployed, 低保
    farmer_amount: Decimal = Decimal("0.2")  # 0.2–1 元, set by the province

    def __post_init__(self) -> None:
        if self.step <= 0 or self.step > 10 or (self.step * 100) % 1 != 0:
            raise ValidationError(
                f"党费取整单位“{self.step}”不对，应为0.01元、0.1元或1元这样的金额", field="取整单位"
            )
        if self.rounding not in ROUNDINGS.values():
            raise ValidationError("党费取整方式应为四舍五入、进位或舍去", field="取整方式")
        if not Decimal("0.01") <= self.fixed_amount <= 1 or (self.fixed_amount * 100) % 1:
            raise ValidationError("学生、下岗失业、低保党员每月党费应在0.01元至1元之间", field="固定党费")
        if not Decimal("0.2") <= self.farmer_amount <= 1 or (self.farmer_amount * 100) % 1:
            raise ValidationError(
                f"农民党员每月党费“{self.farmer_amount}”应在0.2元至1元之间（由省级党委规定）",
                field="农民党员党费",
            )


DEFAULT_SETTINGS = DuesSettings()


@dataclass(frozen=True)
class DuesAssessment:
    kind: DuesKind
    base_fen: int | None  # None for the fixed-amount kinds
    rate: Decimal | None  # 0.015 for 1.5%; None for the fixed-amount kinds
    bracket: str  # the rule used, in Chinese
    exact: Decimal  # base × rate in 元 before rounding
    monthly_fen: int

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else f"{(self.rate * 100).normalize():f}%"

    @property
    def monthly_text(self) -> str:
        return format_yuan(self.monthly_fen)


def parse_kind(raw: object, label: str = "党费类别") -> DuesKind:
    text = str(raw or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空，请选择：{'、'.join(DuesKind)}", field=label)
    try:
        return DuesKind(text)
    except ValueError:
        pass
    if text in _ALIASES:
        return _ALIASES[text]
    raise ValidationError(f"{label}“{text}”不对，应为：{'、'.join(DuesKind)}", field=label)


def assess_dues(kind: object, base: object = None,
                settings: DuesSettings = DEFAULT_SETTINGS) -> DuesAssessment:
    """The monthly dues for a member of ``kind`` with a monthly ``base`` in 元 (as typed)."""
    kind = parse_kind(kind)
    if kind in _FIXED_WHO:
        amount = settings.farmer_amount if kind is DuesKind.FARMER else settings.fixed_amount
        note = "（本地标准）" if kind is DuesKind.FARMER else ""
        return DuesAssessment(kind, None, None, f"{_FIXED_WHO[kind]}每月交纳{amount}元{note}",
                              amount, decimal_to_fen(amount))
    label = f"党费基数（{_BASE_NAME[kind]}）"
    value = parse_amount(base, label, allow_zero=False)
    assert value is not None
    brackets = IN_SERVICE_BRACKETS if kind is DuesKind.IN_SERVICE else RETIRED_BRACKETS
    bracket = next(b for b in brackets if b.up_to is None or value <= b.up_to)
    exact = value * bracket.rate
    rounded = (exact / settings.step).to_integral_value(rounding=settings.rounding) * settings.step
    if rounded == 0:
        raise ValidationError(
            f"按{label}{value}元计算，每月党费{exact.normalize():f}元，取整后为0元，请核对基数",
            field=label,
        )
    return DuesAssessment(kind, decimal_to_fen(value), bracket.rate, bracket.description, exact,
                          decimal_to_fen(rounded))


def check_reduction(assessed_fen: int, reduced: object, approved_by: str,
                    approved_on: dt.date | None) -> int:
    """A hardship reduction: the reduced monthly amount in 分, checked."""
    amount = parse_amount(reduced, "减免后每月党费")
    assert amount is not None
    fen = decimal_to_fen(amount)
    if fen >= assessed_fen:
        raise ValidationError(
            f"减免后每月党费{format_yuan(fen)}元应低于按规定应交的{format_yuan(assessed_fen)}元",
            field="减免后每月党费",
        )
    if not (approved_by or "").strip():
        raise ValidationError("减免党费须写明批准的党组织", field="批准组织")
    if approved_on is None:
        raise ValidationError("减免党费须写明批准日期", field="批准日期")
    return fen


# Months ----------------------------------------------------------------------------------

def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from the month of ``earlier`` to the month of ``later``."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def covered_months(first: dt.date, last: dt.date | None = None) -> tuple[dt.date, ...]:
    """The months one payment covers, from ``first`` to ``last`` inclusive (one month if None)."""
    start, end = month_of(first), month_of(last or first)
    span = months_between(start, end) + 1
    if span < 1:
        raise ValidationError(
            f"交纳月份的截止月（{month_text(end)}）早于起始月（{month_text(start)}），请核对",
            field="交纳月份",
        )
    if span > MAX_MONTHS_AT_ONCE:
        raise ValidationError(
            f"一次交纳{span}个月（{month_text(start)}至{month_text(end)}）太多了，请核对月份",
            field="交纳月份",
        )
    return tuple(add_months(start, i) for i in range(span))


def months_for_amount(first: dt.date, amount_fen: int, monthly_fen: int) -> tuple[dt.date, ...]:
    """The months an amount pays for, from ``first``: it must be whole months' dues."""
    if monthly_fen <= 0:
        raise ValueError("monthly amount must be positive")
    count, rest = divmod(amount_fen, monthly_fen)
    if amount_fen <= 0 or rest:
        raise ValidationError(
            f"交纳金额{format_yuan(amount_fen)}元不是每月党费{format_yuan(monthly_fen)}元的整数倍，"
            "请核对金额或月份",
            field="交纳金额",
        )
    return covered_months(first, add_months(month_of(first), count - 1))


def dues_start(year: int, admitted_on: dt.date | None = None) -> dt.date:
    """The first month owed in ``year``: January, or the month of admission (预备党员 pay from it)."""
    start = dt.date(year, 1, 1)
    if admitted_on is not None and month_of(admitted_on) > start:
        return month_of(admitted_on)
    return start


def back_paid_beyond(months: Iterable[dt.date], paid_on: dt.date,
                     limit: int = BACK_PAYMENT_LIMIT) -> tuple[dt.date, ...]:
    """The months in a payment made on ``paid_on`` that are more than ``limit`` months back.

    Paid in October for April is 6 months back and fine; for March it is 7 and flagged.
    """
    return tuple(sorted(m for m in {month_of(m) for m in months}
                        if months_between(m, paid_on) > limit))


def back_payment_warning(months: Iterable[dt.date], paid_on: dt.date,
                         limit: int = BACK_PAYMENT_LIMIT) -> str | None:
    late = back_paid_beyond(months, paid_on, limit)
    if not late:
        return None
    span = month_text(late[0]) if len(late) == 1 else f"{month_text(late[0])}至{month_text(late[-1])}"
    return (f"补交{span}的党费已超过{limit}个月（交纳日期{paid_on:%Y-%m-%d}），"
            f"按规定补交一般不超过{limit}个月，请在备注中写明原因")


@dataclass(frozen=True)
class Arrears:
    overdue: tuple[dt.date, ...]  # unpaid months before the month of the date asked about
    consecutive: int  # unpaid months in a row just before that month
    beyond_limit: tuple[dt.date, ...]  # overdue months more than the back-payment limit back

    @property
    def flagged(self) -> bool:
        return self.consecutive >= BACK_PAYMENT_LIMIT or bool(self.beyond_limit)

    def message(self) -> str | None:
        if not self.overdue:
            return None
        text = f"欠交党费{len(self.overdue)}个月（最早{month_text(self.overdue[0])}）"
        if self.consecutive >= BACK_PAYMENT_LIMIT:
            text += f"，已连续{self.consecutive}个月未交纳"
        return text


def unpaid_months(paid: Iterable[dt.date], start: dt.date, through: dt.date) -> tuple[dt.date, ...]:
    """Months from ``start`` to ``through`` (inclusive) with no payment — the unpaid list."""
    done = {month_of(m) for m in paid}
    first, last = month_of(start), month_of(through)
    count = months_between(first, last) + 1
    return tuple(m for m in (add_months(first, i) for i in range(max(count, 0))) if m not in done)


def arrears(paid: Iterable[dt.date], start: dt.date, as_of: dt.date,
            limit: int = BACK_PAYMENT_LIMIT) -> Arrears:
    """What a member owes on ``as_of``: the current month is still open and not counted."""
    last_closed = add_months(month_of(as_of), -1)
    overdue = unpaid_months(paid, start, last_closed) if last_closed >= month_of(start) else ()
    run, month = 0, last_closed
    owed = set(overdue)
    while month in owed:
        run, month = run + 1, add_months(month, -1)
    beyond = tuple(m for m in overdue if months_between(m, as_of) > limit)
    return Arrears(overdue, run, beyond)
