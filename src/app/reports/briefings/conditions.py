"""Conditions on figures in briefing templates: [如果 {届满未换届党组织数} > 0] … [结束].

A condition compares figures (always written in braces) with numbers or with other figures:

    {届满未换届党组织数} > 0
    {35岁及以下党员占比} < {年轻党员占比下限}
    {失联党员数} 大于 0 并且 {党员总数} >= 50
    {党员总数较上期增减} 不等于 0 或者 {新发展党员数}

Comparisons: > < >= <= = != (also ＞ ＜ ≥ ≤ ＝ ≠ 和 大于 小于 等于 不等于 不少于 不低于 至少
不多于 不超过 不高于 至多 超过 高于 多于 低于 少于). A figure alone means "is not zero". Conditions
join with 并且 (also 而且 且) and 或者 (also 或); 并且 binds first. A number may carry its unit
(30%, 3名, 2个). Parsing never evaluates anything: the text becomes a small tree, read by
``holds`` with a function that gives each figure's number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain.kit.text import normalize_digits

MAX_LENGTH = 300  # characters in one condition
MAX_TERMS = 20  # comparisons in one condition

OPERATORS: dict[str, str] = {
    ">=": ">=", "<=": "<=", "!=": "!=", "==": "=", ">": ">", "<": "<", "=": "=",
    "≥": ">=", "≤": "<=", "≠": "!=", "＞": ">", "＜": "<", "＝": "=",
    "不等于": "!=", "不少于": ">=", "不低于": ">=", "至少": ">=", "不多于": "<=", "不超过": "<=",
    "不高于": "<=", "至多": "<=", "大于": ">", "超过": ">", "高于": ">", "多于": ">",
    "小于": "<", "低于": "<", "少于": "<", "等于": "=",
}
AND_WORDS = ("并且", "而且", "且")
OR_WORDS = ("或者", "或")
UNITS = ("%", "％", "名", "个", "户", "人", "份", "次", "元", "万元")

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<figure>\{[^{}]*\})"
    r"|(?P<number>[-+]?\d+(?:\.\d+)?)\s*(?:" + "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))) + r")?"
    r"|(?P<op>" + "|".join(map(re.escape, sorted(OPERATORS, key=len, reverse=True))) + r")"
    r"|(?P<logic>" + "|".join(map(re.escape, AND_WORDS + OR_WORDS)) + r")"
    r")"
)


class ConditionError(Exception):
    """The condition cannot be read; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Operand:
    figure: str = ""  # a figure's name, or
    number: Decimal | None = None  # a number written in the template


@dataclass(frozen=True)
class Comparison:
    left: Operand
    op: str = "!="  # a figure alone: not zero
    right: Operand = Operand(number=Decimal(0))


@dataclass(frozen=True)
class Condition:
    """Any of ``any_of`` holds; each is a tuple of comparisons that must all hold."""

    any_of: tuple[tuple[Comparison, ...], ...]
    text: str

    def figures(self) -> list[str]:
        return [o.figure for group in self.any_of for c in group for o in (c.left, c.right) if o.figure]


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            rest = text[pos:].strip()
            word = rest[:10] + ("…" if len(rest) > 10 else "")
            if rest and not rest.startswith("{"):
                raise ConditionError(f"看不懂“{word}”：条件中的数字名称请写在花括号里，如 {{党员总数}} > 0")
            raise ConditionError(f"看不懂“{word}”")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _operand(kind: str, value: str) -> Operand:
    if kind == "figure":
        name = value[1:-1].strip()
        if not name:
            raise ConditionError("花括号中没有写数字名称")
        return Operand(figure=name)
    if kind == "number":
        try:
            return Operand(number=Decimal(value))
        except InvalidOperation:
            raise ConditionError(f"“{value}”不是数") from None
    raise ConditionError("比较的两边应是数字名称（写在花括号里）或数")


def parse(text: str) -> Condition:
    """Reads a condition; raises ConditionError with a plain reason."""
    source = normalize_digits(text or "").strip()
    if not source:
        raise ConditionError("“如果”后面没有写条件，如：[如果 {届满未换届党组织数} > 0]")
    if len(source) > MAX_LENGTH:
        raise ConditionError(f"条件太长（{len(source)}字），请不超过{MAX_LENGTH}字")
    tokens = _tokens(source)
    groups: list[list[Comparison]] = [[]]
    i = 0
    terms = 0
    while i < len(tokens):
        kind, value = tokens[i]
        left = _operand(kind, value)
        i += 1
        if i < len(tokens) and tokens[i][0] == "op":
            op = OPERATORS[tokens[i][1]]
            if i + 1 >= len(tokens):
                raise ConditionError(f"“{tokens[i][1]}”后面缺少要比较的数")
            right = _operand(*tokens[i + 1])
            comparison = Comparison(left, op, right)
            i += 2
        else:
            if not left.figure:
                raise ConditionError(f"只写了一个数“{value}”，要和什么比较？")
            comparison = Comparison(left)
        terms += 1
        if terms > MAX_TERMS:
            raise ConditionError(f"一个条件最多比较{MAX_TERMS}次")
        groups[-1].append(comparison)
        if i < len(tokens):
            kind, value = tokens[i]
            if kind != "logic":
                raise ConditionError(f"“{value}”前面缺少“并且”或“或者”")
            if i + 1 >= len(tokens):
                raise ConditionError(f"“{value}”后面缺少条件")
            if value in OR_WORDS:
                groups.append([])
            i += 1
    return Condition(tuple(tuple(g) for g in groups), source)


Lookup = Callable[[str], Decimal]  # a figure's number; raises for a figure that has none


def holds(condition: Condition, number_of: Lookup) -> bool:
    def value(o: Operand) -> Decimal:
        return number_of(o.figure) if o.figure else o.number or Decimal(0)

    def compare(c: Comparison) -> bool:
        a, b = value(c.left), value(c.right)
        return {">": a > b, "<": a < b, ">=": a >= b, "<=": a <= b, "=": a == b, "!=": a != b}[c.op]

    return any(all(compare(c) for c in group) for group in condition.any_of)
