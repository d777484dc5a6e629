"""The frequency rules at their edges: calendar months and quarters, a period counted when it
ends in the window, a branch founded mid-period, per-period counting, overdue against due, rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.orglife.kinds import Frequency, MeetingKind, checked_frequencies, frequencies
from app.domain.orglife.schedule import (
    check_branch,
    check_kind,
    periods_ending_in,
    quarter_of,
    rate,
    rate_text,
)

D = dt.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))


def test_quarter_of_the_last_and_first_days() -> None:
    assert quarter_of(D(2026, 3, 31)) == Q1
    assert quarter_of(D(2026, 4, 1)) == (D(2026, 4, 1), D(2026, 6, 30))
    assert quarter_of(D(2024, 12, 31)) == (D(2024, 10, 1), D(2024, 12, 31))


def test_periods_end_inside_the_window() -> None:
    assert len(periods_ending_in(Frequency.MONTHLY, *Q1)) == 3
    assert periods_ending_in(Frequency.QUARTERLY, *Q1) == [Q1]
    assert periods_ending_in(Frequency.YEARLY, *Q1) == []  # the year's 组织生活会 is due in Q4
    assert periods_ending_in(Frequency.YEARLY, D(2026, 10, 1), D(2026, 12, 31)) == [(D(2026, 1, 1), D(2026, 12, 31))]
    assert periods_ending_in(Frequency.NONE, *Q1) == []
    assert periods_ending_in(Frequency.MONTHLY, D(2025, 12, 1), D(2026, 1, 31))[0] == (D(2025, 12, 1), D(2025, 12, 31))


def test_two_meetings_in_january_do_not_make_up_for_february() -> None:
    c = check_kind(MeetingKind.THEME_DAY, Frequency.MONTHLY, Q1, D(2026, 3, 10), [D(2026, 1, 3), D(2026, 1, 28)])
    assert (c.required, c.held, c.overdue, c.meetings) == (3, 1, 1, 2)
    assert c.behind and c.text() == "主题党日：已开1次/应开3次（每月）"


def test_a_meeting_on_the_last_day_of_the_quarter_counts_and_the_next_day_does_not() -> None:
    assert check_kind(MeetingKind.GENERAL, Frequency.QUARTERLY, Q1, D(2026, 4, 1), [D(2026, 3, 31)]).held == 1
    late = check_kind(MeetingKind.GENERAL, Frequency.QUARTERLY, Q1, D(2026, 4, 2), [D(2026, 4, 1)])
    assert (late.held, late.overdue) == (0, 1)


def test_the_running_period_is_due_not_overdue() -> None:
    c = check_kind(MeetingKind.GENERAL, Frequency.QUARTERLY, Q1, D(2026, 2, 15), [])
    assert (c.required, c.overdue) == (1, 0) and c.behind


def test_a_branch_founded_mid_quarter_owes_the_months_after_only() -> None:
    c = check_kind(MeetingKind.THEME_DAY, Frequency.MONTHLY, Q1, D(2026, 4, 1), [D(2026, 3, 5)], founded=D(2026, 2, 15))
    assert (c.required, c.held, c.overdue) == (1, 1, 0)
    q = check_kind(MeetingKind.GENERAL, Frequency.QUARTERLY, Q1, D(2026, 4, 1), [], founded=D(2026, 2, 15))
    assert q.required == 0


def test_group_meetings_only_of_a_branch_with_groups() -> None:
    rules = frequencies(None)
    kinds = {c.kind for c in check_branch(rules, Q1, D(2026, 4, 1), {}, has_groups=False)}
    assert MeetingKind.GROUP not in kinds and MeetingKind.GENERAL in kinds and MeetingKind.LIFE not in kinds
    assert MeetingKind.GROUP in {c.kind for c in check_branch(rules, Q1, D(2026, 4, 1), {}, has_groups=True)}


def test_the_setting_overrides_defaults_and_bad_values_are_refused() -> None:
    rules = frequencies({"党课": "每月", "乱写": "每月", "主题党日": "每周"})
    assert rules[MeetingKind.LESSON] is Frequency.MONTHLY and rules[MeetingKind.THEME_DAY] is Frequency.MONTHLY
    with pytest.raises(ValidationError, match="每周"):
        checked_frequencies({"主题党日": "每周"})
    with pytest.raises(ValidationError, match="没有"):
        checked_frequencies({"=cmd|' /C calc'!A0": "每月"})


def test_rates_to_one_decimal_half_up() -> None:
    assert rate(2, 3) == Decimal("66.7") and rate(1, 8) == Decimal("12.5") and rate(0, 0) is None
    assert rate_text(5, 5) == "100.0%" and rate_text(0, 0) == ""
