"""The other files offices hand over: Excel 97-2003 .xls and CSV in GB18030, UTF-16 or UTF-8."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Field, Kind
from app.io.kit import limits
from app.io.kit.limits import SheetTooLarge
from app.io.kit.sheets import read_sheet
from tests.io.kit.test_hostile_workbooks import _read_under_memory_cap
from tests.io.kit.workbooks import write_csv
from tests.io.kit.xls import XlsError, write_xls

FIELDS = (
    Field("name", "姓名", Kind.TEXT, True, ("党员姓名",)),
    Field("id_number", "公民身份号码", Kind.TEXT, True, ("身份证号",)),
    Field("joined_on", "入党时间", Kind.DATE),
    Field("org", "所在党组织", Kind.ORG, False, ("支部",)),
    Field("count", "人数", Kind.INT),
)
VALID_ID = "11010519491231002X"


def read(path: Path):
    return read_sheet(path, FIELDS, id_keys={"id_number"})


def test_xls_reads_like_xlsx(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "a.xls", [
        ["和平社区党员花名册"],
        ["支部", "党员姓名", "身份证号", "入党时间", "人数"],
        ["第一党支部", "张三", VALID_ID, dt.date(1990, 3, 1), 3],
        [None, "李四", XlsError("#N/A"), dt.date(1991, 7, 1), 2.5],
        ["合计", "2人"],
    ], merges=[(0, 0, 0, 4), (2, 3, 0, 0)], extra_sheets=[("说明", [["填表说明"]])], hidden=["说明"])
    sheet = read(path)
    assert sheet.sheet_name == "花名册" and sheet.header_row == 2
    first, second = sheet.rows
    assert first.values == {"name": "张三", "id_number": VALID_ID, "joined_on": dt.date(1990, 3, 1),
                            "org": "第一党支部", "count": 3}
    assert second.values["org"] == "第一党支部"  # the merged cell's value
    assert second.problems == {"id_number": "单元格是 Excel 错误值 #N/A"}
    assert [s.number for s in sheet.skipped] == [5]


def test_xls_with_a_cell_at_the_formats_last_cell_stays_small(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "far.xls", [["姓名", "身份证号"], ["张三", VALID_ID]], cells=[(65535, 255, "x")])
    done = _read_under_memory_cap(path)
    assert done.returncode == 0, done.stderr
    assert "rows 1" in done.stdout
    assert int(done.stdout.split("peak_mb")[1]) < 300


def test_xls_beyond_the_row_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    path = write_xls(tmp_path / "long.xls", [["姓名", "身份证号"], ["张三", VALID_ID]], cells=[(9, 0, "x")])
    with pytest.raises(SheetTooLarge, match="第10行（A10单元格）还有内容"):
        read(path)


def test_damaged_xls(tmp_path: Path) -> None:
    path = tmp_path / "bad.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    with pytest.raises(AppError, match="无法读取“bad.xls”"):
        read(path)


def test_gb18030_csv_with_characters_outside_gbk(tmp_path: Path) -> None:
    # 䶮 and 𠀀 exist in GB18030 only; offices' CSV from Chinese Excel is GBK or GB18030.
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号"], ["刘䶮", VALID_ID], ["王𠀀", VALID_ID]],
                     encoding="gb18030")
    assert [r.values["name"] for r in read(path).rows] == ["刘䶮", "王𠀀"]


def test_utf16_tab_separated_text_from_excel(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.txt", [["姓名", "身份证号"], ["张三", VALID_ID]], encoding="utf-16",
                     delimiter="\t")
    assert read(path).rows[0].values == {"name": "张三", "id_number": VALID_ID}


def test_gbk_file_whose_start_looks_like_utf8(tmp_path: Path) -> None:
    lines = ["姓名,身份证号"] + [f"P{i},{VALID_ID}" for i in range(3000)] + ["张三," + VALID_ID]
    path = tmp_path / "a.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    assert read(path).rows[-1].values["name"] == "张三"


def test_csv_beyond_the_limits_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wide = write_csv(tmp_path / "wide.csv", [["姓名", "身份证号"], ["张三", VALID_ID] + ["x"] * 301])
    with pytest.raises(SheetTooLarge, match="超过了可导入的300列"):
        read(wide)
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    long = write_csv(tmp_path / "long.csv", [["姓名", "身份证号"]] + [["张三", VALID_ID]] * 5)
    with pytest.raises(SheetTooLarge, match="第4行"):
        read(long)


def test_csv_problems_are_said_in_chinese(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text("姓名,身份证号\n张三," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(AppError, match="第2行有一个单元格超过131,072个字"):
        read(big)
