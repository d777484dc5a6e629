"""Roster speed at county size: build a 100,000-member demo database, then time the steps
the member table performs interactively (median of repeated runs).

    LANG=C.UTF-8 .venv/bin/python benchmarks/members_bench.py [--members N] [--db PATH] [--reuse]

``--db`` may be a server's address (postgresql://user@host/db); with ``--reuse`` it is timed as it
is (e.g. after ``dangjian copy`` of the SQLite county into it), without it the demo is built
there (the database must then be empty).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_timing import median_ms

from app.services.container import Services
from app.services.demo import build_demo
from app.services.kit.base import Actor
from app.services.members.service import MemberQuery


class ServerCpu:
    """On a server running on this machine: the CPU time the server's processes spent (from
    /proc: every child of the postmaster, and through its cutime/cstime the parallel workers
    that have ended), which the client's own CPU time leaves out. Together they are the work a
    step costs, whatever else the machine is doing; the wall time is what the user waits."""

    def __init__(self, services: Services) -> None:
        self.postmaster: int | None = None
        self.tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
        if services.db.is_server:
            from sqlalchemy import text

            with services.db.engine.connect() as conn:
                backend = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            stat = self._stat(int(backend or 0))
            self.postmaster = int(stat[1]) if stat else None

    @staticmethod
    def _stat(pid: int) -> list[str] | None:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # not on this machine, or gone
            return None

    def total_ms(self) -> float | None:
        if self.postmaster is None:
            return None
        own = self._stat(self.postmaster)
        if own is None:
            return None
        ticks = int(own[11]) + int(own[12]) + int(own[13]) + int(own[14])  # its own and reaped children's
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                stat = self._stat(int(entry.name))
                if stat and int(stat[1]) == self.postmaster:
                    ticks += int(stat[11]) + int(stat[12])
        return ticks * self.tick_ms


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "members_bench.db"))
    p.add_argument("--reuse", action="store_true", help="use an existing database at --db")
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()

    if not args.reuse:
        if "://" not in args.db:
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.db) + suffix).unlink(missing_ok=True)
        start = time.perf_counter()
        s = Services.open(args.db, Actor("bench"))
        build_demo(s, options={"members": args.members})
        print(f"build demo with {args.members} members: {time.perf_counter() - start:.1f} s "
              f"(load {os.getloadavg()[0]:.2f})")
        s.close()
    s = Services.open(args.db, Actor("bench"))
    root = s.orgs.list()[0].id
    community = next(o.id for o in s.orgs.list() if o.org_type.value == "社区党委")
    m = s.members
    all_ids = m.search_ids(MemberQuery(org_id=root))
    sample = m.rows(all_ids[:1])[0]

    steps: list[tuple[str, Callable[[], object]]] = [
        ("search_ids: subtree root, no text", lambda: m.search_ids(MemberQuery(org_id=root))),
        ("count: subtree root", lambda: m.count(MemberQuery(org_id=root))),
        ("rows(ids[:100]): first page", lambda: m.rows(all_ids[:100])),
        ("search_ids: one community", lambda: m.search_ids(MemberQuery(org_id=community))),
        ("search_ids: 2-char name fragment", lambda: m.search_ids(MemberQuery(org_id=root, text=sample.name[-2:]))),
        ("search_ids: initials", lambda: m.search_ids(MemberQuery(org_id=root, text=sample.name_initials))),
        ("search_ids: full pinyin", lambda: m.search_ids(MemberQuery(org_id=root, text=sample.name_pinyin))),
        ("search_ids: ID fragment", lambda: m.search_ids(MemberQuery(org_id=root, text=sample.id_number[6:14]))),
        ("search_ids: phone fragment", lambda: m.search_ids(MemberQuery(org_id=root, text=sample.phone[-6:]))),
        ("search_ids: sort by birth date", lambda: m.search_ids(MemberQuery(org_id=root, sort="birth_date"))),
        ("search_ids: sort by organisation", lambda: m.search_ids(MemberQuery(org_id=root, sort="org_id"))),
        ("search_ids: sort by organisation, desc",
         lambda: m.search_ids(MemberQuery(org_id=root, sort="org_id", descending=True))),
        ("search_ids: one community by organisation",
         lambda: m.search_ids(MemberQuery(org_id=community, sort="org_id"))),
        ("search_ids: sort by education (no own index)",
         lambda: m.search_ids(MemberQuery(org_id=root, sort="education"))),
        ("search_ids: sort by phone", lambda: m.search_ids(MemberQuery(org_id=root, sort="phone"))),
        ("search_ids: sort by category desc",
         lambda: m.search_ids(MemberQuery(org_id=root, sort="category", descending=True))),
        ("search_ids: sort by sex", lambda: m.search_ids(MemberQuery(org_id=root, sort="sex"))),
        ("search_ids: sort by age, desc",
         lambda: m.search_ids(MemberQuery(org_id=root, sort="age", descending=True))),
        ("search_ids: sort by member type", lambda: m.search_ids(MemberQuery(org_id=root, sort="member_type"))),
        ("search_ids: sort by work unit", lambda: m.search_ids(MemberQuery(org_id=root, sort="work_unit"))),
        ("search_ids: sort by ID number", lambda: m.search_ids(MemberQuery(org_id=root, sort="id_number"))),
        ("search_ids: sort by status", lambda: m.search_ids(MemberQuery(org_id=root, sort="status"))),
        ("search_ids: phone, category filter",
         lambda: m.search_ids(MemberQuery(org_id=root, sort="phone", category="离退休党员"))),
        ("search_ids: one community by phone",
         lambda: m.search_ids(MemberQuery(org_id=community, sort="phone"))),
        ("search_ids: include those who left, by name",
         lambda: m.search_ids(MemberQuery(org_id=root, include_left=True))),
        ("search_ids: those who left too, 2-char name",
         lambda: m.search_ids(MemberQuery(org_id=root, include_left=True, text=sample.name[-2:]))),
        ("search_ids: one community by education",
         lambda: m.search_ids(MemberQuery(org_id=community, sort="education"))),
        ("search_ids: filter category + age band",
         lambda: m.search_ids(MemberQuery(org_id=root, category="离退休党员", age_band="60岁及以上"))),
        ("stats: subtree root", lambda: m.stats(root)),
        ("stats: one community", lambda: m.stats(community)),
    ]
    print(f"{s.db.engine.dialect.name}: {len(all_ids)} members on record; median of {args.runs} runs; "
          f"load {os.getloadavg()[0]:.2f}:")
    server = ServerCpu(s)
    for label, step in steps:
        before = server.total_ms()
        ms, cpu_ms, result = median_ms(step, args.runs)
        after = server.total_ms()
        size = len(result) if isinstance(result, list) else ""
        on_server = f"  server cpu {(after - before) / (args.runs + 1):6.1f} ms" if before is not None and after is not None else ""
        print(f"  {label:46s} {ms:8.1f} ms  (cpu {cpu_ms:6.1f} ms){on_server}  {size}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    s.close()


if __name__ == "__main__":
    main()
