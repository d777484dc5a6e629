"""The sheet reader: finding the header in messy rosters and reading cells as users meant them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Field, Kind
from app.io.kit.sheets import LOST_DIGITS, read_sheet
from tests.io.kit.workbooks import write_csv, write_xlsx

FIELDS = (
    Field("name", "姓名", Kind.TEXT, True, ("党员姓名",)),
    Field("id_number", "公民身份号码", Kind.TEXT, True, ("身份证号", "身份证号码")),
    Field("phone", "联系电话", Kind.TEXT, False, ("手机", "电话")),
    Field("joined_on", "加入党组织日期", Kind.DATE, False, ("入党时间",)),
    Field("org", "所在党组织", Kind.ORG, False, ("支部",)),
    Field("count", "人数", Kind.INT),
)
VALID_ID = "11010519491231002X"
ID_ENDING_000 = "110105194912310000"  # what Excel leaves of 110105194912310021


def read(path: Path, **kw):
    return read_sheet(path, FIELDS, id_keys={"id_number"}, **kw)


def test_header_below_merged_title_and_filler_lines(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["和平社区党员花名册"],
        ["填报单位：和平社区党委", None, None, "填报日期：2026年3月"],
        [],
        ["序号", "党员姓名", "身份证号码（必填）", "手机", "入党时间", "籍贯"],
        [1, "张三", VALID_ID, "13812345678", "1990-03-01", "山东"],
    ], merges=["A1:F1"])
    sheet = read(path)
    assert sheet.header_row == 4
    assert sheet.columns == {"name": "党员姓名", "id_number": "身份证号码（必填）", "phone": "手机",
                             "joined_on": "入党时间"}
    assert sheet.ignored == ("籍贯",)  # 序号 is expected in rosters and not reported
    assert [r.number for r in sheet.rows] == [5]
    assert sheet.rows[0].values["name"] == "张三"
    assert sheet.missing(FIELDS) == []


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["姓名", "手机"], ["张三", "13812345678"]])
    assert [f.label for f in read(path).missing(FIELDS)] == ["公民身份号码"]


def test_blank_total_note_and_repeated_header_rows_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["姓名", "身份证号", "手机"],
        ["张三", VALID_ID, None],
        [None, None, None],
        ["姓名", "身份证号", "手机"],
        ["李四", VALID_ID, None],
        ["", "  ", None],
        ["合 计", "2人"],
        ["填表人：王五", None, "审核人：赵六"],
    ])
    sheet = read(path)
    assert [r.number for r in sheet.rows] == [2, 5]
    assert [(s.number, s.reason[:4]) for s in sheet.skipped] == [
        (4, "重复的表"), (7, "合计行（"), (8, "表尾说明"),
    ]


def test_merged_data_cells_take_the_top_left_value(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["支部", "姓名", "身份证号", "手机"],
        ["第一党支部", "张三", VALID_ID, None],
        [None, "李四", VALID_ID, None],
        ["第二党支部（以下为离退休党员）"],
        ["第二党支部", "王五", VALID_ID, None],
    ], merges=["A2:A3", "A4:D4"])
    sheet = read(path)
    assert [(r.number, r.values["org"]) for r in sheet.rows] == [
        (2, "第一党支部"), (3, "第一党支部"), (5, "第二党支部"),
    ]
    assert [s.number for s in sheet.skipped] == [4]


def test_numbers_come_back_as_digits(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["姓名", "身份证号", "手机", "人数", "入党时间"],
        ["张三", 110105491231002, 13812345678, 3, dt.date(1990, 3, 1)],
        [12345, VALID_ID.lower(), "１３８１２３４５６７８", 4.0, 32933],
    ])
    first, second = read(path).rows
    assert first.values == {"name": "张三", "id_number": "110105491231002", "phone": "13812345678",
                            "count": 3, "joined_on": dt.date(1990, 3, 1)}
    assert second.values["name"] == "12345"
    assert second.values["id_number"] == VALID_ID.lower()  # the field's cleaner upper-cases it
    assert second.values["count"] == 4 and isinstance(second.values["count"], int)
    assert second.values["joined_on"] == 32933  # a serial; the date parser reads it
    assert not first.problems and not second.problems


@pytest.mark.parametrize("cell", [110105194912310021, 1.10105194912310e17, "1.10105E+17",
                                  "1.10105194912310E17", ID_ENDING_000])
def test_id_that_excel_turned_into_a_number_is_reported(tmp_path: Path, cell: object) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["姓名", "身份证号"], ["张三", cell]])
    (row,) = read(path).rows
    assert row.problems == {"id_number": LOST_DIGITS}
    assert row.values["id_number"] is None


def test_valid_id_ending_in_zeros_is_kept(tmp_path: Path) -> None:
    number = "110105194912280000"  # a real number whose sequence and check are 0000
    path = write_xlsx(tmp_path / "a.xlsx", [["姓名", "身份证号"], ["张三", number]])
    (row,) = read(path).rows
    assert row.values["id_number"] == number and not row.problems


def test_picks_the_sheet_that_holds_the_roster(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["姓名", "身份证号"], ["张三", VALID_ID]],
                      extra_sheets=[("填表说明", [["请按要求填写"], ["姓名必填"]])])
    sheet = read(path)
    assert sheet.sheet_name == "花名册" and len(sheet.rows) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_every_encoding_offices_save(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "a.csv", [
        ["党员花名册"], ["姓名", "身份证号", "手机", "入党时间"],
        ["张三", VALID_ID, "13812345678", "1990年3月1日"],
        ["李四", "1.10105E+17", "13812345679", "1990/3/1"],
    ], encoding=encoding)
    sheet = read(path)
    assert sheet.header_row == 2
    assert [r.values["name"] for r in sheet.rows] == ["张三", "李四"]
    assert sheet.rows[0].values["joined_on"] == "1990年3月1日"
    assert sheet.rows[1].number == 4 and sheet.rows[1].problems == {"id_number": LOST_DIGITS}


def test_tab_separated_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.txt", [["姓名", "身份证号"], ["张三", VALID_ID]], delimiter="\t")
    assert read(path).rows[0].values == {"name": "张三", "id_number": VALID_ID}


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(AppError, match="找不到文件"):
        read(tmp_path / "none.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"this is not a workbook")
    with pytest.raises(AppError, match="无法读取“bad.xlsx”"):
        read(tmp_path / "bad.xlsx")
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(AppError, match="不是Excel或CSV文件"):
        read(tmp_path / "a.docx")
    path = write_xlsx(tmp_path / "nohead.xlsx", [["张三", VALID_ID], ["李四", VALID_ID]])
    with pytest.raises(AppError, match="找不到表头"):
        read(path)
