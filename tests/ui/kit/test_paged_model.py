"""The kit's paged table model over a real row source (the member service on a temp database),
with columns written here: the model knows a source and columns, not a record type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush

from app.services.container import Services
from app.services.members.service import MemberQuery, MemberRow, MemberService
from app.ui.kit.paged_model import RECORD_ID_ROLE, CellContext, Column, PagedTableModel, attribute
from tests.services.members.helpers import build_tree, member

N = 450  # more than two pages of 200


@dataclass
class CountingSource:
    """The member service, counting how many rows were read."""

    members: MemberService
    read: int = 0
    searches: int = 0

    def search_ids(self, query: MemberQuery) -> list[int]:
        self.searches += 1
        return self.members.search_ids(query)

    def rows(self, ids: Sequence[int]) -> list[MemberRow]:
        self.read += len(ids)
        return self.members.rows(ids)


def _phone(row: MemberRow, ctx: CellContext) -> str:
    return row.phone if ctx.reveal else row.phone[:3] + "****" + row.phone[-4:]


COLUMNS: tuple[Column[MemberRow], ...] = (
    Column("name", "姓名", "name", "欧阳秀英", attribute("name")),
    Column("phone", "电话", "phone", "138****5678", _phone, foreground=lambda r: "#0000ff" if r.mobile else None),
    Column("joined", "入党", None, "2000-01-01", attribute("joined_on"),
           tooltip=lambda r, ctx: f"入党{ctx.today.year - r.joined_on.year}年" if r.joined_on else None),
)


@pytest.fixture
def source(services: Services) -> CountingSource:
    tree = build_tree(services)
    inputs = [member(tree.branch_a if i % 2 else tree.branch_b, f"党员{i:03d}", phone=f"139{i:08d}",
                     born=dt.date(1950 + i % 50, 1 + i % 12, 1), mobile=(i == 7), mobile_to="外地" if i == 7 else "")
              for i in range(N)]
    services.members.bulk_create(inputs)
    return CountingSource(services.members)


@pytest.fixture
def model(qtbot, source: CountingSource) -> PagedTableModel[MemberQuery, MemberRow]:
    m = PagedTableModel(source, COLUMNS, MemberQuery(), row_foreground=lambda r: "#888888")
    m.reload()
    return m


def text(model: PagedTableModel, row: int, col: int = 0) -> str:
    return model.data(model.index(row, col))


def test_passes_qt_model_tester_with_several_pages(qtmodeltester, model: PagedTableModel) -> None:
    assert model.rowCount() == N
    qtmodeltester.check(model, force_py=True)


def test_only_the_pages_shown_are_read(model: PagedTableModel, source: CountingSource) -> None:
    assert source.read == 0  # searching reads ids only
    assert text(model, 0) == "党员000"
    assert text(model, 199) == "党员199"
    assert source.read == 200
    assert text(model, 420) == "党员420"
    assert source.read == 200 + (N - 400)  # the last, short page
    assert model.cached_rows() == 200 + (N - 400)


def test_old_pages_are_forgotten_beyond_the_limit(source: CountingSource) -> None:
    m = PagedTableModel(source, COLUMNS, MemberQuery(), page_size=100, max_pages=2)
    m.reload()
    for row in (0, 150, 250):  # three pages
        m.data(m.index(row, 0))
    assert m.cached_rows() == 200
    source.read = 0
    assert text(m, 0) == "党员000"  # read again
    assert source.read == 100


def test_header_sort_searches_again_and_keeps_the_selection_on_its_records(
        model: PagedTableModel, source: CountingSource) -> None:
    selection = QItemSelectionModel(model)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 10):
        selection.select(model.index(row, 0), flags)
    selection.setCurrentIndex(model.index(10, 1), QItemSelectionModel.SelectionFlag.NoUpdate)
    chosen = {model.id_at(3), model.id_at(10)}
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "name" and model.query.descending
    assert text(model, 0) == f"党员{N - 1:03d}"
    assert {model.data(i, RECORD_ID_ROLE) for i in selection.selectedRows()} == chosen
    current = selection.currentIndex()
    assert text(model, current.row()) == "党员010" and current.column() == 1
    searches = source.searches
    model.sort(2, Qt.SortOrder.AscendingOrder)  # a column without a sort key: nothing happens
    assert source.searches == searches and model.query.sort == "name"
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "phone" and text(model, 0, 1) == "139****0000"


def test_a_new_query_narrows_and_row_numbers_follow(model: PagedTableModel) -> None:
    some = model.ids()[5]
    model.set_query(MemberQuery(text="党员04"))
    assert [text(model, r) for r in range(model.rowCount())] == [f"党员04{i}" for i in range(10)]
    assert model.row_number(some) == -1
    assert model.row_number(model.ids()[3]) == 3
    assert model.headerData(3, Qt.Orientation.Vertical) == "4"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "姓名"


def test_reload_sees_records_added_meanwhile(model: PagedTableModel, services: Services) -> None:
    text(model, 0)
    row = services.members.create(member(services.members.rows(model.ids()[:1])[0].org_id, "阿丽"))
    model.reload()
    assert model.rowCount() == N + 1 and text(model, 0) == "阿丽"  # a comes before d in pinyin
    assert model.row_number(row.id) == 0


def test_context_changes_the_cells_without_searching(qtbot, model: PagedTableModel, source: CountingSource) -> None:
    assert text(model, 1, 1) == "139****0001"
    searches = source.searches
    with qtbot.waitSignal(model.dataChanged):
        model.set_context(reveal=True)
    assert text(model, 1, 1) == "13900000001"
    assert source.searches == searches


def test_colours_and_tooltips(model: PagedTableModel) -> None:
    mobile_row = model.row_number(next(r.id for r in model.records(range(N)) if r.mobile))
    blue = model.data(model.index(mobile_row, 1), Qt.ItemDataRole.ForegroundRole)
    grey = model.data(model.index(mobile_row, 0), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(blue, QBrush) and blue.color().name() == "#0000ff"  # the column's own
    assert grey.color().name() == "#888888"  # the row's colour elsewhere
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("入党") and tip.endswith("年")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "党员000"


def test_records_of_a_selection_come_in_table_order(model: PagedTableModel, source: CountingSource) -> None:
    model.sort(0, Qt.SortOrder.DescendingOrder)
    rows = [0, 1, 300, 449]
    assert [r.name for r in model.records(rows)] == ["党员449", "党员448", "党员149", "党员000"]
    assert model.cached_rows() == 0  # a selection is read without filling the cache
    assert list(model.records([N + 5, -1])) == []
