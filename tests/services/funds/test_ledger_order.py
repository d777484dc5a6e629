"""The ledger in its order — date, voucher number with the day's drafts after its posted entries,
id — the same whether a whole county is listed (read from ix_fund_entries_ledger_order, no IN
list) or one community; a second tree's root keeps its filter."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery, id_select
from app.services.orgs.service import OrgInput
from tests.services.funds.helpers import build_tree, entry

DAY = dt.date(2026, 3, 5)


def test_a_whole_county_lists_in_the_ledger_order(services: Services) -> None:
    tree = build_tree(services)
    ledger = services.ledger
    late_draft = ledger.create(entry(tree.community, "1", on=DAY, summary="草稿甲")).id
    first = ledger.create(entry(tree.other_community, "2", on=DAY, summary="先记账")).id
    second = ledger.create(entry(tree.community, "3", on=DAY, summary="后记账")).id
    earlier = ledger.create(entry(tree.community, "4", on=DAY - dt.timedelta(days=1), summary="前一天")).id
    ledger.post([second, first], allow_negative=True)
    ledger.post([earlier], allow_negative=True)
    county = ledger.search_ids(EntryQuery(org_id=tree.county))
    summaries = [r.summary for r in ledger.rows(county)]
    # Both posted on DAY are 记-2026-0001 of their own community: the id decides; the draft comes last.
    assert summaries == ["前一天", "先记账", "后记账", "草稿甲"]
    assert county[-1] == late_draft
    assert ledger.search_ids(EntryQuery(org_id=tree.county, descending=True)) == county[::-1]
    assert county == ledger.search_ids(EntryQuery())
    assert ledger.count(EntryQuery(org_id=tree.county)) == 4
    community = ledger.search_ids(EntryQuery(org_id=tree.community))
    assert community == [i for i in county if i != first] and ledger.count(EntryQuery(org_id=tree.community)) == 3


def test_a_second_root_keeps_the_filter(services: Services) -> None:
    tree = build_tree(services)
    other = services.orgs.create(OrgInput(name="白云县委", org_type=OrgType.COUNTY, parent_id=None)).id
    services.ledger.create(entry(tree.community, "1", on=DAY))
    assert services.ledger.search_ids(EntryQuery(org_id=other)) == []
    assert services.ledger.count(EntryQuery(org_id=other)) == 0
    assert len(services.ledger.search_ids(EntryQuery(org_id=tree.county))) == 1


def test_the_whole_ledger_is_read_from_its_index_not_sorted(services: Services) -> None:
    if services.db.engine.dialect.name != "sqlite":
        return  # the server's planner chooses by its statistics; the order is checked above
    sql = str(id_select(EntryQuery()).compile(services.db.engine, compile_kwargs={"literal_binds": True}))
    with services.db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_fund_entries_ledger_order" in plan and "TEMP B-TREE" not in plan


def test_a_year_by_amount_is_read_from_its_index_and_in_amount_order(services: Services) -> None:
    tree = build_tree(services)
    ledger = services.ledger
    for amount in ("300", "20", "4000", "20"):
        ledger.create(entry(tree.community, amount, on=DAY))
    by_amount = ledger.search_ids(EntryQuery(org_id=tree.county, year=DAY.year, sort="amount"))
    amounts = [r.amount for r in ledger.rows(by_amount)]
    assert amounts == sorted(amounts) and len(amounts) == 4
    assert ledger.search_ids(EntryQuery(org_id=tree.county, year=DAY.year, sort="amount", descending=True)) \
        == by_amount[::-1]
    if services.db.engine.dialect.name != "sqlite":
        return
    sql = str(id_select(EntryQuery(year=DAY.year, sort="amount")).compile(
        services.db.engine, compile_kwargs={"literal_binds": True}))
    with services.db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_fund_entries_year_amount" in plan and "TEMP B-TREE" not in plan


def test_a_county_year_is_read_in_ledger_order_from_its_index(services: Services) -> None:
    if services.db.engine.dialect.name != "sqlite":
        return
    for descending in (False, True):
        sql = str(id_select(EntryQuery(year=DAY.year, descending=descending)).compile(
            services.db.engine, compile_kwargs={"literal_binds": True}))
        with services.db.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "ix_fund_entries_year_order" in plan and "TEMP B-TREE" not in plan


def test_a_communitys_year_is_found_by_organisation_not_walked_along_the_countys_order(services: Services) -> None:
    tree = build_tree(services)
    ledger = services.ledger
    for amount, day in (("5", DAY), ("1", DAY - dt.timedelta(days=3)), ("3", DAY - dt.timedelta(days=1))):
        ledger.create(entry(tree.community, amount, on=day))
    ledger.create(entry(tree.other_community, "2", on=DAY))
    by_date = ledger.rows(ledger.search_ids(EntryQuery(org_id=tree.community, year=DAY.year)))
    assert [r.entry_date for r in by_date] == sorted(r.entry_date for r in by_date) and len(by_date) == 3
    by_amount = ledger.rows(ledger.search_ids(EntryQuery(org_id=tree.community, year=DAY.year, sort="amount")))
    assert [r.amount for r in by_amount] == sorted(r.amount for r in by_amount)
    if services.db.engine.dialect.name != "sqlite":
        return
    for sort in ("entry_date", "amount", "voucher_no"):
        stmt = id_select(EntryQuery(org_id=tree.community, year=DAY.year, sort=sort))
        sql = str(stmt.compile(services.db.engine, compile_kwargs={"literal_binds": True}))
        with services.db.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "ix_fund_entries_org_year" in plan and "year_order" not in plan and "year_amount" not in plan, plan


def test_words_over_the_whole_ledger_are_looked_for_in_their_index(services: Services) -> None:
    tree = build_tree(services)
    ledger = services.ledger
    ledger.create(entry(tree.community, "8", on=DAY, summary="购买慰问品"))
    ledger.create(entry(tree.other_community, "9", on=DAY, summary="支付水电费"))
    found = ledger.rows(ledger.search_ids(EntryQuery(org_id=tree.county, year=DAY.year, text="慰问")))
    assert [r.summary for r in found] == ["购买慰问品"]
    if services.db.engine.dialect.name != "sqlite":
        return
    sql = str(id_select(EntryQuery(year=DAY.year, text="慰问")).compile(
        services.db.engine, compile_kwargs={"literal_binds": True}))
    with services.db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "COVERING INDEX ix_fund_entries_words" in plan, plan


def test_windows_of_a_search_put_together_are_the_search(services: Services) -> None:
    """The list reads a long ledger in windows (LIMIT/OFFSET): in every order and scope they
    must join up to exactly the search, with nothing repeated or skipped at their edges."""
    tree = build_tree(services)
    ledger = services.ledger
    for i in range(23):
        org = tree.community if i % 3 else tree.other_community
        ledger.create(entry(org, str(1 + i % 7), on=DAY - dt.timedelta(days=i % 5), summary=f"第{i}笔"))
    ledger.post(ledger.search_ids(EntryQuery())[::2], allow_negative=True)
    for query in (EntryQuery(org_id=tree.county), EntryQuery(org_id=tree.county, descending=True),
                  EntryQuery(org_id=tree.community, sort="amount"), EntryQuery(sort="voucher_no", descending=True),
                  EntryQuery(text="第1")):
        whole = ledger.search_ids(query)
        joined = [i for offset in range(0, 30, 4) for i in ledger.ids_window(query, offset, 4)]
        assert joined == whole and ledger.count(query) == len(whole), query
    assert ledger.ids_window(EntryQuery(), 100, 4) == [] and ledger.ids_window(EntryQuery(), -5, 0) == []
