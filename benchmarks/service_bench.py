"""Volunteer service speed at county size: the demo county with N members, volunteers beside
them, and 1,000,000 service records over two years; then the steps the 服务 tab and the reports
perform (median of repeated runs): the hours-by-unit report for a year, one person's history,
the record list's search, count and first page, the figures for briefings, a feedback sheet.

    LANG=C.UTF-8 .venv/bin/python benchmarks/service_bench.py [--records N] [--db PATH] [--reuse]

The records are written straight to the table in batches (the service's own bulk path checks
each record against the person's others, which is for imports, not for making a million rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench_timing import median_ms
from sqlalchemy import func, insert, select

from app.db.models import ServiceRecord, ServiceReport, ServiceTeam, Volunteer, utcnow
from app.db.models.base import table_of
from app.domain.kit.idcard import make_id
from app.domain.kit.pinyin import name_keys
from app.domain.service.record_fields import SERVICE_CATEGORIES
from app.services.container import Services
from app.services.demo import build_demo, person_name
from app.services.kit.base import Actor
from app.services.service.demo import CONTENTS
from app.services.service.rows import RecordQuery
from app.ui.kit.id_windows import WINDOW, IdWindows

STATES = ("已确认",) * 90 + ("待确认",) * 8 + ("已退回",) * 2



def fill(s: Services, records: int, residents: int) -> None:
    rng = random.Random(12)
    now = utcnow()
    communities = [o.id for o in s.orgs.list() if o.org_type.value in ("社区党委", "党总支")]
    with s.db.sessions.begin() as ses:
        first = (ses.scalar(select(func.max(Volunteer.id))) or 0) + 1
        rows = []
        for i in range(residents):
            name = person_name(rng)
            pinyin, initials = name_keys(name)
            born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 16000))
            rows.append({"id": first + i, "uuid": str(uuid.uuid4()), "created_at": now, "updated_at": now, "version": 1,
                         "updated_by": "bench", "name": name, "name_pinyin": pinyin, "name_initials": initials,
                         "org_id": rng.choice(communities), "member_id": None,
                         "id_number": make_id("370124", born, rng.choice("男女"), rng),
                         "phone": "", "is_rep": rng.random() < 0.01, "rep_body": "", "skills": "", "remarks": ""})
        seen: set[str] = set(ses.scalars(select(Volunteer.id_number)))
        unique = []
        for row in rows:
            if row["id_number"] not in seen:
                seen.add(row["id_number"])
                unique.append(row)
        rows = unique
        for start in range(0, len(rows), 5000):
            ses.execute(insert(table_of(Volunteer)), rows[start:start + 5000])
        people = ses.execute(select(Volunteer.id, Volunteer.org_id, ServiceReport.unit_id)
                             .outerjoin(ServiceReport, ServiceReport.member_id == Volunteer.member_id)).all()
        teams = list(ses.scalars(select(ServiceTeam.id)))
        start_id = (ses.scalar(select(func.max(ServiceRecord.id))) or 0) + 1
        today = dt.date.today()
        per_person = max(1, records // len(people))
        batch: list[dict] = []
        made = 0
        t0 = time.perf_counter()
        for vid, org, unit in people:
            days = rng.sample(range(20, 730), min(per_person, 700))
            for d in days:
                if made >= records:
                    break
                hours = rng.choice((10, 15, 20, 25, 30, 40))
                batch.append({"id": start_id + made, "uuid": str(uuid.uuid4()), "created_at": now, "updated_at": now,
                              "version": 1, "updated_by": "bench", "volunteer_id": vid, "org_id": org,
                              "served_on": today - dt.timedelta(days=d), "start_time": "", "end_time": "",
                              "hours": hours, "content": CONTENTS[made % len(CONTENTS)],
                              "category": SERVICE_CATEGORIES[made % len(SERVICE_CATEGORIES)], "activity_id": None,
                              "served_people": made % 7, "hours_reason": "", "unit_id": unit,
                              "team_id": teams[made % len(teams)] if teams and made % 3 == 0 else None,
                              "status": STATES[made % len(STATES)], "confirmed_by": "bench", "confirmed_at": now,
                              "return_reason": "", "replaces_id": None, "correction_reason": ""})
                made += 1
                if len(batch) == 20_000:
                    ses.execute(insert(table_of(ServiceRecord)), batch)
                    batch = []
        if batch:
            ses.execute(insert(table_of(ServiceRecord)), batch)
    print(f"{len(rows)} residents, {len(people)} volunteers, {made} records written in "
          f"{time.perf_counter() - t0:.0f} s")
    with s.db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--members", type=int, default=20_000)
    p.add_argument("--residents", type=int, default=10_000)
    p.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "service_bench.db"))
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--reuse", action="store_true", help="time an existing benchmark database")
    args = p.parse_args()
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    s = Services.open(args.db, Actor("bench"))
    if not args.reuse:
        t0 = time.perf_counter()
        build_demo(s, options={"members": args.members})
        print(f"demo county with {args.members} members: {time.perf_counter() - t0:.0f} s")
        fill(s, args.records, args.residents)
    steps(s, args.runs)
    s.close()


def steps(s: Services, runs: int) -> None:
    root = s.settings.get("office_org_id")
    community = next(o.id for o in s.orgs.list() if o.org_type.value == "社区党委")
    today = dt.date.today()
    year_from = dt.date(today.year, 1, 1)
    r, t = s.service_records, s.service_totals
    busiest = t.hours_by("person", year_from, today)[0].key
    recent = RecordQuery(org_id=root, date_from=today - dt.timedelta(days=90))
    ids = r.search_ids(recent)
    unit_id = next(line.key for line in t.hours_by("unit", year_from, today) if line.key is not None)
    plan: list[tuple[str, Callable[[], object]]] = [
        ("hours by unit, this year (report)", lambda: t.hours_by("unit", year_from, today)),
        ("hours by unit, last 365 days", lambda: t.hours_by("unit", today - dt.timedelta(days=365), today)),
        ("hours by person, this year", lambda: t.hours_by("person", year_from, today)),
        ("hours by team, this year", lambda: t.hours_by("team", year_from, today)),
        ("hours by category, one community, this year", lambda: t.hours_by("category", year_from, today, community)),
        ("one person's history: search_ids + rows", lambda: r.rows(r.search_ids(RecordQuery(volunteer_id=busiest)))),
        ("one person's confirmed history (certificate)", lambda: t.person_history(busiest)),
        ("tab: search_ids, county, last 90 days (default)", lambda: r.search_ids(recent)),
        ("tab: count, county, last 90 days", lambda: r.count(recent)),
        ("tab: rows(ids[:200]), first page", lambda: r.rows(ids[:200])),
        ("tab: search_ids, one community, last 90 days",
         lambda: r.search_ids(RecordQuery(org_id=community, date_from=today - dt.timedelta(days=90)))),
        ("tab: search_ids, 待确认, county, all dates", lambda: r.search_ids(RecordQuery(org_id=root, status="待确认"))),
        ("tab: search_ids, name initials, last 90 days",
         lambda: r.search_ids(RecordQuery(org_id=root, text="wl", date_from=today - dt.timedelta(days=90)))),
        ("tab: count, county, all dates", lambda: r.count(RecordQuery(org_id=root))),
        ("tab: open county, all dates (first window + count)", lambda: IdWindows.search(r, RecordQuery(org_id=root))),
        ("tab: scroll to the end of county, all dates (last window)",
         lambda: r.ids_window(RecordQuery(org_id=root), r.count(RecordQuery(org_id=root)) - WINDOW, WINDOW)),
        ("tab: banner count of 待确认", lambda: r.count(RecordQuery(org_id=root, status="待确认"))),
        ("figures: county, this year", lambda: s.service_stats.figures(root, year_from, today)),
        ("quota progress: county, this year", lambda: t.quota_progress(today.year, 4, root)),
        ("feedback sheets: one unit, last quarter",
         lambda: s.service_feedback.sheets(*_last_quarter(today), unit_id=unit_id)),
    ]
    print(f"records {r.count_all()}, volunteers {s.volunteers.count_all()}; load {os.getloadavg()[0]:.2f}")
    print("| step | wall ms | cpu ms | rows |\n|---|---:|---:|---:|")
    for name, step in plan:
        wall, cpu, result = median_ms(step, runs)
        n = len(result) if isinstance(result, list | dict) else ""
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {n} |", flush=True)


def _last_quarter(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3
    return (today.year, q) if q else (today.year - 1, 4)


if __name__ == "__main__":
    main()
