"""共建协议: status from dates and actions, the seven 双向 mechanisms, numbering, commitments.

Status, as at a given day:
- 已终止 — terminated (on or before that day), whatever the dates say;
- 草拟 — not signed yet;
- 已到期 — the day is after the last day of the term (the end date is inclusive);
- 即将到期 — the term ends within ``warn_days`` days (a setting, default 30), today included;
- 生效 — signed and not ending soon. A signed agreement whose term has not begun is also 生效;
  whether it is in force on a day (for the figures) is ``in_force``.

Numbers follow the 发文字号 form of GB/T 9704: a prefix, the year in 六角括号 and the serial
without leading zeros or 第 — "共建〔2026〕3号". The prefix is a setting ("共建" by default, e.g.
"和平社区共建"); typed variants ([2026], （2026）, 第3号, full-width digits) are read and written
back in that form. A number the office typed in another form is kept as typed and skipped
when the next number is worked out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date

MECHANISMS = ("双向承诺", "双向挂职", "双向管理", "双向服务", "双向联系", "双向评议", "双向约束")
DEFAULT_WARN_DAYS = 30
DEFAULT_PREFIX = "共建"
MAX_TERM_YEARS = 5
PARTY_A, PARTY_B = "甲方", "乙方"


class Status(StrEnum):
    DRAFT = "草拟"
    IN_FORCE = "生效"
    ENDING = "即将到期"
    EXPIRED = "已到期"
    TERMINATED = "已终止"


class Action(StrEnum):
    EDIT = "修改"
    SIGN = "签订"
    TERMINATE = "终止"
    RENEW = "续签"
    DELETE = "删除"


ALLOWED: dict[Status, frozenset[Action]] = {
    Status.DRAFT: frozenset({Action.EDIT, Action.SIGN, Action.DELETE}),
    Status.IN_FORCE: frozenset({Action.EDIT, Action.TERMINATE, Action.RENEW}),
    Status.ENDING: frozenset({Action.EDIT, Action.TERMINATE, Action.RENEW}),
    Status.EXPIRED: frozenset({Action.RENEW}),
    Status.TERMINATED: frozenset(),
}


@dataclass(frozen=True)
class Term:
    starts_on: dt.date
    ends_on: dt.date  # the last day in force

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValidationError(
                f"协议期限的结束日期{cn_date(self.ends_on)}早于开始日期{cn_date(self.starts_on)}，请核对",
                field="协议期限",
            )
        if self.ends_on >= _add_years(self.starts_on, MAX_TERM_YEARS):
            raise ValidationError(
                f"协议期限超过了{MAX_TERM_YEARS}年（{cn_date(self.starts_on)}至{cn_date(self.ends_on)}），"
                "共建协议一般一年一签，请核对",
                field="协议期限",
            )

    @property
    def text(self) -> str:
        return f"{cn_date(self.starts_on)}至{cn_date(self.ends_on)}"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _add_years(day: dt.date, years: int) -> dt.date:
    return _add_months(day, 12 * years)


def one_year_from(starts_on: dt.date) -> Term:
    """The usual one-year term: 2026-03-01 to 2027-02-28."""
    return Term(starts_on, _add_years(starts_on, 1) - dt.timedelta(days=1))


def renewal_term(previous: Term) -> Term:
    """The next term, from the day after the last one ends: as many whole months (a year, half
    a year …) when the last term was whole months, else as many days."""
    start = previous.ends_on + dt.timedelta(days=1)
    for months in range(1, MAX_TERM_YEARS * 12 + 1):
        if _add_months(previous.starts_on, months) == start:
            return Term(start, _add_months(start, months) - dt.timedelta(days=1))
    return Term(start, start + (previous.ends_on - previous.starts_on))


def agreement_status(term: Term, today: dt.date, *, signed_on: dt.date | None,
                     terminated_on: dt.date | None = None,
                     warn_days: int = DEFAULT_WARN_DAYS) -> Status:
    if warn_days < 0:
        raise ValueError("warn_days must not be negative")
    if terminated_on is not None and terminated_on <= today:
        return Status.TERMINATED
    if signed_on is None:
        return Status.DRAFT
    if today > term.ends_on:
        return Status.EXPIRED
    if (term.ends_on - today).days <= warn_days:
        return Status.ENDING
    return Status.IN_FORCE


def in_force(term: Term, on: dt.date, *, signed_on: dt.date | None,
             terminated_on: dt.date | None = None) -> bool:
    """Signed, within its term on ``on``, and not terminated by then (for the figures)."""
    if signed_on is None or signed_on > on:
        return False
    if terminated_on is not None and terminated_on <= on:
        return False
    return term.starts_on <= on <= term.ends_on


def days_left(term: Term, today: dt.date) -> int:
    """Days until the term ends, counting today; negative once it has ended."""
    return (term.ends_on - today).days


def check_action(status: Status, action: Action) -> None:
    if action in ALLOWED[status]:
        return
    can = "、".join(a.value for a in Action if a in ALLOWED[status])
    tail = f"，可以{can}" if can else "，只能查看"
    raise ValidationError(f"{status.value}的协议不能{action.value}{tail}", field="协议状态")


def check_signing(term: Term, signed_on: dt.date | None, today: dt.date) -> None:
    if signed_on is None:
        raise ValidationError("签订协议须填写签订日期", field="签订日期")
    if signed_on > today:
        raise ValidationError(f"签订日期{cn_date(signed_on)}在今天之后，请核对", field="签订日期")
    if signed_on > term.ends_on:
        raise ValidationError(
            f"签订日期{cn_date(signed_on)}晚于协议期限的结束日期{cn_date(term.ends_on)}，请核对",
            field="签订日期",
        )


def check_termination(signed_on: dt.date | None, terminated_on: dt.date | None,
                      reason: str) -> None:
    if terminated_on is None:
        raise ValidationError("终止协议须填写终止日期", field="终止日期")
    if signed_on is not None and terminated_on < signed_on:
        raise ValidationError(
            f"终止日期{cn_date(terminated_on)}早于签订日期{cn_date(signed_on)}，请核对", field="终止日期"
        )
    if not (reason or "").strip():
        raise ValidationError("终止协议须写明原因", field="终止原因")


def check_mechanisms(chosen: Iterable[str]) -> tuple[str, ...]:
    """The mechanisms in force, in the usual order; anything else is refused."""
    picked = {c.strip() for c in chosen if c.strip()}
    unknown = sorted(picked - set(MECHANISMS))
    if unknown:
        raise ValidationError(
            f"共建机制“{'、'.join(unknown)}”不在可选范围内，应为：{'、'.join(MECHANISMS)}", field="共建机制"
        )
    return tuple(m for m in MECHANISMS if m in picked)


# Commitments (双向承诺事项) ----------------------------------------------------------------

@dataclass(frozen=True)
class Commitment:
    content: str
    side: str  # 甲方 (the community) or 乙方 (the unit)
    deadline: dt.date | None = None
    done_on: dt.date | None = None  # set when fulfilled
    evidence: str = ""

    @property
    def done(self) -> bool:
        return self.done_on is not None


def check_commitment(item: Commitment, today: dt.date) -> None:
    if not item.content.strip():
        raise ValidationError("承诺事项须写明内容", field="承诺内容")
    if item.side not in (PARTY_A, PARTY_B):
        raise ValidationError(f"承诺方“{item.side}”应为甲方或乙方", field="承诺方")
    if item.done_on is not None and item.done_on > today:
        raise ValidationError(f"“{item.content}”的完成日期在今天之后，请核对", field="完成日期")


def overdue(items: Iterable[Commitment], today: dt.date) -> list[Commitment]:
    """Open items whose deadline has passed."""
    return [i for i in items if not i.done and i.deadline is not None and i.deadline < today]


def carry_over(items: Iterable[Commitment]) -> list[Commitment]:
    """What a renewal takes into the next agreement: the items not yet fulfilled."""
    return [i for i in items if not i.done]


def fulfilment(items: Iterable[Commitment]) -> tuple[int, int]:
    """(fulfilled, total) for {承诺兑现数} and {承诺事项数}."""
    listed = list(items)
    return sum(1 for i in listed if i.done), len(listed)


# Numbering --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgreementNumber:
    prefix: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        return format_number(self.year, self.serial, self.prefix)


_NUMBER = re.compile(r"^(?P<prefix>.*?)\s*[〔\[(【［]\s*(?P<year>\d{4})\s*[〕\])】］]\s*第?\s*"
                     r"(?P<serial>\d{1,5})\s*号$", re.ASCII)


def format_number(year: int, serial: int, prefix: str = DEFAULT_PREFIX) -> str:
    if serial < 1:
        raise ValueError("serial numbers start at 1")
    return f"{prefix}〔{year}〕{serial}号"


def parse_number(text: str) -> AgreementNumber | None:
    """The parts of 共建〔2026〕3号 (and its typed variants); None for another form."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    m = _NUMBER.match(cleaned)
    if not m or int(m.group("serial")) < 1:
        return None
    return AgreementNumber(m.group("prefix").strip(), int(m.group("year")), int(m.group("serial")))


def normalize_number(text: str) -> str:
    """A typed number in the standard form when it can be read, else as typed (trimmed)."""
    parsed = parse_number(text)
    return parsed.text if parsed else (text or "").strip()


def next_number(existing: Iterable[str], year: int, prefix: str = DEFAULT_PREFIX) -> str:
    """The next free number of ``year``: one more than the highest of that year and prefix."""
    serials = [p.serial for p in map(parse_number, existing)
               if p is not None and p.year == year and p.prefix == prefix]
    return format_number(year, max(serials, default=0) + 1, prefix)
