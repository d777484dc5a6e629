"""Which automatic backups are kept: 12 daily, 10 weekly, 9 monthly."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.safety.retention import RetentionPolicy, backups_to_keep

POLICY = RetentionPolicy(daily=12, weekly=10, monthly=9)
START = dt.datetime(2025, 5, 27)


def _simulate(stamps: list[dt.datetime], policy: RetentionPolicy) -> set[dt.datetime]:
    """What is on disk after pruning following every backup, as the program does."""
    on_disk: set[dt.datetime] = set()
    for t in sorted(stamps):
        on_disk.add(t)
        on_disk &= backups_to_keep(on_disk, policy)
    return on_disk


def test_four_hundred_days_of_three_backups_a_day_keep_the_intended_set() -> None:
    days = [START.date() + dt.timedelta(days=i) for i in range(400)]
    stamps = [dt.datetime.combine(d, dt.time(h)) for d in days for h in (9, 12, 17)]
    kept = _simulate(stamps, POLICY)

    last = days[-1]

    def evening(d: dt.date) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(17))

    daily = {evening(last - dt.timedelta(days=i)) for i in range(12)}
    # The newest backup of each of the last ten ISO weeks: the Sunday, or today in this week.
    weekly = {evening(min(last, last - dt.timedelta(days=last.weekday()) + dt.timedelta(days=6)
                          - dt.timedelta(weeks=i))) for i in range(10)}
    # The newest of each of the last nine months: its last day, or today in this month.
    monthly = set()
    first = last.replace(day=1)
    for _ in range(9):
        next_first = (first + dt.timedelta(days=32)).replace(day=1)
        monthly.add(evening(min(last, next_first - dt.timedelta(days=1))))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    assert kept == daily | weekly | monthly
    assert len(kept) == len(daily | weekly | monthly) <= 12 + 10 + 9


def test_days_with_the_computer_off_do_not_use_up_the_daily_allowance() -> None:
    rng = random.Random(5)
    days = sorted(rng.sample(range(400), 150))
    stamps = [START + dt.timedelta(days=d, hours=rng.randint(8, 18)) for d in days]
    kept = _simulate(stamps, POLICY)
    newest_days = sorted({t.date() for t in stamps})[-12:]
    assert {t.date() for t in kept} >= set(newest_days)


def test_the_newest_backup_is_kept_even_with_nothing_to_keep() -> None:
    stamps = [START, START + dt.timedelta(hours=1)]
    assert backups_to_keep(stamps, RetentionPolicy(0, 0, 0)) == {stamps[1]}
    assert backups_to_keep([], POLICY) == set()


moments = st.lists(
    st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2025, 3, 1)),
    min_size=1, max_size=120, unique=True,
)
policies = st.builds(RetentionPolicy, st.integers(0, 14), st.integers(0, 12), st.integers(0, 10))


@settings(max_examples=150, deadline=None)
@given(moments, policies)
def test_pruning_after_each_backup_keeps_what_pruning_once_keeps(stamps, policy) -> None:
    batch = backups_to_keep(stamps, policy)
    assert _simulate(stamps, policy) == batch
    assert batch <= set(stamps)
    assert max(stamps) in batch
    assert backups_to_keep(batch, policy) == batch
    assert len(batch) <= policy.daily + policy.weekly + policy.monthly + 1
