"""双向评议: yearly mutual appraisal of the community and each unit.

No national scoring scheme exists, so criteria and weights are settings (default: 组织共建,
活动共办, 资源共享, 服务共抓, 承诺兑现, 20 each). Each criterion is scored out of 100; the total is
Σ score × weight ÷ Σ weight, so weights that do not add up to 100 are normalised. Totals are
rounded half up to two decimals, and the ranking and the grade use the rounded total — what the
printed table shows — so two units showing the same total share a rank (the next rank is
skipped). Grades: 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, else 差 (the thresholds are a setting).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.kit.errors import ValidationError
from app.domain.kit.ranking import competition_ranks

CENT = Decimal("0.01")
GRADES = ("好", "较好", "一般", "差")


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Decimal


DEFAULT_CRITERIA = tuple(
    Criterion(name, Decimal(20)) for name in ("组织共建", "活动共办", "资源共享", "服务共抓", "承诺兑现")
)


def check_criteria(criteria: Sequence[Criterion]) -> tuple[Criterion, ...]:
    """The criteria as a tuple, checked: at least one, names unique, weights positive."""
    if not criteria:
        raise ValidationError("评议至少要有一项评分内容", field="评议内容")
    seen: set[str] = set()
    for c in criteria:
        name = c.name.strip()
        if not name:
            raise ValidationError("评分内容的名称不能为空", field="评议内容")
        if name in seen:
            raise ValidationError(f"评分内容“{name}”重复了，请只保留一项", field="评议内容")
        seen.add(name)
        if not c.weight.is_finite() or c.weight <= 0 or c.weight > 1000 \
                or c.weight != c.weight.quantize(CENT):
            raise ValidationError(
                f"“{name}”的权重“{c.weight}”应为大于0、最多两位小数的数", field="权重"
            )
    return tuple(Criterion(c.name.strip(), c.weight) for c in criteria)


def weights_note(criteria: Sequence[Criterion]) -> str | None:
    """A remark for the settings screen when the weights do not add up to 100."""
    total = sum((c.weight for c in criteria), Decimal(0))
    if total == 100:
        return None
    return f"各项权重合计为{total.normalize():f}，不是100；计算总分时按比例折算为百分制"


@dataclass(frozen=True)
class Thresholds:
    good: Decimal = Decimal(90)
    fairly_good: Decimal = Decimal(80)
    fair: Decimal = Decimal(60)

    def __post_init__(self) -> None:
        if not 0 < self.fair < self.fairly_good < self.good <= 100:
            raise ValidationError(
                "评议等次的分数线应满足：0 < 一般 < 较好 < 好 ≤ 100（默认 60、80、90）", field="等次分数线"
            )


DEFAULT_THRESHOLDS = Thresholds()


def grade(total: Decimal, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    if total >= thresholds.good:
        return "好"
    if total >= thresholds.fairly_good:
        return "较好"
    if total >= thresholds.fair:
        return "一般"
    return "差"


def parse_score(raw: object, label: str = "评分") -> Decimal:
    """A score out of 100 as typed: at most two decimals, 0 to 100."""
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError(f"{label}不能为空，请填写0至100之间的分数", field=label)
    try:
        text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("分")
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(f"{label}“{raw}”不是分数，请填写0至100之间的数", field=label) from exc
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError(f"{label}“{raw}”应在0至100之间", field=label)
    if value != value.quantize(CENT):
        raise ValidationError(f"{label}“{raw}”最多只能有两位小数", field=label)
    return value.quantize(CENT)


def parsed_scores(scores: Mapping[str, object], criteria: Sequence[Criterion],
                  who: str) -> dict[str, Decimal]:
    """Each criterion's score as typed, checked, in the criteria's order."""
    names = {c.name for c in criteria}
    extra = sorted(set(scores) - names)
    if extra:
        raise ValidationError(f"{who}的评分中“{'、'.join(extra)}”不是本年度的评分内容", field="评分")
    parsed: dict[str, Decimal] = {}
    for c in criteria:
        if c.name not in scores:
            raise ValidationError(f"{who}的“{c.name}”还没有评分", field=c.name)
        parsed[c.name] = parse_score(scores[c.name], f"{who}的“{c.name}”")
    return parsed


def total_score(scores: Mapping[str, object], criteria: Sequence[Criterion], who: str) -> Decimal:
    """The weighted total out of 100, rounded half up to 0.01. Every criterion must be scored."""
    parsed = parsed_scores(scores, criteria, who)
    weighted = sum((parsed[c.name] * c.weight for c in criteria), Decimal(0))
    weight = sum((c.weight for c in criteria), Decimal(0))
    return (weighted / weight).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AppraisalRow:
    rank: int
    name: str  # the unit appraised (or the community, in the units' appraisal of it)
    scores: Mapping[str, Decimal]  # by criterion, in the criteria's order
    total: Decimal
    grade: str


def appraise(sheets: Iterable[tuple[str, Mapping[str, object]]],
             criteria: Sequence[Criterion] = DEFAULT_CRITERIA,
             thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[AppraisalRow]:
    """The appraisal table: totals, grades and ranks, best first; ties keep the order given."""
    checked = check_criteria(criteria)
    rows = [(name, parsed_scores(scores, checked, name), total_score(scores, checked, name))
            for name, scores in sheets]
    ranked = competition_ranks(rows, lambda row: row[2])
    return [AppraisalRow(rank, name, scores, total, grade(total, thresholds))
            for rank, (name, scores, total) in ranked]
