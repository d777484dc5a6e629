"""No file, however odd, makes the importer fail with anything but a clear message, or write half."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.domain.kit.errors import AppError
from app.io.members.importer import MemberImporter
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from tests.io.kit.workbooks import write_csv, write_xlsx
from tests.io.members.roster import HEADER, id_for, make_office, member_row

# Header cells: ours, aliases, strangers, and junk.
HEADERS = st.sampled_from([*HEADER, "身份证号", "党员姓名", "入党时间", "出生日期", "性别", "民族", "失联",
                           "失联年月", "流动", "外出流向", "籍贯", "合计", "", "姓 名", "*公民身份号码"])
# Excel forbids control characters in cells; everything else may turn up.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
CELLS = st.one_of(
    st.none(), TEXT, st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)), st.booleans(),
    st.sampled_from(["正式党员", "预备党员", "第一党支部", "1985.10", "1985-02-30", "是", "否", "合计",
                     "1.10105E+17", id_for(1), id_for(2).lower(), "370***********1234"]),
)


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Services, Path]]:
    folder = Path(tempfile.mkdtemp(prefix="import-props-"))
    s = Services.open(folder / "ledger.db", Actor("测试员"))
    make_office(s)
    yield s, folder
    s.close()


def roster_count(s: Services) -> int:
    return s.members.count(MemberQuery(include_left=True))


def check_all_or_nothing(s: Services, path: Path) -> None:
    importer = MemberImporter(s)
    try:
        preview = importer.preview(path)
    except AppError:
        event("file refused")
        return
    before = roster_count(s)
    adds, _updates = preview.writable(False)
    try:
        outcome = importer.apply(preview)
    except AppError:
        event("apply refused")
        assert roster_count(s) == before
        return
    event("rows written" if adds else "nothing to write")
    assert len(outcome.added_ids) == len(adds)
    assert roster_count(s) == before + len(adds)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(HEADERS, min_size=0, max_size=10),
       body=st.lists(st.lists(CELLS, max_size=10), max_size=8),
       above=st.lists(st.lists(CELLS, max_size=4), max_size=3))
def test_random_sheets_never_crash_or_write_half(shared, header, body, above) -> None:
    s, folder = shared
    path = write_xlsx(folder / "random.xlsx", [*above, header, *body])
    check_all_or_nothing(s, path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.integers(1, 40), st.sampled_from(HEADER[1:]), CELLS), max_size=6),
       count=st.integers(1, 6), born=st.dates(dt.date(1930, 1, 1), dt.date(1966, 12, 31)))
def test_valid_rows_spoiled_at_random(shared, rows, count, born) -> None:
    """A real roster with random cells replaced: still only clear messages and whole writes."""
    s, folder = shared
    grid = [HEADER, *(member_row(n, **{"公民身份号码": id_for(n, born)}) for n in range(1, count + 1))]
    for row_pick, column, value in rows:
        grid[1 + row_pick % count][HEADER.index(column)] = value
    path = write_xlsx(folder / "spoiled.xlsx", grid)
    check_all_or_nothing(s, path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.lists(TEXT, max_size=8), max_size=8),
       header=st.lists(HEADERS, min_size=1, max_size=8))
def test_random_csv_never_crashes(shared, body, header) -> None:
    s, folder = shared
    path = folder / "random.csv"
    write_csv(path, [header, *body])
    check_all_or_nothing(s, path)
