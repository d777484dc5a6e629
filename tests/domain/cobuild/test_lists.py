"""How an item moves along the three lists: every status × step, days, overdue, claimants."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.cobuild.lists import (
    FINAL,
    MOVES,
    ItemStatus,
    Step,
    check_step_day,
    claimant_kind,
    is_overdue,
    next_status,
    served_count,
)
from app.domain.kit.errors import ValidationError

D = dt.date(2026, 5, 10)
LEGAL = {
    (ItemStatus.OPEN, Step.CLAIM): ItemStatus.CLAIMED,
    (ItemStatus.CLAIMED, Step.RELEASE): ItemStatus.OPEN,
    (ItemStatus.CLAIMED, Step.START): ItemStatus.UNDER_WAY,
    (ItemStatus.UNDER_WAY, Step.COMPLETE): ItemStatus.DONE,
    (ItemStatus.OPEN, Step.CANCEL): ItemStatus.CANCELLED,
    (ItemStatus.CLAIMED, Step.CANCEL): ItemStatus.CANCELLED,
    (ItemStatus.UNDER_WAY, Step.CANCEL): ItemStatus.CANCELLED,
}


@pytest.mark.parametrize("status", list(ItemStatus))
@pytest.mark.parametrize("step", list(Step))
def test_every_status_and_step(status: ItemStatus, step: Step) -> None:
    if (status, step) in LEGAL:
        assert next_status(status.value, step) is LEGAL[(status, step)]
    else:
        with pytest.raises(ValidationError) as exc:
            next_status(status.value, step)
        assert exc.value.message.startswith(f"“{status.value}”的事项不能{step.value}")


def test_the_table_is_the_legal_moves_and_finished_items_go_nowhere() -> None:
    assert {(s, step) for step, (froms, _t) in MOVES.items() for s in froms} == set(LEGAL)
    assert all(s not in froms for s in FINAL for froms, _t in MOVES.values())


def test_step_days() -> None:
    assert check_step_day(D, D, Step.START, D) == D
    with pytest.raises(ValidationError, match="开始实施日期2026年5月9日早于认领日期2026年5月10日"):
        check_step_day(D - dt.timedelta(days=1), D, Step.START, D, "认领日期")
    with pytest.raises(ValidationError, match="晚于今天"):
        check_step_day(D + dt.timedelta(days=1), None, Step.CLAIM, D)
    with pytest.raises(ValidationError, match="请填写完成日期"):
        check_step_day(None, None, Step.COMPLETE, D)


def test_overdue_only_while_not_finished() -> None:
    assert is_overdue("实施中", D - dt.timedelta(days=1), D)
    assert not is_overdue("实施中", D, D)  # due today is not late yet
    assert not is_overdue("已完成", D - dt.timedelta(days=9), D)
    assert not is_overdue("待认领", None, D)


def test_claimants_and_head_counts() -> None:
    assert claimant_kind(3, None, None) == "单位" and claimant_kind(None, None, 7) == "党员"
    with pytest.raises(ValidationError):
        claimant_kind(None, None, None)
    assert served_count("120人次") == 120 and served_count(0) == 0
    for bad in ("1e3", "3.5", "-1", None, "９９９９９９９９９"):
        with pytest.raises(ValidationError):
            served_count(bad)
