"""A long search in the kit's table model is read a window of ids at a time: the list opens with
the first window and the count, scrolling reads the window it reaches, the row being worked on
is found again after the search runs again, and a large selection reads the search once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from app.ui.kit.id_windows import IdWindows
from app.ui.kit.paged_model import Column, PagedTableModel

N = 1000
WINDOW = 100


@dataclass(frozen=True)
class Row:
    id: int
    name: str


@dataclass(frozen=True)
class Query:
    text: str = ""
    sort: str = "id"
    descending: bool = False


@dataclass
class ListSource:
    """Records 1 … N held in a list; every call is counted."""

    ids: list[int] = field(default_factory=lambda: list(range(1, N + 1)))
    windows: list[tuple[int, int]] = field(default_factory=list)
    whole_searches: int = 0
    counts: int = 0

    def _search(self, query: Query) -> list[int]:
        ids = [i for i in self.ids if query.text in str(i)]
        return sorted(ids, reverse=query.descending)

    def search_ids(self, query: Query) -> list[int]:
        self.whole_searches += 1
        return self._search(query)

    def count(self, query: Query) -> int:
        self.counts += 1
        return len(self._search(query))

    def ids_window(self, query: Query, offset: int, limit: int) -> list[int]:
        self.windows.append((offset, limit))
        return self._search(query)[offset:offset + limit]

    def rows(self, ids: Sequence[int]) -> list[Row]:
        present = set(self.ids)
        return [Row(i, f"第{i}条") for i in ids if i in present]


COLUMNS = (Column("name", "名称", "id", "第1000条", lambda r, _c: r.name),)


@pytest.fixture
def source() -> ListSource:
    return ListSource()


@pytest.fixture
def model(qtbot, source: ListSource) -> PagedTableModel[Query, Row]:
    m = PagedTableModel(source, COLUMNS, Query(), window=WINDOW, page_size=20)
    m.reload()
    return m


def cell(model: PagedTableModel, row: int) -> str:
    return model.data(model.index(row, 0))


def test_a_long_search_opens_with_one_window_and_the_count(model: PagedTableModel, source: ListSource) -> None:
    assert model.rowCount() == N
    assert source.windows == [(0, WINDOW)] and source.counts == 1 and source.whole_searches == 0
    assert cell(model, 0) == "第1条" and cell(model, 99) == "第100条"
    assert model.windows_read() == 1


def test_scrolling_reads_the_window_it_reaches(model: PagedTableModel, source: ListSource) -> None:
    assert cell(model, 999) == "第1000条"
    assert source.windows[-1] == (900, WINDOW)
    assert cell(model, 950) == "第951条"
    assert len(source.windows) == 2  # the same window is not read twice


def test_a_short_search_is_read_whole_without_counting(model: PagedTableModel, source: ListSource) -> None:
    model.set_query(Query(text="99"))
    assert model.rowCount() == len([i for i in range(1, N + 1) if "99" in str(i)])
    assert source.counts == 1  # only the first, long search was counted
    assert model.ids() == [i for i in range(1, N + 1) if "99" in str(i)]


def test_passes_qt_model_tester_while_windowed(qtmodeltester, model: PagedTableModel) -> None:
    qtmodeltester.check(model, force_py=True)


def test_the_row_worked_on_is_found_after_searching_again(model: PagedTableModel, source: ListSource) -> None:
    assert cell(model, 730) == "第731条"  # the view was down at row 730
    model.reload()  # e.g. after the record was changed
    assert model.windows_read() == 1
    assert model.row_number(731) == 730  # found in the window used last before
    assert model.row_number(555) == -1  # a record in a window not read is not looked for


def test_a_selection_of_many_windows_reads_the_search_once(model: PagedTableModel, source: ListSource) -> None:
    rows = list(range(0, N, 3))
    assert model.ids_at(rows) == [r + 1 for r in rows]
    assert source.whole_searches == 1
    assert [r.name for r in model.records([998, 1])] == ["第999条", "第2条"]
    assert model.ids() == list(range(1, N + 1)) and source.whole_searches == 1


def test_records_deleted_between_windows_show_empty_rows(model: PagedTableModel, source: ListSource) -> None:
    del source.ids[:150]  # another office removed 150 records after the list was searched
    assert model.rowCount() == N
    assert cell(model, 995) is None and model.id_at(995) is None  # beyond what is left: empty
    assert cell(model, 0) is None  # its record is gone: the row shows empty, nothing breaks
    model.reload()
    assert model.rowCount() == N - 150 and cell(model, 0) == "第151条"


def test_sorting_a_windowed_search_keeps_the_records_it_has_read(qtbot, source: ListSource) -> None:
    model = PagedTableModel(source, COLUMNS, Query(), window=WINDOW, page_size=20)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.reload()
    assert cell(model, 949) == "第950条"
    view.selectionModel().setCurrentIndex(model.index(949, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert cell(model, 0) == "第1000条"
    assert view.currentIndex().row() == 50  # record 950, now in the first window of the new order
    view.selectionModel().setCurrentIndex(model.index(990, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.sort(0, Qt.SortOrder.AscendingOrder)  # record 10 moves to row 9: found in the first window
    assert model.id_at(view.currentIndex().row()) == 10


def test_whole_and_windowed_agree_on_every_row(source: ListSource) -> None:
    windowed = IdWindows.search(source, Query(), window=64)
    whole = IdWindows.whole(source.search_ids(Query()))
    assert len(windowed) == len(whole) == N
    assert [windowed.get(r) for r in range(N)] == [whole.get(r) for r in range(N)]
    assert windowed.slice(60, 140) == list(range(61, 141))
    assert windowed.get(-1) is None and windowed.get(N) is None
