"""Ranking with ties: same score, same rank, the next rank skipped."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.ranking import competition_ranks


def test_ties_share_a_rank_and_the_next_is_skipped() -> None:
    scores = {"甲": 95, "乙": 98, "丙": 95, "丁": 90}
    ranked = competition_ranks(scores, scores.__getitem__)
    assert ranked == [(1, "乙"), (2, "甲"), (2, "丙"), (4, "丁")]


def test_ascending_and_empty() -> None:
    assert competition_ranks([3, 1, 1], lambda x: x, descending=False) == [(1, 1), (1, 1), (3, 3)]
    assert competition_ranks([], lambda x: x) == []


def test_decimals_compare_by_value() -> None:
    items = [Decimal("90.0"), Decimal("90.00"), Decimal("89.99")]
    assert [r for r, _ in competition_ranks(items, lambda d: d)] == [1, 1, 3]


@given(st.lists(st.integers(min_value=0, max_value=10), max_size=30))
def test_rank_is_one_plus_the_number_of_better_scores(scores: list[int]) -> None:
    ranked = competition_ranks(list(enumerate(scores)), lambda p: p[1])
    assert sorted(i for _, (i, _) in ranked) == list(range(len(scores)))
    for rank, (_, score) in ranked:
        assert rank == 1 + sum(1 for s in scores if s > score)
