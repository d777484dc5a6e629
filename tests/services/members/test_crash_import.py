"""Pulling the plug during a large import: the roster holds all of the file or none of it.

`dangjian import members` runs in a child process and is killed (SIGKILL, as a power cut or the
task manager would end it) at 20 moments: some at random times over the whole run, most while
the import's write transaction is putting pages into the database's -wal file. After each kill
the database must open as the program opens it at start (not on a network path, lock free,
quick check passed, no question to the user), pass SQLite's full integrity check, and hold
either every row of the file or none of them, with its audit trail whole.

The file is the 10,000-row roster; one such import takes about 6 s here, so to keep the test
near half a minute 5 of the kills hit it mid-write and the other 15 hit its first 2,000 rows.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from app.domain.kit.idcard import make_id
from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROWS = 10_000
LOOP_ROWS = 2_000
# (rows in the file, kills after a random delay over the whole run, kills once the -wal file
# has grown past a random size, i.e. mid-write)
KILL_PLAN = ((ROWS, 0, 5), (LOOP_ROWS, 5, 10))
KILLS = 20
SEED = 20260501
POLL = 0.003  # seconds between looks at the -wal file
HEADER = ["序号", "姓名", "性别", "公民身份号码", "人员类别", "所在党组织", "加入党组织日期",
          "转为正式党员日期", "联系电话"]


@dataclass(frozen=True)
class Counts:
    members: int
    orgs: int
    audit: int


@dataclass(frozen=True)
class Run:
    """One child process: how it ended and what the -wal file looked like meanwhile."""

    db: Path
    rows: int
    plan: str
    finished: bool  # it ended on its own before the kill
    returncode: int | None
    wal_seen: int  # the largest -wal size seen
    seconds: float


@dataclass(frozen=True)
class Setup:
    base: Path  # the office database before the import (no accounts: no login needed)
    rosters: dict[int, Path]  # by number of rows
    env: dict[str, str]
    before: Counts


def _counts(conn: sqlite3.Connection) -> Counts:
    return Counts(*(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("members", "organizations", "audit_log")))


def _write_roster(path: Path, rows: int) -> None:
    """Valid new members over two branches; the second branch is not on record yet
    (--create-orgs makes it in the same transaction)."""
    rng = random.Random(SEED)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(HEADER)
    used: set[str] = set()
    n = 0
    while n < rows:
        born = dt.date(rng.randint(1940, 1995), rng.randint(1, 12), rng.randint(1, 28))
        sex = rng.choice("男女")
        number = make_id("370181", born, sex, rng)
        if number in used:
            continue
        used.add(number)
        n += 1
        joined = dt.date(born.year + rng.randint(19, 28), rng.randint(1, 12), rng.randint(1, 28))
        ws.append([n, f"测试{n}", sex, number, "正式党员", ("第一党支部", "第二党支部")[n % 2],
                   joined.isoformat(), joined.replace(year=joined.year + 1).isoformat(), f"139{n:08d}"])
    wb.save(path)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    folder = tmp_path_factory.mktemp("crash")
    home = folder / "home"
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        env[var] = str(home / sub)
    for var in ("DANGJIAN_USER", "DANGJIAN_PASSWORD", "DANGJIAN_DB"):
        env.pop(var, None)
    base = folder / "base.db"
    services = Services.open(base, Actor("测试员"))
    try:
        office = init_office(services, "和平社区党委", "社区党委")
        services.orgs.create(OrgInput("第一党支部", OrgType.BRANCH, office.id))
    finally:
        services.close()
    assert not Path(f"{base}-wal").exists()  # closed cleanly: the copies start whole
    rosters = {n: folder / f"roster-{n}.xlsx" for n in (ROWS, LOOP_ROWS)}
    for n, path in rosters.items():
        _write_roster(path, n)
    with sqlite3.connect(base) as conn:
        before = _counts(conn)
    return Setup(base, rosters, env, before)


def _wal_size(db: Path) -> int:
    try:
        return Path(f"{db}-wal").stat().st_size
    except OSError:
        return 0


def _import(s: Setup, db: Path, rows: int, *, after: float | None = None,
            wal_past: int | None = None) -> Run:
    """Imports the ``rows`` file into a copy of the base database; kills the import ``after``
    seconds, or once the -wal file is larger than ``wal_past`` bytes; with neither, lets it
    finish."""
    shutil.copyfile(s.base, db)
    command = [sys.executable, "-m", "app", "import", "members", str(s.rosters[rows]), "--db", str(db),
               "--create-orgs"]
    start = time.monotonic()
    child = subprocess.Popen(command, env=s.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = 0
    while child.poll() is None:
        seen = max(seen, _wal_size(db))
        if after is not None and time.monotonic() - start >= after:
            break
        if wal_past is not None and seen > wal_past:
            break
        time.sleep(POLL)
    finished = child.poll() is not None
    if not finished:
        child.send_signal(signal.SIGKILL)
    _, err = child.communicate()
    if finished and child.returncode != 0:
        raise AssertionError(f"the import failed on its own: {err.decode('utf-8', 'replace')}")
    plan = f"after {after:.2f} s" if after is not None else f"-wal past {wal_past} bytes" if wal_past is not None else "to the end"
    return Run(db, rows, f"{rows} rows, killed {plan}", finished, child.returncode, seen, time.monotonic() - start)


def _check_opens_cleanly(db: Path) -> Counts:
    """Opens the database as the program does at start (network path, lock, quick check —
    a damaged file would raise DamagedDatabase here); returns what it holds."""
    services = Services.open(db, Actor("测试员"))
    try:
        with services.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        report = services.audit.verify()
        assert report.ok, report.problem
    finally:
        services.close()
    assert not Path(f"{db}-wal").exists()  # a clean close after the recovery
    with sqlite3.connect(db) as conn:
        return _counts(conn)


@pytest.fixture(scope="module")
def full_runs(setup: Setup, tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Run, Counts]]:
    """Each file imported and left to finish: how long it takes, how large the -wal grows, and
    what "all rows" looks like."""
    folder = tmp_path_factory.mktemp("full")
    out = {}
    for rows in setup.rosters:
        run = _import(setup, folder / f"full-{rows}.db", rows)
        out[rows] = (run, _check_opens_cleanly(run.db))
    return out


def test_an_import_left_alone_adds_every_row(setup: Setup, full_runs: dict[int, tuple[Run, Counts]]) -> None:
    for rows, (run, after) in full_runs.items():
        assert run.finished and run.returncode == 0
        assert after.members == setup.before.members + rows
        assert after.orgs == setup.before.orgs + 1  # 第二党支部, created by --create-orgs
        assert after.audit > setup.before.audit + rows  # one record per member, one for the branch
        assert run.wal_seen > 0


def _plans(full_runs: dict[int, tuple[Run, Counts]]) -> Iterator[tuple[int, dict[str, float | int]]]:
    rng = random.Random(SEED)
    for rows, by_time, by_wal in KILL_PLAN:
        full = full_runs[rows][0]
        for _ in range(by_time):
            yield rows, {"after": rng.uniform(0.1, full.seconds)}
        for _ in range(by_wal):
            yield rows, {"wal_past": rng.randint(0, int(full.wal_seen * 0.95))}


def test_killed_at_any_moment_the_roster_holds_all_rows_or_none(
    setup: Setup, full_runs: dict[int, tuple[Run, Counts]], tmp_path: Path,
) -> None:
    plans = list(_plans(full_runs))
    assert len(plans) == KILLS
    # Two at a time (this PC has two cores); each child works on a database of its own.
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda ip: _import(setup, tmp_path / f"run{ip[0]}.db", ip[1][0], **ip[1][1]),
                             enumerate(plans)))

    mid_write_none = 0
    killed_mid_write = 0
    for run in runs:
        held = _check_opens_cleanly(run.db)
        all_rows = full_runs[run.rows][1]
        assert held in (setup.before, all_rows), f"{run.plan}: {held} (before {setup.before}, all {all_rows})"
        if run.finished:
            assert held == all_rows, run.plan
        elif run.wal_seen > 0:
            killed_mid_write += 1
            mid_write_none += held == setup.before
    assert sum(not r.finished for r in runs) >= KILLS // 2
    # Several kills landed while the write transaction was filling the -wal file, and at least
    # one of them cut it off before its commit (so the "none" side was really tried).
    assert killed_mid_write >= 6, [r.plan for r in runs]
    assert mid_write_none >= 1
    big = [r for r in runs if r.rows == ROWS]
    assert sum(not r.finished and r.wal_seen > 0 for r in big) >= 3, [r.plan for r in big]
