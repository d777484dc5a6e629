"""The 党内统计 report's age bands beside the usual four: every age in exactly one band of each
set, the edges where they are, and the birth-date ranges the SQL filter uses."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.members import rules

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("years", "band"), [
    (18, "30岁及以下"), (30, "30岁及以下"), (31, "31至35岁"), (35, "31至35岁"), (36, "36至40岁"),
    (45, "41至45岁"), (46, "46至50岁"), (55, "51至55岁"), (60, "56至60岁"), (61, "61岁及以上"), (99, "61岁及以上"),
])
def test_stat_bands_at_their_edges(years: int, band: str) -> None:
    assert rules.age_band(years, rules.STAT_AGE_BANDS) == band


def test_the_usual_four_are_kept() -> None:
    assert [rules.age_band(a) for a in (35, 36, 59, 60)] == ["35岁及以下", "36–45岁", "46–59岁", "60岁及以上"]
    assert rules.bands_of("党内统计") == rules.STAT_AGE_BANDS and rules.bands_of("乱填") == rules.AGE_BANDS
    assert rules.bands_of(None) == rules.AGE_BANDS


def test_every_age_falls_in_one_band_of_each_set() -> None:
    for years in range(18, 110):
        for bands in (rules.AGE_BANDS, rules.STAT_AGE_BANDS):
            hits = [b for b in bands if rules.age_band(years, (b,))]
            assert len(hits) == 1, (years, hits)


def test_birth_ranges_of_a_stat_band_on_a_day() -> None:
    earliest, latest = rules.band_birth_range("31至35岁", TODAY)
    assert latest == dt.date(1995, 6, 1)  # 31 today
    assert earliest == dt.date(1990, 6, 2)  # 35 today, 36 tomorrow... born the day after 36 years ago
    assert rules.age(latest, TODAY) == 31 and rules.age(earliest, TODAY) == 35
    with pytest.raises(ValidationError, match="年龄段“30岁以下”无法识别"):
        rules.band_birth_range("30岁以下", TODAY)
