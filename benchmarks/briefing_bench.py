"""How long a briefing takes on a county-sized database (target: under 3 s).

    .venv/bin/dangjian demo --db /tmp/county.db --members 100000
    .venv/bin/python benchmarks/briefing_bench.py /tmp/county.db

Times, for the whole county: the built-in 工作汇报 (figures, a chart, a table of streets; with
{党员总数较上期增减} it also counts the roll at the end of the previous period), the built-in 简报,
the 工作汇报 of a past quarter (every figure as at that quarter's end, rebuilt from the members'
history), the member figures alone as at a day two years back, and a roster list of one
community. Each is run three times; the first run includes registering the fonts.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

from app.reports.briefings.briefing import BriefingRequest, Kind, render_briefing
from app.reports.briefings.period import parse_period
from app.reports.members.roster_list import render_roster_list
from app.services.container import Services
from app.services.members.query import MemberQuery


def timed(label: str, fn, runs: int = 3) -> None:  # type: ignore[no-untyped-def]
    times = []
    detail = ""
    for _ in range(runs):
        start = time.perf_counter()
        detail = fn()
        times.append(time.perf_counter() - start)
    print(f"{label}: first {times[0]:.2f} s, median {statistics.median(times):.2f} s  {detail}")


def main(path: str) -> None:
    services = Services.open(path)
    root = services.settings.get("office_org_id")
    total = services.members.stats(root).total
    print(f"database {path}: {services.orgs.count()} organisations, {total} members on record")
    period = parse_period(str(dt.date.today().year))

    def briefing(kind: Kind):  # type: ignore[no-untyped-def]
        def run() -> str:
            r = render_briefing(services, BriefingRequest(root, period, kind, number=1))
            assert r.ok, [str(p) for p in r.problems]
            return f"({r.pages} pages, {len(r.pdf) // 1024} KB)"
        return run

    timed("工作汇报 (county)", briefing(Kind.REPORT))
    timed("简报 (county)", briefing(Kind.BULLETIN))
    past = parse_period(f"{dt.date.today().year - 1}Q3")

    def past_report() -> str:
        r = render_briefing(services, BriefingRequest(root, past, Kind.REPORT, number=1))
        assert r.ok, [str(p) for p in r.problems]
        return f"({past.label}, {r.pages} pages)"

    timed("工作汇报 (county, a past quarter)", past_report)
    day = dt.date.today().replace(month=1, day=1) - dt.timedelta(days=365)
    timed(f"member figures as at {day}", lambda: f"({services.members.stats(root, day).total} on the roll)")
    community = next(o for o in services.orgs.list() if o.org_type.value == "社区党委")

    def roster() -> str:
        rows = services.members.rows(services.members.search_ids(MemberQuery(org_id=community.id)))
        pdf, pages = render_roster_list(rows, org_name=community.name)
        return f"({len(rows)} members, {pages} pages, {len(pdf) // 1024} KB)"

    timed("roster list (one community)", roster, runs=1)
    services.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/county.db")
