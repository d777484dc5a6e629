"""Ranking with ties, as league tables and appraisal sheets print it.

Equal scores share a rank and the next rank is skipped: 98, 95, 95, 90 rank 1, 2, 2, 4
("competition ranking"). Within a tie the items keep the order they came in, so a caller that
sorts by name first gets ties listed by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")
Score = int | Decimal | Fraction


def competition_ranks(items: Iterable[T], score: Callable[[T], Score], *,
                      descending: bool = True) -> list[tuple[int, T]]:
    """(rank, item) pairs, best first: equal scores share a rank, the next rank is skipped."""
    ordered = sorted(items, key=score, reverse=descending)  # sorted() is stable
    ranked: list[tuple[int, T]] = []
    previous: Score | None = None
    for position, item in enumerate(ordered, start=1):
        value = score(item)
        rank = ranked[-1][0] if ranked and value == previous else position
        ranked.append((rank, item))
        previous = value
    return ranked
