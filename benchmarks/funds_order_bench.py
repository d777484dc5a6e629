"""The ledger tab's search_ids on a benchmark database (benchmarks/funds_bench.py builds one):
the county and one community, all years and this year; 3 runs each, median wall and CPU ms.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/funds_order_bench.py /tmp/hfund_bench.db
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.kit.base import Actor


def main() -> None:
    s = Services.open(Path(sys.argv[1]), Actor("基准测试"))
    county = s.orgs.tree().roots()[0].id
    communities = sorted(o.id for o in s.orgs.list() if o.org_type.value in ("社区党委", "党总支"))
    year = dt.date.today().year
    steps = [("county, all years", EntryQuery(org_id=county)),
             ("one community, this year", EntryQuery(org_id=communities[0], year=year)),
             ("county, this year", EntryQuery(org_id=county, year=year)),
             ("one community, all years", EntryQuery(org_id=communities[0]))]
    print(f"load {os.getloadavg()[0]:.1f}")
    for name, q in steps:
        walls, cpus = [], []
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            n = len(s.ledger.search_ids(q))
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(f"| {name} ({n} ids) | {sorted(walls)[1]:.0f} | {sorted(cpus)[1]:.0f} |")
    s.close()


if __name__ == "__main__":
    main()
