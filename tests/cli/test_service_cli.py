"""`dangjian import hours`, `dangjian export hours`, `dangjian certificate`, `dangjian feedback`,
run in-process over SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.service.rows import RecordQuery, VolunteerInput, VolunteerQuery
from tests.io.kit.workbooks import write_xlsx
from tests.services.service.helpers import DAY, build_place, resident_id

HEADER = ["序号", "姓名", "身份证号", "服务日期", "签到时间", "签退时间", "时长", "服务内容", "活动名称"]


@pytest.fixture
def ledger(db_path: Path) -> dict:
    s = Services.open(db_path, Actor("测试员"))
    place = build_place(s)
    twin = s.volunteers.create(VolunteerInput(name="王阿姨", org_id=place.tree.community, id_number=resident_id()))
    ids = {"db": db_path, "member_id": s.members.get(place.member_ids[0]).id_number,
           "resident": s.volunteers.get(place.resident_id).id_number, "twin": twin.id}
    s.close()
    return ids


def records(db: Path, status: str | None = None) -> list:
    s = Services.open(db, Actor("测试员"))
    try:
        r = s.service_records
        return r.rows(r.search_ids(RecordQuery(status=status, descending=False)))
    finally:
        s.close()


def sheet(tmp_path: Path, rows: list[list[object]]) -> Path:
    return write_xlsx(tmp_path / "签到表.xlsx", [HEADER, *rows])


def test_a_sign_in_sheet_in_every_spelling_of_hours(ledger: dict, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    d = [DAY - dt.timedelta(days=i) for i in range(6)]
    path = sheet(tmp_path, [
        [1, "李一", "", d[0], "9:00", "11:30", None, "入户走访", None],
        [2, "", ledger["resident"], d[1], None, None, 2, "清扫楼道", None],
        [3, "李二", "", d[2], None, None, "2小时", "陪老人看病", None],
        [4, "李一", "", d[3], None, None, "1.5h", "政策宣传", None],
        [5, "李一", "", d[4], None, None, "2:30", "调解纠纷", None],
        [6, "李二", "", d[5], None, None, 2.5, "义诊", None],
    ])
    assert main(["import", "hours", str(path), "--db", str(ledger["db"])]) == 0
    assert "新增服务记录6条（待确认）" in capsys.readouterr().out
    got = sorted((r.content, r.hours, r.status) for r in records(ledger["db"]))
    assert got == sorted([("入户走访", 25, "待确认"), ("清扫楼道", 20, "待确认"), ("陪老人看病", 20, "待确认"),
                          ("政策宣传", 15, "待确认"), ("调解纠纷", 25, "待确认"), ("义诊", 25, "待确认")])


def test_bad_rows_are_named_and_nothing_is_written(ledger: dict, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    future = dt.date.today() + dt.timedelta(days=3)
    path = sheet(tmp_path, [
        [1, "王阿姨", "", DAY, None, None, 2, "清扫楼道", None],  # two people of that name
        [2, "李一", "", DAY, None, None, "2.25", "走访", None],
        [3, "李一", "", future, None, None, 2, "走访", None],
        [4, "无此人", "", DAY, None, None, 2, "走访", None],
        [5, "李一", "", DAY, None, None, 2, "", None],
        [6, "李一", "", DAY, None, None, "=1+1", "走访", None],
        [7, "李一", "11010519491231002Y", DAY, None, None, 2, "走访", None],
        [8, "李二", "", DAY - dt.timedelta(days=1), None, None, 2, "走访", "不存在的活动"],
        [9, "李二", "", DAY - dt.timedelta(days=2), None, None, 3, "走访", None],
    ])
    assert main(["import", "hours", str(path), "--db", str(ledger["db"])]) == 1
    out = capsys.readouterr().out
    assert "第2行" in out and "有2人叫“王阿姨”" in out and "370***********" in out
    for row in range(3, 9):
        assert f"第{row}行" in out, row
    assert "第10行" not in out and "没有导入任何内容" in out and records(ledger["db"]) == []
    assert main(["import", "hours", str(path), "--skip-invalid", "--confirmed", "--db", str(ledger["db"])]) == 0
    got = records(ledger["db"])
    assert [(r.content, r.status) for r in got] == [("走访", "已确认")] and got[0].confirmed_by  # the importing user


def test_overlapping_rows_are_refused_with_their_rows(ledger: dict, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path, [[1, "李一", "", DAY, "9:00", "11:00", None, "走访", None],
                            [2, "李一", "", DAY, "10:00", "12:00", None, "宣传", None]])
    assert main(["import", "hours", str(path), "--db", str(ledger["db"])]) != 0
    out = capsys.readouterr()
    assert "重叠" in out.out + out.err and "第3行" in out.out + out.err
    assert records(ledger["db"]) == []


def test_export_records_and_totals(ledger: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Services.open(ledger["db"], Actor("测试员"))
    vols = s.volunteers.rows(s.volunteers.search_ids(VolunteerQuery()))
    li = next(v for v in vols if v.name == "李一")
    a = s.service_records.create(record_for(li.id, li.org_id, "=HYPERLINK(\"http://x\")"))
    s.service_records.create(record_for(li.id, li.org_id, "未确认", day=DAY - dt.timedelta(days=1)))
    s.service_records.confirm([a.id])
    s.close()
    out = tmp_path / "时长.xlsx"
    assert main(["export", "hours", str(out), "--db", str(ledger["db"])]) == 0
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "李一" and rows[1][5] == 2.0
    assert rows[1][6] == '=HYPERLINK("http://x")' and ws.cell(2, 7).data_type == "s"  # text, not a formula
    by = tmp_path / "按单位.csv"
    assert main(["export", "hours", str(by), "--by", "unit", "--from", str(DAY.replace(day=1)), "--db",
                 str(ledger["db"])]) == 0
    text = by.read_text(encoding="utf-8-sig")
    assert "青山县人民医院" in text and "2.0" in text
    assert main(["export", "hours", str(by), "--from", "去年", "--db", str(ledger["db"])]) != 0


def record_for(vid: int, org: int, content: str, day: dt.date = DAY):  # type: ignore[no-untyped-def]
    from app.services.service.rows import RecordInput

    return RecordInput(volunteer_id=vid, org_id=org, served_on=day, content=content, hours="2")


def test_certificate_and_feedback(ledger: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path, [[1, "", ledger["resident"], DAY, None, None, 3, "清扫楼道", None],
                            [2, "李一", "", DAY, None, None, 2, "走访", None]])
    assert main(["import", "hours", str(path), "--confirmed", "--db", str(ledger["db"])]) == 0
    cert = tmp_path / "证明.pdf"
    assert main(["certificate", "--id", ledger["resident"].lower(), "--out", str(cert), "--charge", "李书记",
                 "--handler", "王干事", "--db", str(ledger["db"])]) == 0
    assert "〔" in capsys.readouterr().out
    from tests.reports.kit.pdfcheck import text
    printed = text(cert.read_bytes()).replace(" ", "")
    assert "负责人：李书记" in printed and "经办人：王干事" in printed and "清扫楼道" in printed
    assert main(["certificate", "--id", "110105194912310021", "--out", str(cert), "--db", str(ledger["db"])]) != 0
    assert main(["certificate", "--id", ledger["resident"], "--out", str(tmp_path / "x.txt"),
                 "--db", str(ledger["db"])]) != 0
    fb = tmp_path / "反馈.pdf"
    quarter = f"{DAY.year}Q{(DAY.month - 1) // 3 + 1}"
    assert main(["feedback", "--quarter", quarter, "--out", str(fb), "--db", str(ledger["db"])]) == 0
    assert fb.read_bytes().startswith(b"%PDF")
    assert main(["feedback", "--quarter", quarter, "--unit", "青山县人民医院", "--out", str(fb),
                 "--db", str(ledger["db"])]) == 0
    capsys.readouterr()
    for bad in (["--quarter", "2026Q9"], ["--quarter", quarter, "--unit", "不存在的单位"]):
        assert main(["feedback", *bad, "--out", str(fb), "--db", str(ledger["db"])]) != 0
    err = capsys.readouterr()
    assert "无法识别" in err.out + err.err and "没有名为" in err.out + err.err


def test_hours_by_unit_as_a_printed_table(ledger: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path, [[1, "李一", "", DAY, None, None, 2.5, "走访", None]])
    assert main(["import", "hours", str(path), "--confirmed", "--db", str(ledger["db"])]) == 0
    pdf = tmp_path / "时长.pdf"
    assert main(["export", "hours", str(pdf), "--by", "unit", "--db", str(ledger["db"])]) == 0
    from tests.reports.kit.pdfcheck import text
    printed = text(pdf.read_bytes()).replace(" ", "").replace("\n", "")
    assert "志愿服务时长统计（按报到单位）" in printed and "青山县人民医院" in printed and "2.5" in printed
    capsys.readouterr()
    assert main(["export", "hours", str(pdf), "--db", str(ledger["db"])]) != 0
    assert "须按 --by" in capsys.readouterr().err


def test_out_is_a_pdf_and_never_in_the_backup_folder(ledger: dict, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from app.paths import backups_dir

    path = sheet(tmp_path, [[1, "", ledger["resident"], DAY, None, None, 3, "清扫楼道", None]])
    assert main(["import", "hours", str(path), "--confirmed", "--db", str(ledger["db"])]) == 0
    quarter = f"{DAY.year}Q{(DAY.month - 1) // 3 + 1}"
    folder = backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for out in (str(folder / "反馈.pdf"), str(tmp_path / "反馈.docx"), str(tmp_path / "没有的文件夹" / "反馈.pdf")):
        assert main(["feedback", "--quarter", quarter, "--out", out, "--db", str(ledger["db"])]) != 0
        assert main(["certificate", "--id", ledger["resident"], "--out", out, "--db", str(ledger["db"])]) != 0
    assert not list(folder.glob("*.pdf"))
    s = Services.open(ledger["db"], Actor("测试员"))
    try:
        assert s.certificates.issued() == []  # no number was taken by a refused --out
    finally:
        s.close()
