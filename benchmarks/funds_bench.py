"""Funds speed at county size: 1,000,000 posted entries over the demo county's six communities
and ten years (the earlier years of half the communities closed), then the balances by source at
several dates, the budget-execution table, and the steps the 经费 tab's paged table performs
(median of repeated runs).

    LANG=C.UTF-8 .venv/bin/python benchmarks/funds_bench.py [--entries N] [--db PATH] [--reuse] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_timing import median_ms

from app.domain.funds.fields import INCOME, POSTED
from app.services.container import Services
from app.services.demo import build_demo
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor
from app.ui.kit.id_windows import WINDOW, IdWindows

FIRST_YEAR = 2017
YEARS = 10



def fill(s: Services, entries: int) -> list[int]:
    """Posted entries written straight through the kit's bulk insert (checked values, one audit
    record per batch): the benchmark is about reading them."""
    rng = random.Random(3)
    communities = [o.id for o in s.orgs.list() if o.org_type.value in ("社区党委", "党总支")]
    sources = [r.id for r in s.fund_catalog.sources()]
    cats = [c.id for c in s.fund_catalog.categories()]
    now = dt.datetime.now().replace(microsecond=0)
    _empty_funds(s)
    start = time.perf_counter()
    per_key: dict[tuple[int, int], int] = {}
    batch: list[dict[str, object]] = []
    for i in range(entries):
        org = communities[i % len(communities)]
        day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365 * YEARS))
        if day > dt.date.today():
            day = dt.date.today()
        income = rng.random() < 0.3
        key = (org, day.year)
        per_key[key] = per_key.get(key, 0) + 1
        batch.append({"org_id": org, "entry_date": day, "year": day.year, "voucher_no": per_key[key],
                      "status": POSTED, "summary": f"收支{i}", "direction": INCOME if income else "支出",
                      "source_id": rng.choice(sources), "category_id": None if income else rng.choice(cats),
                      "amount": rng.randint(1, 2_000_000 if income else 500_000), "counterparty": "", "payment_method": "",
                      "handler": "李敏", "reviewer": "", "approver": "", "attachments": 1, "remarks": "",
                      "posted_at": now, "posted_by": "benchmark", "version": 1, "updated_by": "benchmark"})
        if len(batch) == 100_000 or i == entries - 1:
            with s.ledger.writing() as session:
                s.ledger._bulk_insert(session, batch, chunk=5000, action="基准测试收支")
            batch = []
    print(f"inserted {entries} entries: {time.perf_counter() - start:.1f} s")
    for org in communities[::2]:
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS - 2):
            s.closings.close(org, year)
    for org in communities:
        s.budgets.set(org, dt.date.today().year, "服务群众专项经费", "200000")
        s.budgets.set(org, dt.date.today().year, "阵地建设", "50000")
        s.budgets.set(org, dt.date.today().year, "办公经费", "20000", source="财政投入")
    print(f"with closings and budgets: {time.perf_counter() - start:.1f} s")
    return communities


def _empty_funds(s: Services) -> None:
    """The demo county's own funds records out of the way (their closed years would refuse these)."""
    from sqlalchemy import text

    from app.db import funds_triggers
    from app.services.areas import AREAS

    funds = next(a for a in AREAS if a.key == "funds")
    with s.ledger.writing() as session, funds_triggers.suspended(session.connection()):
        for table in funds.tables:
            session.execute(text(f"DELETE FROM {table}"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "funds_bench.db"))
    ap.add_argument("--reuse", action="store_true", help="use the database a previous run built")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    path = Path(args.db)
    if not args.reuse and path.exists():
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    s = Services.open(path, Actor("基准测试"))
    if not args.reuse:
        build_demo(s, options={"members": 200})
        fill(s, args.entries)
    communities = [o.id for o in s.orgs.list() if o.org_type.value in ("社区党委", "党总支")]
    county = s.orgs.tree().roots()[0].id
    closed, open_ = communities[0], communities[1]
    year = dt.date.today().year
    print(f"entries: {s.ledger.count_all()}, load {os.getloadavg()[0]:.2f}")
    steps: list[tuple[str, Callable[[], object]]] = [
        ("balances by source: county, today", lambda: s.balances.by_source(county, dt.date.today())),
        ("balances by source: county, 2020-06-30", lambda: s.balances.by_source(county, dt.date(2020, 6, 30))),
        ("balances by source: community with closed years, today",
         lambda: s.balances.by_source(closed, dt.date.today(), subtree=False)),
        ("balances by source: community without closings, today",
         lambda: s.balances.by_source(open_, dt.date.today(), subtree=False)),
        ("balances by category: county, today", lambda: s.balances.by_category(county, dt.date.today())),
        ("budget execution: county, this year", lambda: s.budgets.execution(county, year)),
        ("budget execution: one community, this year", lambda: s.budgets.execution(closed, year)),
        ("ledger tab: search_ids one community, this year",
         lambda: s.ledger.search_ids(EntryQuery(org_id=closed, year=year))),
        ("ledger tab: count one community, this year", lambda: s.ledger.count(EntryQuery(org_id=closed, year=year))),
        ("ledger tab: search_ids county, this year", lambda: s.ledger.search_ids(EntryQuery(org_id=county, year=year))),
        ("ledger tab: count county, this year", lambda: s.ledger.count(EntryQuery(org_id=county, year=year))),
        ("ledger tab: search_ids county, all years", lambda: s.ledger.search_ids(EntryQuery(org_id=county))),
        ("ledger tab: open county, all years (first window + count)",
         lambda: IdWindows.search(s.ledger, EntryQuery(org_id=county))),
        ("ledger tab: scroll to the end of county, all years (last window)",
         lambda: s.ledger.ids_window(EntryQuery(org_id=county), 980_000, WINDOW)),
        ("ledger tab: open county, all years, by amount", lambda: IdWindows.search(
            s.ledger, EntryQuery(org_id=county, sort="amount", descending=True))),
        ("ledger tab: open, word search over all years (rare word)",
         lambda: IdWindows.search(s.ledger, EntryQuery(org_id=county, text="收支12345"))),
        ("ledger tab: open, word search over all years (word in every entry)",
         lambda: IdWindows.search(s.ledger, EntryQuery(org_id=county, text="李敏"))),
        ("ledger tab: search_ids county, this year, by amount",
         lambda: s.ledger.search_ids(EntryQuery(org_id=county, year=year, sort="amount", descending=True))),
        ("ledger tab: text search this year", lambda: s.ledger.search_ids(EntryQuery(year=year, text="收支12345"))),
    ]
    ids = s.ledger.search_ids(EntryQuery(org_id=closed, year=year))
    steps.append(("ledger tab: rows(first page of 200)", lambda: s.ledger.rows(ids[:200])))
    print("| step | median ms | CPU ms |\n|---|---:|---:|")
    for name, step in steps:
        wall, cpu, _r = median_ms(step, args.runs)
        print(f"| {name} | {wall:.0f} | {cpu:.0f} |")
    s.close()


if __name__ == "__main__":
    main()
