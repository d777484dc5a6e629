"""共建协议: status from dates and actions, terms and renewal, commitments, numbering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.cobuild.agreements import (
    ALLOWED,
    MECHANISMS,
    Action,
    Commitment,
    Status,
    Term,
    agreement_status,
    carry_over,
    check_action,
    check_commitment,
    check_mechanisms,
    check_signing,
    check_termination,
    days_left,
    format_number,
    fulfilment,
    in_force,
    next_number,
    normalize_number,
    one_year_from,
    overdue,
    parse_number,
    renewal_term,
)
from app.domain.kit.errors import ValidationError

D = dt.date
TERM = Term(D(2026, 1, 1), D(2026, 12, 31))
SIGNED = D(2025, 12, 20)


@pytest.mark.parametrize(
    ("today", "status"),
    [(D(2025, 12, 25), Status.IN_FORCE),  # signed, not begun yet
     (D(2026, 6, 1), Status.IN_FORCE),
     (D(2026, 11, 30), Status.IN_FORCE),  # 31 days left
     (D(2026, 12, 1), Status.ENDING),  # 30 days left
     (D(2026, 12, 31), Status.ENDING),  # the last day
     (D(2027, 1, 1), Status.EXPIRED)],
)
def test_status_follows_the_dates(today: dt.date, status: Status) -> None:
    assert agreement_status(TERM, today, signed_on=SIGNED) is status


def test_unsigned_is_a_draft_and_terminated_wins() -> None:
    assert agreement_status(TERM, D(2026, 6, 1), signed_on=None) is Status.DRAFT
    assert agreement_status(TERM, D(2027, 6, 1), signed_on=None) is Status.DRAFT
    ended = D(2026, 5, 10)
    for today, status in ((D(2026, 5, 9), Status.IN_FORCE), (D(2026, 5, 10), Status.TERMINATED),
                          (D(2027, 5, 10), Status.TERMINATED)):
        assert agreement_status(TERM, today, signed_on=SIGNED, terminated_on=ended) is status


def test_the_warning_window_is_a_setting() -> None:
    assert agreement_status(TERM, D(2026, 11, 1), signed_on=SIGNED, warn_days=60) is Status.ENDING
    assert agreement_status(TERM, D(2026, 12, 31), signed_on=SIGNED, warn_days=0) is Status.ENDING
    assert agreement_status(TERM, D(2026, 12, 30), signed_on=SIGNED, warn_days=0) is Status.IN_FORCE
    with pytest.raises(ValueError):
        agreement_status(TERM, D(2026, 1, 1), signed_on=SIGNED, warn_days=-1)


def test_in_force_on_a_day_for_the_figures() -> None:
    assert in_force(TERM, D(2026, 6, 30), signed_on=SIGNED)
    assert not in_force(TERM, D(2025, 12, 31), signed_on=SIGNED)  # not begun
    assert not in_force(TERM, D(2026, 6, 30), signed_on=None)
    assert not in_force(TERM, D(2026, 3, 1), signed_on=D(2026, 3, 2))
    assert not in_force(TERM, D(2026, 6, 30), signed_on=SIGNED, terminated_on=D(2026, 6, 30))
    assert in_force(TERM, D(2026, 6, 29), signed_on=SIGNED, terminated_on=D(2026, 6, 30))
    assert days_left(TERM, D(2026, 12, 1)) == 30
    assert days_left(TERM, D(2027, 1, 2)) == -2


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 1, 1)),
       st.one_of(st.none(), st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 1, 1))),
       st.integers(min_value=0, max_value=90))
def test_status_and_in_force_agree(today: dt.date, terminated: dt.date | None, warn: int) -> None:
    status = agreement_status(TERM, today, signed_on=SIGNED, terminated_on=terminated,
                              warn_days=warn)
    live = in_force(TERM, today, signed_on=SIGNED, terminated_on=terminated)
    if live:
        assert status in (Status.IN_FORCE, Status.ENDING)
    if status in (Status.EXPIRED, Status.TERMINATED, Status.DRAFT):
        assert not live
    if status is Status.ENDING:
        assert 0 <= days_left(TERM, today) <= warn


def test_actions_allowed_in_each_status() -> None:
    check_action(Status.DRAFT, Action.SIGN)
    check_action(Status.ENDING, Action.RENEW)
    with pytest.raises(ValidationError, match="已到期的协议不能终止，可以续签"):
        check_action(Status.EXPIRED, Action.TERMINATE)
    with pytest.raises(ValidationError, match="已终止的协议不能修改，只能查看"):
        check_action(Status.TERMINATED, Action.EDIT)
    with pytest.raises(ValidationError, match="生效的协议不能删除"):
        check_action(Status.IN_FORCE, Action.DELETE)
    assert all(Action.DELETE not in allowed for s, allowed in ALLOWED.items() if s is not Status.DRAFT)


def test_terms() -> None:
    assert one_year_from(D(2026, 3, 1)) == Term(D(2026, 3, 1), D(2027, 2, 28))
    assert one_year_from(D(2028, 2, 29)).ends_on == D(2029, 2, 27)
    assert TERM.text == "2026年1月1日至2026年12月31日"
    with pytest.raises(ValidationError, match="早于开始日期"):
        Term(D(2026, 5, 1), D(2026, 4, 30))
    with pytest.raises(ValidationError, match="超过了5年"):
        Term(D(2026, 1, 1), D(2036, 1, 1))
    assert Term(D(2026, 5, 1), D(2026, 5, 1)).ends_on == D(2026, 5, 1)


def test_renewal_continues_the_term() -> None:
    assert renewal_term(TERM) == Term(D(2027, 1, 1), D(2027, 12, 31))
    assert renewal_term(Term(D(2026, 3, 1), D(2028, 2, 29))) == Term(D(2028, 3, 1), D(2030, 2, 28))
    odd = Term(D(2026, 1, 1), D(2026, 6, 30))
    assert renewal_term(odd) == Term(D(2026, 7, 1), D(2026, 12, 31))  # half a year again
    days = Term(D(2026, 1, 1), D(2026, 1, 10))
    assert renewal_term(days) == Term(D(2026, 1, 11), D(2026, 1, 20))  # same number of days


def test_signing_and_termination_checks() -> None:
    check_signing(TERM, SIGNED, D(2026, 1, 5))
    with pytest.raises(ValidationError, match="签订日期"):
        check_signing(TERM, None, D(2026, 1, 5))
    with pytest.raises(ValidationError, match="今天之后"):
        check_signing(TERM, D(2026, 2, 1), D(2026, 1, 5))
    with pytest.raises(ValidationError, match="晚于协议期限"):
        check_signing(TERM, D(2027, 2, 1), D(2027, 3, 1))
    check_termination(SIGNED, D(2026, 5, 1), "单位迁出辖区")
    with pytest.raises(ValidationError, match="写明原因"):
        check_termination(SIGNED, D(2026, 5, 1), "  ")
    with pytest.raises(ValidationError, match="早于签订日期"):
        check_termination(SIGNED, D(2025, 5, 1), "迁出")
    with pytest.raises(ValidationError, match="终止日期"):
        check_termination(SIGNED, None, "迁出")


def test_the_seven_mechanisms() -> None:
    assert len(MECHANISMS) == 7 and len(set(MECHANISMS)) == 7
    assert all(m.startswith("双向") for m in MECHANISMS)
    assert check_mechanisms(["双向约束", " 双向承诺", "双向承诺", ""]) == ("双向承诺", "双向约束")
    with pytest.raises(ValidationError, match="双向帮扶"):
        check_mechanisms(["双向帮扶"])


def test_commitments() -> None:
    items = [Commitment("开放会议室", "乙方", D(2026, 3, 1), D(2026, 2, 20)),
             Commitment("每季度组织一次志愿服务", "乙方", D(2026, 3, 31)),
             Commitment("提供党员活动场地", "甲方", None)]
    assert overdue(items, D(2026, 4, 1)) == [items[1]]
    assert overdue(items, D(2026, 3, 31)) == []
    assert carry_over(items) == items[1:]
    assert fulfilment(items) == (1, 3)
    assert fulfilment([]) == (0, 0)
    check_commitment(items[0], D(2026, 4, 1))
    with pytest.raises(ValidationError, match="内容"):
        check_commitment(Commitment(" ", "甲方"), D(2026, 4, 1))
    with pytest.raises(ValidationError, match="甲方或乙方"):
        check_commitment(Commitment("场地", "丙方"), D(2026, 4, 1))
    with pytest.raises(ValidationError, match="完成日期"):
        check_commitment(Commitment("场地", "甲方", done_on=D(2026, 5, 1)), D(2026, 4, 1))


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("共建〔2026〕3号", "共建〔2026〕3号"), ("共建[2026]3号", "共建〔2026〕3号"),
     ("共建（2026）第3号", "共建〔2026〕3号"), ("共建【２０２６】０３号", "共建〔2026〕3号"),
     (" 和平社区共建 〔2026〕 12 号 ", "和平社区共建〔2026〕12号"), ("共建﹝2026﹞3号", "共建〔2026〕3号"),
     ("〔2026〕3号", "〔2026〕3号")],
)
def test_numbers_typed_in_variants_are_read(typed: str, canonical: str) -> None:
    assert normalize_number(typed) == canonical


@pytest.mark.parametrize("typed", ["GJ-2026-003", "共建2026年3号", "共建〔26〕3号", "共建〔2026〕0号", "",
                                   "共建〔٢٠٢٦〕3号"])
def test_other_forms_are_kept_as_typed(typed: str) -> None:
    assert parse_number(typed) is None
    assert normalize_number(f" {typed} ") == typed


def test_next_number_per_year_and_prefix() -> None:
    existing = ["共建〔2026〕1号", "共建[2026]7号", "共建〔2025〕12号", "和平共建〔2026〕30号", "手写编号"]
    assert next_number(existing, 2026) == "共建〔2026〕8号"
    assert next_number(existing, 2027) == "共建〔2027〕1号"
    assert next_number(existing, 2026, "和平共建") == "和平共建〔2026〕31号"
    assert next_number([], 2026) == "共建〔2026〕1号"
    with pytest.raises(ValueError):
        format_number(2026, 0)


@given(st.integers(min_value=1990, max_value=2099), st.integers(min_value=1, max_value=99999),
       st.sampled_from(["共建", "和平社区共建", ""]))
def test_numbers_read_back(year: int, serial: int, prefix: str) -> None:
    text = format_number(year, serial, prefix)
    parsed = parse_number(text)
    assert parsed is not None and (parsed.prefix, parsed.year, parsed.serial) == (prefix, year, serial)
    assert next_number([text], year, prefix) == format_number(year, serial + 1, prefix)
