"""The ledger: drafts, posting with gapless voucher numbers per year, posted entries that
nothing can change (the database refuses raw SQL too), reversals, closing years, balances."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.funds.ledger import NegativeBalance
from tests import ledger_sql
from tests.services.funds.helpers import build_tree, category_ids, entry, posted, source_ids


def test_a_draft_has_no_number_and_can_be_changed_and_deleted(services: Services) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1,200.50"))
    assert (draft.status, draft.voucher_no, draft.amount, draft.year) == ("草稿", None, 120050, 2026)
    assert draft.source_name == "财政投入" and draft.category_name == "办公经费"
    changed = services.ledger.update(draft.id, entry(tree.community, "１２００．５", summary="买打印纸"),
                                     draft.version)
    assert (changed.summary, changed.amount) == ("买打印纸", 120050)
    services.ledger.delete_draft(draft.id)
    assert services.ledger.count(EntryQuery()) == 0


@pytest.mark.parametrize(("typed", "fen"), [("1,200.50", 120050), ("１２００．５", 120050), ("1200.5元", 120050),
                                            ("0.01", 1), ("9999999999.99", 999999999999)])
def test_amounts_are_read_exactly(services: Services, typed: str, fen: int) -> None:
    tree = build_tree(services)
    assert services.ledger.create(entry(tree.community, typed)).amount == fen


@pytest.mark.parametrize(("typed", "says"), [("12.345", "两位小数"), ("-5", "负数"), ("0", "不能为0"),
                                             ("10000000000", "太大"), ("1,20.5", "千位分隔符"), ("十元", "无法识别"),
                                             ("", "不能为空"), ("1e3", "无法识别"), ("NaN", "无法识别")])
def test_hostile_amounts_are_refused_with_a_reason(services: Services, typed: str, says: str) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError, match=says):
        services.ledger.create(entry(tree.community, typed))
    assert services.ledger.count(EntryQuery()) == 0


def test_an_expense_needs_a_category_and_unknown_names_are_refused(services: Services) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError, match="支出类别"):
        services.ledger.create(entry(tree.community, category=None))
    with pytest.raises(ValidationError, match="经费来源“彩票公益金”不在来源列表中"):
        services.ledger.create(entry(tree.community, source="彩票公益金"))
    with pytest.raises(ValidationError, match="收支"):
        services.ledger.create(entry(tree.community, direction="借贷"))
    by_path = services.ledger.create(entry(tree.community, category="服务群众专项经费/党群建设"))
    by_leaf = services.ledger.create(entry(tree.community, category="党群建设"))
    assert by_path.category_id == by_leaf.category_id == category_ids(services)["服务群众专项经费/党群建设"]


def test_posting_numbers_each_year_from_one_without_gaps(services: Services) -> None:
    tree = build_tree(services)
    services.ledger.add_posted([entry(tree.community, "5000", direction="收入", on=dt.date(2025, 1, 2))])
    drafts = [services.ledger.create(entry(tree.community, "10", on=dt.date(2025, 12, 31 - i))) for i in range(3)]
    services.ledger.delete_draft(drafts[1].id)  # a deleted draft leaves no gap: it had no number
    this_year = services.ledger.create(entry(tree.community, "10", on=dt.date(2026, 1, 3)))
    other_org = services.ledger.create(entry(tree.other_community, "10", on=dt.date(2025, 6, 1)))
    rows = services.ledger.post([drafts[0].id, drafts[2].id, this_year.id, other_org.id], allow_negative=True)
    numbers = {(r.org_id, r.year, r.entry_date): r.voucher_no for r in rows}
    assert numbers == {(tree.community, 2025, dt.date(2025, 12, 29)): 2,
                       (tree.community, 2025, dt.date(2025, 12, 31)): 3,
                       (tree.community, 2026, dt.date(2026, 1, 3)): 1,
                       (tree.other_community, 2025, dt.date(2025, 6, 1)): 1}
    assert all(r.voucher.startswith(f"记-{r.year}-") for r in rows)


def test_a_posted_entry_cannot_be_changed_deleted_or_posted_again(services: Services) -> None:
    tree = build_tree(services)
    row = posted(services, entry(tree.community))
    with pytest.raises(ConflictError, match="已记账，不能修改"):
        services.ledger.update(row.id, entry(tree.community, "1"), row.version)
    with pytest.raises(ConflictError, match="已记账，不能删除"):
        services.ledger.delete_draft(row.id)
    with pytest.raises(ConflictError, match="已记账"):
        services.ledger.post([row.id])
    assert services.ledger.get(row.id) == row


@pytest.mark.parametrize("sql", [
    "UPDATE fund_entries SET amount = 1 WHERE id = :id",
    "UPDATE fund_entries SET status = '草稿' WHERE id = :id",
    "UPDATE fund_entries SET summary = '改过' WHERE id = :id",
    "DELETE FROM fund_entries WHERE id = :id",
    "DELETE FROM fund_entries",
])
def test_the_database_itself_refuses_raw_sql_on_a_posted_entry(services: Services, db_path: object, sql: str) -> None:
    tree = build_tree(services)
    row = posted(services, entry(tree.community, "88.88"))
    with pytest.raises(Exception, match="已记账的收支记录不能修改或删除"):
        ledger_sql.execute(db_path, sql, {"id": row.id})
    assert ledger_sql.rows(db_path, "SELECT amount, status, summary FROM fund_entries WHERE id = :id",
                           {"id": row.id}) == [(8888, "已记账", "购买办公用品")]


def test_the_database_refuses_truncate_on_the_server(services: Services, db_path: object, db_engine: str) -> None:
    if db_engine != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    tree = build_tree(services)
    posted(services, entry(tree.community))
    with pytest.raises(Exception, match="已记账"):
        ledger_sql.execute(db_path, "TRUNCATE fund_entries CASCADE")
    assert ledger_sql.rows(db_path, "SELECT count(*) FROM fund_entries") == [(1,)]


def test_drafts_stay_editable_in_raw_sql(services: Services, db_path: object) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community))
    ledger_sql.execute(db_path, "UPDATE fund_entries SET remarks = '补记' WHERE id = :id", {"id": draft.id})
    assert services.ledger.get(draft.id).remarks == "补记"


def test_a_reversal_names_the_original_and_restores_the_balance(services: Services) -> None:
    tree = build_tree(services)
    src = source_ids(services)["财政投入"]
    posted(services, entry(tree.community, "1000", direction="收入", on=dt.date(2026, 1, 5)))
    before = _left(services, tree.community, src)
    wrong = posted(services, entry(tree.community, "300", on=dt.date(2026, 2, 1)))
    assert _left(services, tree.community, src) == before - 30000
    rev = services.ledger.reverse(wrong.id, dt.date(2026, 2, 3), "金额录错")
    assert (rev.amount, rev.reverses_id, rev.status, rev.voucher_no) == (-30000, wrong.id, "已记账", 3)
    assert rev.summary.startswith("冲销2026-0002号")
    assert _left(services, tree.community, src) == before
    assert services.ledger.get(wrong.id).reversed_by == rev.id
    with pytest.raises(ConflictError, match="已经冲销过了"):
        services.ledger.reverse(wrong.id)
    with pytest.raises(ConflictError, match="冲销记录，不能再冲销"):
        services.ledger.reverse(rev.id)


def test_posting_below_zero_is_warned_and_needs_confirming(services: Services) -> None:
    tree = build_tree(services)
    posted(services, entry(tree.community, "100", direction="收入", source="社会支持"))
    draft = services.ledger.create(entry(tree.community, "150", source="社会支持"))
    assert "记账后将为-50.00元" in (services.ledger.negative_warning([draft.id]) or "")
    with pytest.raises(NegativeBalance, match="“社会支持”现有余额100.00元"):
        services.ledger.post([draft.id])
    assert services.ledger.get(draft.id).status == "草稿"
    assert services.ledger.post([draft.id], allow_negative=True)[0].voucher_no == 2


def test_closing_a_year_keeps_it_closed_and_balances_carry_forward(services: Services, db_path: object) -> None:
    tree = build_tree(services)
    src = source_ids(services)
    services.ledger.add_posted([
        entry(tree.community, "10000", direction="收入", on=dt.date(2024, 1, 10)),
        entry(tree.community, "2500.5", on=dt.date(2024, 5, 1)),
        entry(tree.community, "800", direction="收入", source="社会支持", on=dt.date(2025, 3, 1)),
        entry(tree.community, "100", on=dt.date(2025, 4, 1)),
        entry(tree.community, "1", on=dt.date(2026, 4, 1)),
    ])
    draft = services.ledger.create(entry(tree.community, "5", on=dt.date(2025, 12, 1)))
    with pytest.raises(ConflictError, match="请先结账2024年度"):
        services.closings.close(tree.community, 2025)
    services.closings.close(tree.community, 2024)
    with pytest.raises(ConflictError, match="还有1笔草稿"):
        services.closings.close(tree.community, 2025)
    services.ledger.delete_draft(draft.id)
    ends = services.closings.close(tree.community, 2025)
    assert ends == {"财政投入": 1000000 - 250050 - 10000, "社会支持": 80000}
    with pytest.raises(ConflictError, match="还没有结束"):
        services.closings.close(tree.community, dt.date.today().year)
    with pytest.raises(ConflictError, match="2025年度已结账"):
        services.ledger.create(entry(tree.community, on=dt.date(2025, 6, 1)))
    with pytest.raises(Exception, match="该年度已结账"):  # the database refuses it as well
        ledger_sql.execute(db_path, "INSERT INTO fund_entries (uuid, org_id, entry_date, year, status, summary, "
                           "direction, source_id, amount, counterparty, payment_method, handler, reviewer, approver, "
                           "remarks, posted_by, version, updated_by) VALUES ('x', :o, '2025-07-01', 2025, '草稿', "
                           "'补记', '支出', :s, 1, '', '', '', '', '', '', '', 1, '')",
                           {"o": tree.community, "s": src["财政投入"]})
    with pytest.raises(Exception, match="结账记录和结账余额不能修改或删除"):
        ledger_sql.execute(db_path, "DELETE FROM fund_closings")
    for on in (dt.date(2024, 12, 31), dt.date(2025, 2, 1), dt.date(2025, 12, 31), dt.date(2026, 12, 31)):
        assert _left(services, tree.community, src["财政投入"], on) == _by_hand(services, tree.community, on)


def test_balances_by_source_and_category_equal_the_sum_of_their_entries(services: Services) -> None:
    """Property: for random ledgers, every balance at every date is the sum of its entries."""
    tree = build_tree(services)
    rng = random.Random(7)
    sources = list(source_ids(services))
    cats = list(category_ids(services))
    inputs = [entry(tree.community if rng.random() < .8 else tree.branch_a, f"{rng.randint(1, 10**7) / 100:.2f}",
                    on=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000)),
                    direction=rng.choice(["收入", "支出"]), source=rng.choice(sources), category=rng.choice(cats))
              for _ in range(120)]
    services.ledger.add_posted(inputs)
    services.closings.close(tree.community, 2024)
    everything = services.ledger.rows(services.ledger.search_ids(EntryQuery()))
    for on in (dt.date(2024, 6, 30), dt.date(2025, 1, 1), dt.date(2026, 9, 1)):
        upto = [r for r in everything if r.entry_date <= on]
        for b in services.balances.by_source(tree.community, on):
            mine = [r for r in upto if r.source_id == b.key_id]
            assert (b.income, b.expense) == (sum(r.income for r in mine), sum(r.expense for r in mine))
        spent = {c.key_id: c.expense for c in services.balances.by_category(tree.community, on, roll_up=False)}
        for cid, total in spent.items():
            assert total == sum(r.expense for r in upto if r.category_id == cid)
        only = services.balances.by_source(tree.community, on, subtree=False)
        assert sum(b.balance for b in only) == sum(r.signed for r in upto if r.org_id == tree.community)
    rolled = {c.name: c.expense for c in services.balances.by_category(tree.community, dt.date(2026, 12, 31))}
    assert rolled["服务群众专项经费"] == sum(rolled[n] for n in ("党群建设", "公益服务", "社区管理")) + sum(
        r.expense for r in everything if r.category_name == "服务群众专项经费")


def test_a_million_cents_sum_exactly(services: Services) -> None:
    tree = build_tree(services)
    one = entry(tree.community, "0.01", direction="收入")
    services.ledger.add_posted([one] * 1000)
    total = services.balances.total(tree.community, dt.date(2026, 12, 31))
    assert total.income == 1000  # exactly 10.00 元: integer 分, no float drift
    from app.domain.kit.money import fen_to_decimal

    assert sum((fen_to_decimal(1) for _ in range(1_000_000)), start=fen_to_decimal(0)) == fen_to_decimal(1_000_000)


def _left(services: Services, org: int, source: int, on: dt.date = dt.date(2026, 12, 31)) -> int:
    return next(b.balance for b in services.balances.by_source(org, on, subtree=False) if b.key_id == source)


def _by_hand(services: Services, org: int, on: dt.date) -> int:
    rows = services.ledger.rows(services.ledger.search_ids(EntryQuery(org_id=org, date_to=on, status="已记账")))
    return sum(r.signed for r in rows if r.source_name == "财政投入" and r.org_id == org)


def test_the_database_refuses_an_entry_without_date_or_amount_or_in_the_wrong_year(services: Services,
                                                                                   db_path: object) -> None:
    tree = build_tree(services)
    src = source_ids(services)["财政投入"]
    insert = ("INSERT INTO fund_entries (uuid, org_id, entry_date, year, status, summary, direction, source_id, amount, "
              "counterparty, payment_method, handler, reviewer, approver, remarks, posted_by, version, updated_by) "
              "VALUES (:u, :o, :d, :y, '草稿', '手写', '支出', :s, :a, '', '', '', '', '', '', '', 1, '')")
    for day, year, amount in (("2026-03-01", 2026, None), (None, 2026, 100), ("2026-03-01", 2025, 100)):
        with pytest.raises(Exception, match="须有日期和金额，且年度与日期相符"):
            ledger_sql.execute(db_path, insert, {"u": f"x{year}{amount}", "o": tree.community, "d": day, "y": year,
                                                 "s": src, "a": amount})
    assert ledger_sql.rows(db_path, "SELECT count(*) FROM fund_entries") == [(0,)]


@pytest.mark.parametrize(("name", "says"), [("", "请填写"), ("长" * 31, "太长"), ("服务/群众", "不能含有"),
                                            ("办公经费", "已有")])
def test_categories_refuse_bad_names_and_keep_those_in_use(services: Services, name: str, says: str) -> None:
    with pytest.raises((ValidationError, ConflictError), match=says):
        services.fund_catalog.add_category(name)
    tree = build_tree(services)
    row = services.fund_catalog.add_category("志愿服务", category_ids(services)["服务群众专项经费"])
    assert row.path == "服务群众专项经费/志愿服务"
    posted(services, entry(tree.community, category=row.id))
    with pytest.raises(ConflictError, match="不能删除"):
        services.fund_catalog.delete_category(row.id)
    services.fund_catalog.rename_category(row.id, "志愿者服务")
    assert "服务群众专项经费/志愿者服务" in category_ids(services)
    with pytest.raises(ConflictError, match="已经有了"):
        services.fund_catalog.add_source("财政投入")
    assert services.fund_catalog.add_source("彩票公益金").name == "彩票公益金"
