"""Party dues: assessments by the brackets, payments of one or several months, who has not
paid, totals, remittances, and dues returned to the community as ledger income."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from tests.services.funds.helpers import build_tree
from tests.services.members.helpers import member


def _member(services: Services, org_id: int, name: str, **changes: object) -> int:
    return services.members.create(member(org_id, name, **changes)).id


@pytest.mark.parametrize(("kind", "base", "monthly", "rate"), [
    ("在职", "3000", 1500, "0.5%"), ("在职", "3000.01", 3000, "1%"), ("在职", "5000", 5000, "1%"),
    ("在职", "5000.01", 7500, "1.5%"), ("在职", "10000", 15000, "1.5%"), ("在职", "10000.01", 20000, "2%"),
    ("离退休", "5000", 2500, "0.5%"), ("离退休", "5000.01", 5000, "1%"), ("学生", None, 20, ""),
    ("低保", None, 20, ""), ("农民", None, 20, ""),
])
def test_the_assessment_follows_the_brackets_at_every_edge(services: Services, kind: str, base: str | None,
                                                           monthly: int, rate: str) -> None:
    tree = build_tree(services)
    who = _member(services, tree.branch_a, "张卫东")
    row = services.dues.assess(who, 2026, kind, base)
    assert (row.monthly, row.rate, row.due) == (monthly, rate, monthly)
    assert services.dues.assessment(who, 2026) == row


def test_rounding_and_the_farmers_amount_are_settings(services: Services) -> None:
    assert services.dues.calculate("在职", "3333.33").monthly_fen == 3333  # 33.3333 → 33.33
    services.settings.set("dues_step", "0.1")
    services.settings.set("dues_rounding", "进位")
    services.settings.set("dues_farmer_amount", "0.5")
    assert services.dues.calculate("在职", "3333.33").monthly_fen == 3340
    assert services.dues.calculate("农民").monthly_fen == 50


@pytest.mark.parametrize(("kind", "base", "says"), [
    ("在职", "12.345", "两位小数"), ("在职", "-4000", "负数"), ("在职", "", "不能为空"), ("干部", "4000", "不对"),
    ("在职", "4000元整元", "无法识别"), ("在职", "99999999999", "太大"),
])
def test_hostile_bases_and_kinds_are_refused(services: Services, kind: str, base: str, says: str) -> None:
    tree = build_tree(services)
    who = _member(services, tree.branch_a, "张卫东")
    with pytest.raises(ValidationError, match=says):
        services.dues.assess(who, 2026, kind, base)
    assert services.dues.assessment(who, 2026) is None


def test_a_reduction_needs_a_lower_amount_the_approving_body_and_date(services: Services) -> None:
    tree = build_tree(services)
    who = _member(services, tree.branch_a, "张卫东")
    with pytest.raises(ValidationError, match="批准的党组织"):
        services.dues.assess(who, 2026, "在职", "4000", reduced="10")
    with pytest.raises(ValidationError, match="应低于"):
        services.dues.assess(who, 2026, "在职", "4000", reduced="50", reduction_body="社区党委",
                             reduction_on=dt.date(2026, 2, 1))
    row = services.dues.assess(who, 2026, "在职", "4000", reduced="10", reduction_body="社区党委",
                               reduction_on=dt.date(2026, 2, 1))
    assert (row.monthly, row.due) == (4000, 1000)


def test_payments_for_several_months_and_who_has_not_paid(services: Services) -> None:
    tree = build_tree(services)
    paid, late, new = (_member(services, tree.branch_a, n) for n in ("王大海", "李小红", "赵新"))
    other = _member(services, tree.other_branch, "钱多多")
    for who in (paid, late, other):
        services.dues.assess(who, 2026, "在职", "4000")
    result = services.dues.pay(paid, dt.date(2026, 1, 1), dt.date(2026, 10, 1), paid_on=dt.date(2026, 4, 8),
                               receipt_no="DF-001", amount="400")
    assert (len(result.months), result.amount, result.warning) == (10, 40000, None)
    with pytest.raises(ConflictError, match="已经交过了"):
        services.dues.pay(paid, dt.date(2026, 10, 1))
    with pytest.raises(ValidationError, match="不符"):
        services.dues.pay(late, dt.date(2026, 1, 1), dt.date(2026, 2, 1), amount="40.01")
    with pytest.raises(ConflictError, match="还没有核定"):
        services.dues.pay(new, dt.date(2026, 1, 1))
    back = services.dues.pay(late, dt.date(2026, 2, 1), paid_on=dt.date(2026, 10, 8))
    assert back.warning and "超过6个月" in back.warning
    unpaid = services.dues.unpaid(dt.date(2026, 10, 1), tree.community)
    assert [(u.name, u.monthly, u.months_owed, u.flagged) for u in unpaid] == [
        ("李小红", 4000, 9, True), ("赵新", None, 10, True)]
    assert {u.name for u in services.dues.unpaid(dt.date(2026, 10, 1))} == {"李小红", "赵新", "钱多多"}


def test_totals_remittances_and_dues_returned_as_ledger_income(services: Services) -> None:
    tree = build_tree(services)
    a, b = (_member(services, tree.branch_a, n) for n in ("王大海", "李小红"))
    services.dues.assess(a, 2026, "在职", "4000")
    services.dues.assess(b, 2026, "离退休", "3000")
    services.dues.pay(a, dt.date(2026, 1, 1), dt.date(2026, 3, 1), paid_on=dt.date(2026, 3, 5))
    services.dues.remit(tree.community, dt.date(2026, 3, 31), "100", "青山县委组织部")
    totals = services.dues.totals(tree.community, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert (totals.due, totals.paid, totals.unpaid_people, totals.remitted, totals.kept) == (
        3 * (4000 + 1500), 12000, 1, 10000, 2000)
    with pytest.raises(ValidationError, match="上缴给哪个党组织"):
        services.dues.remit(tree.community, dt.date(2026, 3, 31), "1", " ")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.dues.remit(tree.community, tomorrow, "1", "青山县委组织部")
    with pytest.raises(ValidationError, match="收据号太长"):
        services.dues.remit(tree.community, dt.date(2026, 3, 31), "1", "青山县委组织部", receipt_no="号" * 31)
    assert services.dues.totals(tree.community, dt.date(2026, 1, 1), tomorrow).remitted == 10000
    entry_id = services.dues.returned(tree.community, dt.date(2026, 4, 2), "1,500")
    row = services.ledger.get(entry_id)
    assert (row.source_name, row.direction, row.amount, row.status, row.voucher_no) == ("党费补助", "收入", 150000,
                                                                                        "已记账", 1)
