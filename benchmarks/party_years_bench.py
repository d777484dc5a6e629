"""党龄 at county size: 100,000 members (copies of one member with their own numbers and
full-membership dates spread over 70 years), then the roster's 党龄 sort and the 50-year
filter (median of repeated runs).

    LANG=C.UTF-8 .venv/bin/python benchmarks/party_years_bench.py [--members N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from tests.services.members.helpers import build_tree, member

from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=9)
    args = p.parse_args()
    path = Path(tempfile.mkdtemp()) / "party_years.db"
    s = Services.open(path, Actor("测试员"))
    tree = build_tree(s)
    seed = s.members.create(member(tree.branch_a, "张三丰")).id
    cols = [c for c in s.db.engine.dialect.get_columns(s.db.engine.connect(), "members") if c["name"] != "id"]
    names = [c["name"] for c in cols]
    chosen = ", ".join(
        "printf('%018d', n)" if c == "id_number" else "lower(hex(randomblob(16)))" if c == "uuid"
        else "date('now', '-' || (n % 25550) || ' days')" if c == "full_on"
        else "date('now', '-' || (n % 25550 + 365) || ' days')" if c == "joined_on" else c
        for c in names)
    with s.db.engine.begin() as conn:
        conn.execute(text(
            f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {args.members - 1}) "
            f"INSERT INTO members ({', '.join(names)}) SELECT {chosen} FROM seq, members WHERE members.id = {seed}"))
        conn.execute(text("ANALYZE"))
    m = s.members
    steps = {
        "search_ids: whole county by name (reference)": lambda: m.search_ids(MemberQuery()),
        "search_ids: sort by age (reference)": lambda: m.search_ids(MemberQuery(sort="age", descending=True)),
        "search_ids: 党龄50年以上": lambda: m.search_ids(MemberQuery(party_years_min=50)),
        "count: 党龄50年以上": lambda: m.count(MemberQuery(party_years_min=50)),
        "search_ids: sort by 党龄 (longest first)": lambda: m.search_ids(MemberQuery(sort="party_years",
                                                                                 descending=True)),
        "search_ids: 党龄50年以上, one community": lambda: m.search_ids(MemberQuery(org_id=tree.community,
                                                                                party_years_min=50)),
    }
    for label, step in steps.items():
        step()
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = step()
            times.append((time.perf_counter() - start) * 1000)
        n = result if isinstance(result, int) else len(result)
        print(f"{label:45s} {statistics.median(times):8.1f} ms  ({n} members)")
    s.close()


if __name__ == "__main__":
    main()
