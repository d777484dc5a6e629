"""Formula injection: names and notes that look like formulas stay text in every export."""

from __future__ import annotations

import csv
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from app.io.kit.formulas import protect, restore_text
from app.io.members.exporter import export_members
from app.io.members.importer import MemberImporter
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.members.service import MemberInput
from tests.io.members.roster import Office, id_for, make_office

ATTACKS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1+1)", "'=1+1", "''+2", "#N/A", "=HYPERLINK(\"x\")"]


@pytest.fixture
def office(services: Services) -> Office:
    return make_office(services)


def _add(services: Services, office: Office) -> list[int]:
    ids = []
    for n, text in enumerate(ATTACKS, start=1):
        data = MemberInput(name=text, id_number=id_for(n), org_id=office.first, member_type="正式党员",
                           phone="+86 13812345678" if n == 1 else f"-1381234{n:04d}")
        import datetime as dt

        data = replace(data, joined_on=dt.date(1985, 7, 1), full_on=dt.date(1986, 7, 1), address=text,
                       remarks="\t" + text, work_unit="\r" + text if n % 2 else text)
        ids.append(services.members.create(data).id)
    return ids


def _rows(services: Services) -> list:
    return services.members.rows(services.members.search_ids(MemberQuery(sort="id")))


def test_xlsx_writes_every_such_text_as_a_text_cell(services: Services, office: Office, tmp_path: Path) -> None:
    _add(services, office)
    path = tmp_path / "roster.xlsx"
    export_members(services, MemberQuery(sort="id"), path, show_sensitive=True)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="e"' not in sheet
    ws = openpyxl.load_workbook(path).active
    names = [ws.cell(row=r, column=2) for r in range(2, 2 + len(ATTACKS))]
    assert all(c.data_type == "s" for c in names)
    stored = [r.name for r in _rows(services)]
    assert [c.value for c in names] == [protect(a, csv=False) for a in stored]
    assert names[0].value == "=cmd|'/Ccalc'!A0"  # a name keeps no spaces


def test_csv_quotes_what_a_spreadsheet_would_run(services: Services, office: Office, tmp_path: Path) -> None:
    _add(services, office)
    path = tmp_path / "roster.csv"
    export_members(services, MemberQuery(sort="id"), path, show_sensitive=True)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    cells = [cell for row in rows[1:] for cell in row[1:]]
    assert not [c for c in cells if c and (c[0] in "=+-@\t\r" or c.upper() == "#N/A")]
    names = [row[header.index("姓名")] for row in rows[1:]]
    assert names[:4] == ["'=cmd|'/Ccalc'!A0", "'+1+1", "'-2+3", "'@SUM(1+1)"]
    assert names[4:] == ["''=1+1", "'''+2", "'#N/A", "'=HYPERLINK(\"x\")"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_export_imports_back_unchanged(services: Services, office: Office, tmp_path: Path, suffix: str) -> None:
    _add(services, office)
    before = _rows(services)
    assert before[0].phone == "13812345678"
    path = tmp_path / f"roster{suffix}"
    export_members(services, MemberQuery(sort="id"), path, show_sensitive=True)
    p = MemberImporter(services).preview(path)
    assert p.problems(False) == []
    assert not p.adds and not p.updates and len(p.unchanged) == len(ATTACKS)
    assert [r.title for r in p.unchanged] == [r.name for r in before]
    assert [r.address for r in _rows(services)] == [*ATTACKS[:7], "=HYPERLINK(\"x\")"]


def test_phone_numbers_written_with_a_plus_or_minus_import(services: Services, office: Office, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("姓名,公民身份号码,人员类别,所在党组织,加入党组织日期,转为正式党员日期,联系电话\n"
                    f"张三,{id_for(1)},正式党员,第一党支部,1985-07-01,1986-07-01,'+86 13812345678\n"
                    f"李四,{id_for(2)},正式党员,第一党支部,1985-07-01,1986-07-01,+8613812345679\n", encoding="utf-8")
    p = MemberImporter(services).preview(path)
    assert p.problems(False) == []
    assert [r.data.phone for r in p.adds] == ["13812345678", "13812345679"]


@pytest.mark.parametrize("text", [*ATTACKS, "'", "'abc", "普通文字", "", "==", "'\t"])
def test_protect_and_restore_are_reversible(text: str) -> None:
    for as_csv in (True, False):
        assert restore_text(protect(text, csv=as_csv)) == text
