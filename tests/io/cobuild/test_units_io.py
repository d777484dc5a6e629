"""Importing and exporting units in the area: the sheets offices have, hostile cells in every
column, updates that keep what a blank cell leaves, one transaction, round trips, templates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.domain.kit.errors import AppError
from app.io.cobuild.export import export_agreements, export_units, write_unit_template
from app.io.cobuild.units_import import UnitImporter
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.agreement_rows import AgreementInput
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services
from app.services.kit.base import Actor
from tests.io.cobuild.sheets import STREET_HEADER, make_office, street_row
from tests.io.kit.workbooks import write_csv, write_xlsx
from tests.services.cobuild.helpers import code


@pytest.fixture
def office(services: Services) -> dict[str, int]:
    return make_office(services)


def test_a_street_list_with_title_notes_and_extra_columns(services: Services, office: dict[str, int],
                                                          tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "驻区单位名单.xlsx", [
        ["城关街道和平社区驻区单位名单"], STREET_HEADER, street_row(1), street_row(2),
        street_row(3, 所在社区="东湖社区党委"), ["合计", None, None], ["填表人：李敏"],
    ], merges=["A1:N1"])
    preview = UnitImporter(services).preview(path)
    assert len(preview.adds) == 3 and not preview.refused
    assert preview.ignored_columns == ("法定代表人",)
    assert [s.reason[:3] for s in preview.skipped] == ["合计行", "表尾说"]
    outcome = UnitImporter(services).apply(preview)
    assert len(outcome.added_ids) == 3
    rows = services.units.rows(outcome.added_ids)
    assert [(r.org_id, r.on_council, r.party_members) for r in rows] == [
        (office["peace"], True, 13), (office["peace"], False, 14), (office["lake"], True, 15)]
    assert services.audit.verify().ok


def test_a_business_extract_with_company_forms_and_lower_case_codes(services: Services, office: dict[str, int],
                                                                    tmp_path: Path) -> None:
    state, shop = code("9", "1"), code("9", "2")
    path = write_csv(tmp_path / "工商登记.csv", [
        ["企业名称", "统一社会信用代码", "企业类型", "住所", "登记状态"],
        ["青山城市建设投资有限公司", state.lower(), "有限责任公司（国有独资）", "青山县和平路1号", "存续"],
        ["老王面馆", f" {shop[:6]} {shop[6:]} ", "个体工商户", "青山县和平路2号", "在业"],
    ], encoding="gb18030")
    preview = UnitImporter(services).preview(path)
    assert not preview.refused, preview.refused
    units = [p.data for p in preview.adds]
    assert [(u.credit_code, u.unit_type, u.org_id) for u in units] == [
        (state, "国有企业", office["peace"]), (shop, "非公企业", office["peace"])]


HOSTILE = [
    ({"统一社会信用代码": "9135O100M000100Y43"}, "统一社会信用代码", "第5位不能是字母O"),
    ({"统一社会信用代码": "91350100M000100Y44"}, "统一社会信用代码", "校验位"),
    ({"统一社会信用代码": "913501"}, "统一社会信用代码", "应为18位"),
    ({"统一社会信用代码": 9.13501001234568e17}, "统一社会信用代码", "存成了数字"),
    ({"单位名称": "长" * 61}, "单位名称", "过长"),
    ({"单位名称": "\u200b\u200b"}, "单位名称", "不能为空"),
    ({"单位性质": "外星机构"}, "单位类型", "无法识别"),
    ({"所在社区": "火星社区党委"}, "所在社区", "不存在"),
    ({"党组织类型": "党小组"}, "党组织类型", "无法识别"),
    ({"党组织类型": "未建"}, "党组织名称", "未建"),
    ({"党员数": "很多"}, "党员人数", "应为整数"),
    ({"党员数": -5}, "党员人数", "不对"),
    ({"党员数": 1.5}, "党员人数", "应为整数"),
    ({"是否大党委成员单位": "也许"}, "大党委成员单位", "请填“是”或“否”"),
    ({"联系电话": "12345"}, "联系电话", "格式不对"),
    ({"联系电话": "139****5678"}, "联系电话", "已遮蔽"),
    ({"书记": "书" * 31}, "党组织书记", "过长"),
    ({"地址": "址" * 101}, "单位地址", "过长"),
]


@pytest.mark.parametrize(("changes", "label", "words"), HOSTILE)
def test_hostile_cells_refuse_their_row_naming_row_and_field(services: Services, office: dict[str, int],
                                                             tmp_path: Path, changes: dict, label: str,
                                                             words: str) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx", [STREET_HEADER, street_row(1), street_row(2, **changes)])
    preview = UnitImporter(services).preview(path)
    assert len(preview.adds) == 1 and preview.refused_rows == [3]
    problem = next(p for p in preview.refused if p.label == label)
    assert words in problem.reason and str(problem).startswith(f"第3行 {label}: ")


def test_an_all_digit_code_is_a_code_and_one_excel_rounded_is_not(services: Services, office: dict[str, int],
                                                                   tmp_path: Path) -> None:
    digits, rounded = "913701241234567902", "913701241234567000"  # valid; the same as Excel shows it
    path = write_xlsx(tmp_path / "名单.xlsx", [STREET_HEADER, street_row(1, 统一社会信用代码=digits),
                                               street_row(2, 统一社会信用代码=rounded)], text_columns=[3])
    preview = UnitImporter(services).preview(path)
    assert [p.data.credit_code for p in preview.adds] == [digits]
    assert [p.reason for p in preview.refused] == [
        "统一社会信用代码被Excel存成了数字，末几位已经丢失。请把这一列设为“文本”格式后重新填写"]


def test_other_hostile_text_is_kept_as_text(services: Services, office: dict[str, int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名单.csv", [STREET_HEADER, street_row(
        1, 单位名称="=HYPERLINK(\"http://x\",\"点我\")", 地址="<script>alert(1)</script>", 书记="王\x00五")])
    preview = UnitImporter(services).preview(path)
    assert not preview.refused
    data = preview.adds[0].data
    assert data.name.startswith("=HYPERLINK") and data.address == "<script>alert(1)</script>"
    assert data.secretary == "王五"


def test_duplicates_within_the_file_are_refused(services: Services, office: dict[str, int], tmp_path: Path) -> None:
    same = code()
    path = write_xlsx(tmp_path / "名单.xlsx", [
        STREET_HEADER, street_row(1, 统一社会信用代码=same), street_row(2, 统一社会信用代码=same),
        street_row(3, 统一社会信用代码=""), street_row(4, 单位名称="青山县第3中学", 统一社会信用代码="")])
    preview = UnitImporter(services).preview(path)
    assert [str(p) for p in preview.refused] == [
        "第3行 统一社会信用代码: 与第2行是同一个单位（同一单位只能出现一次）",
        "第5行 单位名称: 与第4行是同一个单位（同一单位只能出现一次）"]


def test_units_on_record_are_updated_and_blank_cells_keep_the_record(services: Services, office: dict[str, int],
                                                                     tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "一.xlsx", [STREET_HEADER, street_row(1), street_row(2, 统一社会信用代码="")])
    UnitImporter(services).apply(UnitImporter(services).preview(first))
    by_code, by_name = services.units.rows(services.units.search_ids(UnitQuery()))
    changed = street_row(1, 党员数=40, 联系电话=None, 统一社会信用代码=by_code.credit_code.lower())
    second = write_xlsx(tmp_path / "二.xlsx", [STREET_HEADER, changed, street_row(2, 统一社会信用代码="", 书记="赵六"),
                                               street_row(9)])
    preview = UnitImporter(services).preview(second)
    assert [p.record_id for p in preview.updates] == [by_code.id, by_name.id] and len(preview.adds) == 1
    assert [str(c) for c in preview.updates[0].changes] == ["党员人数：13 → 40"]
    assert [str(c) for c in preview.updates[1].changes] == ["党组织书记：王建国 → 赵六"]
    UnitImporter(services).apply(preview)
    assert services.units.get(by_code.id).phone == "13953112345"
    assert services.units.count(UnitQuery()) == 3


def test_a_file_that_names_no_unit_or_no_community(services: Services, tmp_path: Path) -> None:
    with pytest.raises(AppError, match="缺少“单位名称”列"):
        UnitImporter(services).preview(write_xlsx(tmp_path / "a.xlsx", [["统一社会信用代码", "地址"], [code(), "x"]]))
    with pytest.raises(AppError, match="没有“所在社区”列"):
        UnitImporter(services).preview(write_xlsx(tmp_path / "b.xlsx", [["单位名称", "地址"], ["甲", "x"]]))


def test_a_change_since_the_preview_writes_nothing(services: Services, office: dict[str, int],
                                                   tmp_path: Path) -> None:
    c = code()
    path = write_xlsx(tmp_path / "名单.xlsx", [STREET_HEADER, street_row(1), street_row(2, 统一社会信用代码=c)])
    preview = UnitImporter(services).preview(path)
    services.units.create(preview.adds[1].data)  # someone else registers the second unit meanwhile
    with pytest.raises(AppError, match="不能重复登记"):
        UnitImporter(services).apply(preview)
    assert services.units.count(UnitQuery()) == 1


def test_export_imports_back_unchanged_and_masks_phones(services: Services, office: dict[str, int],
                                                        tmp_path: Path) -> None:
    source = write_csv(tmp_path / "名单.csv", [STREET_HEADER, street_row(1), street_row(2, 单位名称="=1+2")])
    UnitImporter(services).apply(UnitImporter(services).preview(source))
    full = export_units(services, UnitQuery(sort="org_id"), tmp_path / "全.xlsx", show_sensitive=True)
    assert full.count == 2 and not full.masked
    back = UnitImporter(services).preview(full.path)
    assert not back.adds and not back.updates and len(back.unchanged) == 2 and not back.refused
    sheet = openpyxl.load_workbook(full.path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+2"]
    assert cells and cells[0].data_type == "s"
    masked = export_units(services, UnitQuery(), tmp_path / "遮蔽.csv")
    text = masked.path.read_text("utf-8-sig")
    assert "139****2345" in text and "13953112345" not in text
    assert "'=1+2" in [row[1] for row in csv.reader(text.splitlines())]
    assert services.audit.recent(1)[0].action == "导出个人信息"


def test_viewers_cannot_export_and_nothing_is_written(services: Services, office: dict[str, int],
                                                      tmp_path: Path) -> None:
    services.act_as(Actor("小李", role="查看"))
    with pytest.raises(AppError):
        export_units(services, UnitQuery(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_the_template_imports_as_nothing_and_marks_required_columns(services: Services, office: dict[str, int],
                                                                    tmp_path: Path) -> None:
    path = write_unit_template(tmp_path / "模板.xlsx")
    ws = openpyxl.load_workbook(path)["驻区单位"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["序号", "*单位名称", "统一社会信用代码"] and "*所在社区" in header
    preview = UnitImporter(services).preview(path)
    assert not preview.adds and not preview.refused
    assert [s.reason for s in preview.skipped] == ["模板中的示例行，已跳过"]
    with pytest.raises(AppError, match="只能保存为 .xlsx"):
        write_unit_template(tmp_path / "模板.csv")


def test_agreements_export_with_status_and_fulfilment(services: Services, office: dict[str, int],
                                                      tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "名单.xlsx", [STREET_HEADER, street_row(1)])
    unit_id = UnitImporter(services).apply(UnitImporter(services).preview(source)).added_ids[0]
    start = dt.date.today() - dt.timedelta(days=30)
    services.agreements.create(AgreementInput(org_id=office["peace"], unit_id=unit_id, starts_on=start,
                                              ends_on=start + dt.timedelta(days=364), signed_on=start,
                                              liaison_b_phone="13800001111"))
    result = export_agreements(services, AgreementQuery(), tmp_path / "协议.xlsx")
    ws = openpyxl.load_workbook(result.path).active
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["协议编号"] == f"共建〔{start.year}〕1号" and row["状态"] == "生效"
    assert row["乙方单位"] == "青山县第1中学" and row["甲方"] == "和平社区党委"
    assert row["乙方联系电话"] == "138****1111" and row["承诺事项"] == 0
