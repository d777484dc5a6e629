"""The 党费 tab's forms at the service: remittances upward recorded from the form and listed by
year with collected / remitted / kept; an assessment re-made in the year with its reason (the
months paid keep what was paid) and a hardship reduction with its approving body and date;
category names kept unique under one parent when renamed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from app.services.funds.dues_rows import AssessInput
from app.services.funds.remittances import RemittanceInput
from tests.services.funds.helpers import build_tree
from tests.services.members.helpers import member

TODAY = dt.date.today()


def remit(org_id: int | None, **changes: object) -> RemittanceInput:
    values: dict[str, object] = {"org_id": org_id, "remitted_on": TODAY, "amount": "1,200.50", "to_org": "城关街道党工委",
                                 "receipt_no": " DF-01 "}
    values.update(changes)
    return RemittanceInput(**values)  # type: ignore[arg-type]


def test_remittances_are_listed_by_year_with_what_was_kept(services: Services) -> None:
    tree = build_tree(services)
    who = services.members.create(member(tree.branch_a, "王大海")).id
    services.dues.assess(who, TODAY.year, "在职", "4000")  # 40.00 a month
    services.dues.pay(who, dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 1, 1), paid_on=TODAY)
    row = services.remittances.record(remit(tree.community, amount="30"))
    assert (row.amount, row.receipt_no, row.org_name) == (3000, "DF-01", services.orgs.get(tree.community).name)
    services.dues.remit(tree.community, dt.date(TODAY.year - 1, 12, 30), "5", "城关街道党工委")
    assert [r.amount for r in services.remittances.rows_of(tree.county, TODAY.year)] == [3000]
    assert len(services.remittances.rows_of(tree.county)) == 2
    assert services.remittances.rows_of(tree.other_community, TODAY.year) == []
    t = services.remittances.year_totals(tree.county, TODAY.year)
    assert (t.paid, t.remitted, t.kept) == (4000, 3000, 1000)


@pytest.mark.parametrize(("changes", "words"), [
    ({"amount": "12.345"}, "两位小数"), ({"amount": "-1"}, "负数"), ({"amount": ""}, "上缴金额"),
    ({"to_org": ""}, "上缴给哪个"), ({"to_org": "党" * 61}, "最多60个字"), ({"receipt_no": "号" * 31}, "收据号太长"),
    ({"remitted_on": TODAY + dt.timedelta(days=1)}, "晚于今天"), ({"remitted_on": None}, "上缴日期"),
    ({"org_id": None}, "党组织"),
])
def test_hostile_remittances_are_refused(services: Services, changes: dict[str, object], words: str) -> None:
    tree = build_tree(services)
    changes = dict(changes)  # the parameters are shared by both engines' runs
    org = changes.pop("org_id", tree.community)
    with pytest.raises(ValidationError, match=words):
        services.remittances.record(remit(org, **changes))  # type: ignore[arg-type]
    assert services.remittances.rows_of(None) == []


def test_a_formula_as_receiving_organisation_is_kept_as_text(services: Services) -> None:
    tree = build_tree(services)
    assert services.remittances.record(remit(tree.community, to_org="=cmd|' /C calc'!A0")).to_org.startswith("=cmd")


def test_a_re_assessment_in_the_year_needs_its_reason(services: Services) -> None:
    tree = build_tree(services)
    who = services.members.create(member(tree.branch_a, "王大海")).id
    year = TODAY.year
    first = services.dues.assess_from(who, year, AssessInput(kind="在职", base="4000"))
    assert first.monthly == 4000
    services.dues.pay(who, dt.date(year, 1, 1), paid_on=TODAY)
    with pytest.raises(ValidationError, match="写明原因"):
        services.dues.assess_from(who, year, AssessInput(kind="在职", base="6000"))
    again = services.dues.assess_from(who, year, AssessInput(kind="在职", base="6000", remarks="7月起调整工资"))
    assert again.monthly == 9000 and again.bracket != first.bracket  # 1.5% of 6000
    result = services.dues.pay(who, dt.date(year, 2, 1), paid_on=TODAY)
    assert result.amount == 9000
    assert services.dues.paid_months(who, year) == [dt.date(year, 1, 1), dt.date(year, 2, 1)]
    with pytest.raises(ValidationError, match="最多100个字"):
        services.dues.assess_from(who, year, AssessInput(kind="在职", base="6000", remarks="因" * 101))


@pytest.mark.parametrize(("changes", "words"), [
    ({"reduced": "50"}, "应低于"), ({"reduced": "1.234"}, "两位小数"), ({"reduced": "-1"}, "负数"),
    ({"reduction_body": ""}, "批准的党组织"), ({"reduction_on": None}, "批准日期"),
    ({"reduction_on": TODAY + dt.timedelta(days=3)}, "晚于今天"), ({"reduction_body": "委" * 61}, "最多60个字"),
    ({"kind": "退休老干部"}, "不对"), ({"base": "12.345"}, "两位小数"),
])
def test_a_hardship_reduction_needs_its_body_and_date(services: Services, changes: dict[str, object],
                                                      words: str) -> None:
    tree = build_tree(services)
    who = services.members.create(member(tree.branch_a, "王大海")).id
    values: dict[str, object] = {"kind": "在职", "base": "4000", "reduced": "10", "reduction_body": "和平社区党委",
                                 "reduction_on": TODAY}
    ok = services.dues.assess_from(who, TODAY.year, AssessInput(**values))  # type: ignore[arg-type]
    assert (ok.due, ok.reduction_body) == (1000, "和平社区党委")
    values.update(changes, remarks="重新核定")
    with pytest.raises(ValidationError, match=words):
        services.dues.assess_from(who, TODAY.year, AssessInput(**values))  # type: ignore[arg-type]


def test_a_category_renamed_to_a_sibling_name_is_refused(services: Services) -> None:
    cats = {c.path: c.id for c in services.fund_catalog.categories()}
    with pytest.raises(ConflictError, match="已有支出类别“公益服务”"):
        services.fund_catalog.rename_category(cats["服务群众专项经费/党群建设"], "公益服务")
    services.fund_catalog.rename_category(cats["办公经费"], "公益服务")  # another parent: allowed
    assert "公益服务" in {c.path for c in services.fund_catalog.categories()}
