"""Co-building speed at county size: 5,000 units in the area and 20,000 list items over the demo
county's communities, then the steps the 共建 tab's paged tables perform (median of repeated
runs), and an import preview of a 5,000-row unit list.

    LANG=C.UTF-8 .venv/bin/python benchmarks/cobuild_bench.py [--units N] [--items N] [--db PATH]
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

from app.domain.cobuild.credit_code import make_credit_code
from app.domain.cobuild.lists import LIST_KINDS
from app.domain.cobuild.units import PARTY_ORG_TYPES, UNIT_TYPES
from app.services.cobuild.list_rows import ListItemInput, ListQuery
from app.services.cobuild.rows import UnitInput
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services
from app.services.demo import build_demo
from app.services.kit.base import Actor

WORDS = ("人民", "实验", "城关", "和平", "文化", "东湖", "新华", "滨河", "金鼎", "鑫源", "华兴", "万家福")
KINDS = ("医院", "中学", "小学", "供电公司", "支行", "有限公司", "超市", "物业服务有限公司", "协会", "局")



def fill(s: Services, units: int, items: int) -> None:
    rng = random.Random(7)
    communities = [o.id for o in s.orgs.list() if o.org_type.value in ("社区党委", "党总支")]
    inputs = [UnitInput(
        name=f"青山县{rng.choice(WORDS)}{rng.choice(WORDS)}{KINDS[i % len(KINDS)]}{i}", org_id=rng.choice(communities),
        credit_code=make_credit_code(rng, area="370124"), unit_type=rng.choice(UNIT_TYPES),
        address=f"和平路{i}号", party_org_type=rng.choice(PARTY_ORG_TYPES[:-1]), party_org_name=f"单位{i}党支部",
        party_members=rng.randint(1, 300), on_council=rng.random() < 0.2, phone="13953112345")
        for i in range(units)]
    start = time.perf_counter()
    unit_ids = s.units.bulk_create(inputs)
    print(f"bulk_create {units} units: {time.perf_counter() - start:.1f} s")
    today = dt.date.today()
    lists = []
    for i in range(items):
        raised = today - dt.timedelta(days=rng.randint(0, 700))
        lists.append(ListItemInput(
            kind=LIST_KINDS[i % 3], title=f"事项{i}{rng.choice(WORDS)}", org_id=rng.choice(communities),
            category=rng.choice(("社区治理", "健康医疗", "文体", "城市建设")),
            unit_id=rng.choice(unit_ids) if i % 3 == 1 else None, raised_on=raised,
            deadline=raised + dt.timedelta(days=rng.randint(10, 300))))
    start = time.perf_counter()
    s.lists.bulk_create(lists)
    print(f"bulk_create {items} list items: {time.perf_counter() - start:.1f} s")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--units", type=int, default=5_000)
    p.add_argument("--items", type=int, default=20_000)
    p.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "cobuild_bench.db"))
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    s = Services.open(args.db, Actor("bench"))
    build_demo(s, options={"members": 0})
    fill(s, args.units, args.items)
    root = s.settings.get("office_org_id")
    community = next(o.id for o in s.orgs.list() if o.org_type.value == "社区党委")
    u, li = s.units, s.lists
    all_ids = u.search_ids(UnitQuery(org_id=root))
    sample = u.rows(all_ids[:1])[0]
    item_ids = li.search_ids(ListQuery(org_id=root))
    steps: list[tuple[str, Callable[[], object]]] = [
        ("units search_ids: county, by name", lambda: u.search_ids(UnitQuery(org_id=root))),
        ("units count: county", lambda: u.count(UnitQuery(org_id=root))),
        ("units rows(ids[:100]): first page", lambda: u.rows(all_ids[:100])),
        ("units search_ids: one community", lambda: u.search_ids(UnitQuery(org_id=community))),
        ("units search_ids: 2-char name fragment", lambda: u.search_ids(UnitQuery(text="医院"))),
        ("units search_ids: initials fragment", lambda: u.search_ids(UnitQuery(text=sample.name_initials[:4]))),
        ("units search_ids: credit-code fragment", lambda: u.search_ids(UnitQuery(text=sample.credit_code[8:14]))),
        ("units search_ids: type filter, sort by members desc",
         lambda: u.search_ids(UnitQuery(unit_type="非公企业", sort="party_members", descending=True))),
        ("units search_ids: sort by community", lambda: u.search_ids(UnitQuery(sort="org_id"))),
        ("units search_ids: sort by reporting members", lambda: u.search_ids(UnitQuery(sort="member_count"))),
        ("list search_ids: county, newest first", lambda: li.search_ids(ListQuery(org_id=root))),
        ("list rows(ids[:100]): first page", lambda: li.rows(item_ids[:100])),
        ("list search_ids: 需求清单 待认领", lambda: li.search_ids(ListQuery(kind="需求清单", status="待认领"))),
        ("list search_ids: overdue", lambda: li.search_ids(ListQuery(overdue=True))),
        ("list search_ids: one category, one community",
         lambda: li.search_ids(ListQuery(org_id=community, category="城市建设"))),
        ("list counts_by_status: county", lambda: li.counts_by_status(ListQuery(org_id=root))),
        ("list search_ids: text", lambda: li.search_ids(ListQuery(text="和平"))),
        ("agreements ending_within(30)", lambda: s.agreements.ending_within(30)),
        ("figures: county, this year",
         lambda: s.cobuild_stats.figures(root, dt.date(dt.date.today().year, 1, 1), dt.date.today())),
    ]
    print(f"units {len(all_ids)}, list items {len(item_ids)}; load {os.getloadavg()[0]:.2f}")
    print("| step | wall ms | cpu ms | rows |\n|---|---:|---:|---:|")
    for name, step in steps:
        wall, cpu, result = median_ms(step, args.runs)
        n = len(result) if isinstance(result, list | dict) else ""
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {n} |")
    _import_preview(s, Path(args.db).with_suffix(".xlsx"))
    s.close()


def _import_preview(s: Services, path: Path) -> None:
    from app.io.cobuild.export import export_units
    from app.io.cobuild.units_import import UnitImporter

    start = time.perf_counter()
    export_units(s, UnitQuery(sort="org_id"), path, show_sensitive=True)
    print(f"export {len(s.units.search_ids(UnitQuery()))} units to .xlsx: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    preview = UnitImporter(s).preview(path)
    print(f"import preview of that file: {time.perf_counter() - start:.2f} s "
          f"({len(preview.unchanged)} unchanged, {len(preview.refused)} refused)")
    path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
