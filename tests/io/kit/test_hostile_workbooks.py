"""Workbooks made to harm or damaged by bad luck: the reader stays bounded and says what is wrong."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Field, Kind
from app.io.kit import limits
from app.io.kit.cells import NO_RESULT
from app.io.kit.limits import SheetTooLarge
from app.io.kit.sheets import read_sheet
from tests.io.kit.rawxlsx import header_and_member, inline, row, write_raw_xlsx

FIELDS = (
    Field("name", "姓名", Kind.TEXT, True),
    Field("id_number", "公民身份号码", Kind.TEXT, True, ("身份证号",)),
    Field("joined_on", "入党时间", Kind.DATE),
    Field("count", "人数", Kind.INT),
)
VALID_ID = "11010519491231002X"
ROOT = Path(__file__).resolve().parents[3]


def read(path: Path):
    return read_sheet(path, FIELDS, id_keys={"id_number"})


def _read_under_memory_cap(path: Path, cap_mb: int = 1500) -> subprocess.CompletedProcess:
    """Reads ``path`` in a child process whose address space is capped: a reader that
    allocates for the claimed range instead of the real cells dies there."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({cap_mb} << 20, {cap_mb} << 20))
        from pathlib import Path
        from app.domain.kit.errors import AppError
        from app.domain.kit.fields import Field
        from app.io.kit.sheets import read_sheet
        fields = (Field("name", "姓名", required=True), Field("id_number", "公民身份号码", aliases=("身份证号",)))
        try:
            sheet = read_sheet(Path(sys.argv[1]), fields)
            print("rows", len(sheet.rows))
        except AppError as exc:
            print("refused", exc.message)
        # VmHWM: this program's own peak (ru_maxrss would carry the parent's over the exec)
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
        print("peak_mb", int(hwm.split()[1]) // 1024)
    """)
    env = {"PYTHONPATH": f"{ROOT}/src", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                          timeout=300)


def test_one_cell_at_the_last_cell_of_excel_is_refused_without_allocating(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "bomb.xlsx", [*header_and_member(), row(1048576, inline("XFD1048576", "x"))],
                          dimension="A1:XFD1048576")
    assert path.stat().st_size < 5000
    done = _read_under_memory_cap(path)
    assert done.returncode == 0, done.stderr
    assert "refused" in done.stdout and "XFD1048576" in done.stdout
    peak = int(done.stdout.split("peak_mb")[1])
    assert peak < 300


def test_a_far_cell_names_where_it_is(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "far.xlsx", [*header_and_member(), row(1048576, inline("CV1048576", "x"))],
                          dimension="A1:CV1048576")
    with pytest.raises(SheetTooLarge, match=r"第1,048,576行（CV1048576单元格）还有内容，超过了可导入的20万行"):
        read(path)


def test_too_many_columns_is_refused(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "wide.xlsx", [*header_and_member(), row(3, inline("KO3", "x"))])
    with pytest.raises(SheetTooLarge, match=r"第301列（KO3单元格）.*超过了可导入的300列"):
        read(path)


def test_a_lying_dimension_and_far_empty_styled_cells_cost_nothing(tmp_path: Path) -> None:
    rows = [*header_and_member(), row(1048576, '<c r="XFD1048576" s="0"/>')]
    path = write_raw_xlsx(tmp_path / "styled.xlsx", rows, dimension="A1:XFD1048576")
    sheet = read(path)
    assert [r.values["name"] for r in sheet.rows] == ["张三"]


def test_cells_outside_excels_grid_mean_a_damaged_file(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "bad.xlsx", [*header_and_member(), row(2_000_000, inline("A2000000", "x"))])
    with pytest.raises(AppError, match="文件已损坏"):
        read(path)


def test_too_many_filled_cells_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 10)
    rows = [row(1, inline("A1", "姓名"), inline("B1", "身份证号"))]
    rows += [row(r, inline(f"A{r}", f"人{r}"), inline(f"B{r}", VALID_ID)) for r in range(2, 10)]
    with pytest.raises(SheetTooLarge, match="填写的单元格超过"):
        read(write_raw_xlsx(tmp_path / "many.xlsx", rows))


def test_an_oversized_sheet_part_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 2000)
    rows = [*header_and_member()] + [row(r, inline(f"C{r}", " " * 100)) for r in range(3, 40)]
    with pytest.raises(SheetTooLarge, match="解压后超过"):
        read(write_raw_xlsx(tmp_path / "zipbomb.xlsx", rows))


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = ('<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    path = write_raw_xlsx(tmp_path / "lol.xlsx", [*header_and_member(), row(3, inline("A3", "&c;"))],
                          before_root=bomb)
    with pytest.raises(AppError, match="文件已损坏"):
        read(path)


@pytest.mark.parametrize("code", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!"])
def test_error_cells_are_reported_as_errors(tmp_path: Path, code: str) -> None:
    path = write_raw_xlsx(tmp_path / "err.xlsx", header_and_member(f'<c r="B2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f>'
                                                                   f'<v>{code}</v></c>'))
    (member,) = read(path).rows
    assert member.problems == {"id_number": f"单元格是 Excel 错误值 {code}"}


def test_error_values_written_by_openpyxl_and_in_csv(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "人数"])
    wb.active.append(["张三", "#N/A", "#DIV/0!"])
    wb.save(tmp_path / "a.xlsx")
    (member,) = read(tmp_path / "a.xlsx").rows
    assert member.problems == {"id_number": "单元格是 Excel 错误值 #N/A", "count": "单元格是 Excel 错误值 #DIV/0!"}
    (tmp_path / "a.csv").write_text("姓名,身份证号\n张三,#N/A\n", encoding="utf-8")
    assert read(tmp_path / "a.csv").rows[0].problems == {"id_number": "单元格是 Excel 错误值 #N/A"}


def test_formula_without_a_saved_result_says_so(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()  # openpyxl saves formulas without computing them
    wb.active.append(["姓名", "身份证号", "人数"])
    wb.active.append(["张三", '=CONCATENATE("1101051949","1231002X")', "=1+2"])
    wb.save(tmp_path / "f.xlsx")
    (member,) = read(tmp_path / "f.xlsx").rows
    assert member.problems == {"id_number": NO_RESULT, "count": NO_RESULT}


def test_formula_with_a_saved_result_gives_the_result(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "f.xlsx", [
        row(1, inline("A1", "姓名"), inline("B1", "身份证号"), inline("C1", "人数")),
        row(2, inline("A2", "张三"), f'<c r="B2" t="str"><f>A9&amp;""</f><v>{VALID_ID}</v></c>',
            '<c r="C2"><f>1+2</f><v>3</v></c>'),
    ])
    (member,) = read(path).rows
    assert member.values == {"name": "张三", "id_number": VALID_ID, "count": 3} and not member.problems


def test_shared_strings_drop_phonetic_guides_and_prefixed_tags_read(tmp_path: Path) -> None:
    shared = ["<t>姓名</t>", "<t>身份证号</t>", "<r><t>张</t></r><r><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>zhang</t></rPh>"]
    cells = row(2, '<c r="A2" t="s"><v>2</v></c>', inline("B2", VALID_ID))
    path = write_raw_xlsx(tmp_path / "p.xlsx", [row(1, '<c r="A1" t="s"><v>0</v></c>', '<c r="B1" t="s"><v>1</v></c>'),
                                               cells], shared=shared, prefix="x")
    (member,) = read(path).rows
    assert member.values["name"] == "张三"


def test_dates_by_number_format_in_both_date_systems(tmp_path: Path) -> None:
    styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>')
    rows = [row(1, inline("A1", "姓名"), inline("B1", "身份证号"), inline("C1", "入党时间"), inline("D1", "人数")),
            row(2, inline("A2", "张三"), inline("B2", VALID_ID), '<c r="C2" s="1"><v>32933</v></c>',
                '<c r="D2" s="0"><v>7</v></c>'),
            row(3, inline("A3", "李四"), inline("B3", VALID_ID), '<c r="C3" s="2"><v>32933</v></c>')]
    sheet = read(write_raw_xlsx(tmp_path / "d.xlsx", rows, styles=styles))
    assert [r.values["joined_on"] for r in sheet.rows] == [dt.date(1990, 3, 1)] * 2
    assert sheet.rows[0].values["count"] == 7


def test_hidden_sheets_and_encrypted_workbooks(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号"])
    ws.append(["张三", VALID_ID])
    hidden = wb.create_sheet("旧名册")
    hidden.append(["姓名", "身份证号", "入党时间"])
    hidden.append(["王五", VALID_ID, "1990-01-01"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    assert [r.values["name"] for r in read(tmp_path / "h.xlsx").rows] == ["张三"]
    from tests.io.kit.xls import compound_file

    (tmp_path / "locked.xlsx").write_bytes(compound_file(b"\0" * 4096, name="EncryptionInfo"))
    with pytest.raises(AppError, match="设有打开密码"):
        read(tmp_path / "locked.xlsx")


def test_formats_not_read_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.ods").write_bytes(b"PK\x03\x04")
    with pytest.raises(AppError, match=r"另存为.*\.xlsx"):
        read(tmp_path / "a.ods")
