"""The ledger's and the dues' import checks and exports report how far they are and stop when
told to (the 请稍候 box's 取消), writing nothing; a dues row refused by the sheet reader names
its column in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.io.funds.dues_io import export_dues, preview_dues
from app.io.funds.ledger_io import export_ledger, preview_ledger
from app.io.kit.progress import Cancelled
from app.services.container import Services
from tests.io.kit.workbooks import write_xlsx
from tests.services.funds.helpers import Tree, build_tree, entry
from tests.services.members.helpers import member

YEAR = dt.date.today().year


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def ledger_file(tmp_path: Path, rows: int) -> Path:
    return write_xlsx(tmp_path / "账.xlsx", [["日期", "摘要", "经费来源", "支出类别", "收入", "支出"],
                                             *([dt.date(YEAR, 1, 5), f"购买{n}", "财政投入", "办公经费", None, "1"]
                                               for n in range(rows))])


def test_the_ledger_check_reports_and_stops(services: Services, tree: Tree, tmp_path: Path) -> None:
    path = ledger_file(tmp_path, 120)
    seen: list[tuple[int, int]] = []
    preview = preview_ledger(services, path, tree.community, progress=lambda d, t: (seen.append((d, t)), True)[1])
    assert len(preview.inputs) == 120 and seen[0] == (0, 120) and seen[-1] == (120, 120)
    with pytest.raises(Cancelled):
        preview_ledger(services, path, tree.community, progress=lambda d, _t: d < 10)


def test_an_export_stopped_half_way_leaves_no_file(services: Services, tree: Tree, tmp_path: Path) -> None:
    services.ledger.add_posted([entry(tree.community, "1", on=dt.date(YEAR, 1, n + 1)) for n in range(20)])
    folder = tmp_path / "导出"
    folder.mkdir()
    target = folder / "明细.xlsx"
    with pytest.raises(Cancelled):
        export_ledger(services, target, org_id=tree.community, year=YEAR, progress=lambda d, _t: d < 5)
    assert list(folder.iterdir()) == []  # nor a temporary file
    seen: list[int] = []
    assert export_ledger(services, target, year=YEAR, progress=lambda d, _t: (seen.append(d), True)[1]) == (target, 20)
    assert seen[-1] == 20


def test_the_dues_check_names_the_column_and_stops(services: Services, tree: Tree, tmp_path: Path) -> None:
    a = services.members.create(member(tree.branch_a, "王大海"))
    path = write_xlsx(tmp_path / "核定.xlsx", [["姓名", "公民身份号码", "党费类别", "党费基数"],
                                               ["王大海", a.id_number, "在职", "4000"],
                                               ["李小红", 11010519491231002, "在职", "3000"]])
    preview = preview_dues(services, path, YEAR)
    assert [r[1] for r in preview.rows] == [a.id]
    assert len(preview.refused) == 1 and preview.refused[0].startswith("第3行 公民身份号码：")
    with pytest.raises(Cancelled):
        preview_dues(services, path, YEAR, progress=lambda _d, _t: False)
    target = tmp_path / "党费.xlsx"
    with pytest.raises(Cancelled):
        export_dues(services, target, YEAR, progress=lambda _d, _t: False)
    assert not target.exists()


def test_a_folder_that_does_not_exist_is_a_file_problem_not_the_databases(services: Services, tree: Tree,
                                                                          tmp_path: Path) -> None:
    from app.domain.kit.errors import FileWriteError, StorageError

    with pytest.raises(FileWriteError) as caught:
        export_ledger(services, tmp_path / "没有" / "明细.xlsx", year=YEAR)
    assert isinstance(caught.value, StorageError)  # callers that catch storage problems still do
    assert caught.value.title == "文件无法保存" and "不存在，请换一个保存位置" in caught.value.message
