"""Exporting the roster: masking, layout Excel users rely on, the round trip, and the template."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.io.kit.progress import Cancelled
from app.io.members.exporter import export_members, write_template
from app.io.members.importer import MemberImporter
from app.services.container import Services
from app.services.members.query import MemberQuery
from tests.io.members.roster import Office, id_for, make_office


def on_record(services: Services) -> list:
    return services.members.rows(services.members.search_ids(MemberQuery(sort="id")))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_of_the_demo_roster_changes_nothing(
    demo_services: Services, tmp_path: Path, suffix: str,
) -> None:
    before = on_record(demo_services)
    path = tmp_path / f"roster{suffix}"
    result = export_members(demo_services, MemberQuery(include_left=True), path, show_sensitive=True)
    importer = MemberImporter(demo_services)
    p = importer.preview(path)
    assert p.problems(False) == [] and not p.missing_orgs
    assert not p.adds and not p.updates
    assert len(p.unchanged) == result.count > len(before)  # members who left come back unchanged too
    outcome = importer.apply(p)
    assert outcome.added_ids == [] and outcome.updated_ids == []
    assert on_record(demo_services) == before


def test_masked_by_default_and_every_export_is_logged(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    result = export_members(demo_services, MemberQuery(), path)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    id_col = header.index("公民身份号码") + 1
    phone_col = header.index("联系电话") + 1
    first = on_record(demo_services)
    ids = [ws.cell(row=r, column=id_col).value for r in range(2, ws.max_row + 1)]
    assert len(ids) == result.count == len(first)
    assert all("*" in v and len(v) == 18 for v in ids)
    assert all("****" in (ws.cell(row=r, column=phone_col).value or "****") for r in range(2, 12))
    entry = demo_services.audit.recent(1)[0]
    assert entry.action == "导出个人信息" and "已遮蔽" in entry.summary and str(result.count) in entry.summary
    export_members(demo_services, MemberQuery(), tmp_path / "full.csv", show_sensitive=True)
    entry = demo_services.audit.recent(1)[0]
    assert "full.csv" in entry.summary and "完整" in entry.summary


def test_xlsx_layout(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    export_members(demo_services, MemberQuery(), path, show_sensitive=True)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["序号", "姓名", "性别"]
    assert ws.freeze_panes == "B2"
    id_letter = openpyxl.utils.get_column_letter(header.index("公民身份号码") + 1)
    assert ws[f"{id_letter}2"].number_format == "@"
    assert ws.column_dimensions[id_letter].width >= 20
    assert isinstance(ws[f"{id_letter}2"].value, str) and len(ws[f"{id_letter}2"].value) == 18


def test_csv_opens_in_excel_as_utf8(demo_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    export_members(demo_services, MemberQuery(), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8").splitlines()[0].startswith("序号,姓名,性别")


def test_cancelled_export_leaves_the_old_file(demo_services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "roster.xlsx"
    path.write_bytes(b"old")
    audit = demo_services.audit.count()
    with pytest.raises(Cancelled):
        export_members(demo_services, MemberQuery(), path, progress=lambda d, t: d < 100)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["roster.xlsx"]
    assert demo_services.audit.count() == audit


def test_template_is_importable_and_its_example_is_skipped(services: Services, tmp_path: Path) -> None:
    office: Office = make_office(services)
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["党员花名册"]
    header = [c.value for c in ws[1]]
    assert header[0] == "序号" and "*姓名" in header and "*公民身份号码" in header
    id_col = header.index("*公民身份号码") + 1
    assert ws.cell(row=2, column=1).value == "示例"
    assert ws.cell(row=50, column=id_col).number_format == "@"  # rows people will type into
    assert "填写说明" in wb.sheetnames
    importer = MemberImporter(services)
    p = importer.preview(path)
    assert not p.adds and p.problems(False) == [] and [s.number for s in p.skipped] == [2]
    # A user fills one row below the example.
    values = {"*姓名": "赵六", "*公民身份号码": id_for(7), "*人员类别": "预备党员",
              "*所在党组织": "第一党支部", "*加入党组织日期": "2025-12-01"}
    for label, value in values.items():
        ws.cell(row=3, column=header.index(label) + 1, value=value)
    wb.save(path)
    p = importer.preview(path)
    assert p.problems(False) == [] and [a.title for a in p.adds] == ["赵六"]
    (added,) = importer.apply(p).added_ids
    assert services.members.get(added).org_id == office.first


def test_members_who_left_a_branch_since_closed_come_back_unchanged(services: Services, tmp_path: Path) -> None:
    import datetime as dt

    from app.services.members.service import MemberInput

    office = make_office(services)
    left = services.members.create(MemberInput("张三", id_for(1), office.first, joined_on=dt.date(1985, 7, 1),
                                               full_on=dt.date(1986, 7, 1)))
    services.members.add_event(left.id, "转出", dt.date(2024, 1, 1), "外区某党支部")
    services.orgs.close(office.first, dt.date(2024, 2, 1), "并入第二党支部")
    path = tmp_path / "roster.xlsx"
    export_members(services, MemberQuery(include_left=True), path, show_sensitive=True)
    p = MemberImporter(services).preview(path)
    assert p.problems(False) == [] and [r.record_id for r in p.unchanged] == [left.id]

    # Still refused: putting someone new into the closed branch.
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.append([2, "李四", *[c.value for c in ws[2]][2:]])
    ws.cell(3, [c.value for c in ws[1]].index("公民身份号码") + 1, id_for(2))
    wb.save(path)
    p = MemberImporter(services).preview(path)
    assert [(x.row, x.label) for x in p.problems(False)] == [(3, "所在党组织")]
    assert "已撤销" in p.problems(False)[0].reason


def test_an_export_the_audit_trail_cannot_record_leaves_no_file(demo_services, tmp_path, monkeypatch) -> None:
    from app.domain.kit.errors import StorageError
    from app.io.members.exporter import export_members
    from app.services.members.query import MemberQuery

    def refuse(*_a, **_k) -> None:
        raise StorageError("磁盘空间不足，本次修改没有保存。请清理磁盘后重试。")

    monkeypatch.setattr(demo_services.exports, "record", refuse)
    out = tmp_path / "导出"
    out.mkdir()
    with pytest.raises(StorageError):
        export_members(demo_services, MemberQuery(), out / "名册.xlsx")
    assert list(out.iterdir()) == []
