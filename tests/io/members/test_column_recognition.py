"""Rosters as offices keep them: swapped 党员类别/人员类型 headers, missing headers, no 人员类别,
in .xlsx, .xls and GB18030 .csv; and new organisations placed under the chosen scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.orgs.rules import OrgType
from app.io.kit.columns import AMBIGUOUS, BY_CONTENT, BY_HEADER, CHOSEN
from app.io.members.importer import MemberImporter
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.orgs.service import OrgInput
from tests.io.kit.workbooks import write_csv, write_xlsx
from tests.io.kit.xls import write_xls
from tests.io.members.roster import Office, id_for, make_office

SWAPPED = ["序号", "姓名", "身份证号", "党员类别", "人员类型", "所在党组织", "入党时间", "转正时间"]


def _swapped_rows() -> list[list[object]]:
    return [SWAPPED,
            [1, "张三", id_for(1), "正式党员", "常住", "第一党支部", "1985-07-01", "1986-07-01"],
            [2, "李四", id_for(2), "预备党员", "在职", "第一党支部", "2025-07-01", None],
            [3, "王五", id_for(3), "正式党员", "离退休", "第二党支部", "1990-07-01", "1991-07-01"]]


@pytest.fixture
def office(services: Services) -> Office:
    return make_office(services)


def _write(path: Path, rows: list[list[object]]) -> Path:
    if path.suffix == ".xls":
        return write_xls(path, rows)
    if path.suffix == ".csv":
        return write_csv(path, rows, encoding="gb18030")
    return write_xlsx(path, rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_swapped_headers_are_read_by_what_the_cells_hold(services: Services, office: Office, tmp_path: Path,
                                                         suffix: str) -> None:
    p = MemberImporter(services).preview(_write(tmp_path / f"roster{suffix}", _swapped_rows()))
    assert p.problems(False) == []
    assert [(r.title, r.data.member_type, r.data.category) for r in p.adds] == [
        ("张三", "正式党员", "常住党员"), ("李四", "预备党员", "在职党员"), ("王五", "正式党员", "离退休党员")]
    plan = {c.header: (c.key, c.how) for c in p.plan}
    assert plan["党员类别"] == ("member_type", AMBIGUOUS)
    assert plan["人员类型"] == ("category", BY_HEADER)
    assert "D列“党员类别” → 人员类别（表头可有两种含义，按内容识别）" in p.column_lines()


def test_a_column_without_header_of_id_numbers(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [["姓名", None, "人员类别", "所在党组织", "入党时间", "转正时间"],
            ["张三", id_for(1), "正式党员", "第一党支部", "1985-07-01", "1986-07-01"],
            ["李四", id_for(2), "正式党员", "第一党支部", "1985-07-01", "1986-07-01"]]
    p = MemberImporter(services).preview(write_xlsx(tmp_path / "a.xlsx", rows))
    assert p.problems(False) == [] and len(p.adds) == 2
    (id_col,) = [c for c in p.plan if c.key == "id_number"]
    assert (id_col.letter, id_col.how) == ("B", BY_CONTENT)


def test_a_header_contradicted_by_its_cells(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [["姓名", "公民身份号码", "人员类别", "联系电话", "所在党组织", "入党时间", "转正时间"],
            ["张三", id_for(1), "正式党员", "常住党员", "第一党支部", "1985-07-01", "1986-07-01"]]
    p = MemberImporter(services).preview(write_xlsx(tmp_path / "a.xlsx", rows))
    assert p.adds[0].data.category == "常住党员" and p.adds[0].data.phone == ""
    assert {c.header: c.key for c in p.plan}["联系电话"] == "category"


def test_the_user_can_change_how_a_column_is_read(services: Services, office: Office, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", _swapped_rows())
    p = MemberImporter(services).preview(path, columns={"人员类型": ""})
    assert {c.header: (c.key, c.how) for c in p.plan}["人员类型"] == (None, CHOSEN)
    assert [r.data.category for r in p.adds] == ["", "", ""]
    p = MemberImporter(services).preview(path, columns={"D": "category", "E": "member_type"})
    assert len(p.refused_rows) == 3  # the user's choice is followed, and each cell then refused
    assert p.overrides == {"D": "category", "E": "member_type"}


def test_member_type_follows_from_the_date_of_becoming_full(services: Services, office: Office,
                                                             tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "所在党组织", "入党时间", "转正时间"],
            ["张三", id_for(1), "第一党支部", "1985-07-01", "1986-07-01"],
            ["李四", id_for(2), "第一党支部", "2025-09-01", None]]
    p = MemberImporter(services).preview(write_xlsx(tmp_path / "a.xlsx", rows))
    assert p.problems(False) == []
    assert [r.data.member_type for r in p.adds] == ["正式党员", "预备党员"]
    assert p.derived_type_rows == (2, 3)
    assert "文件中没有“人员类别”列，按“转为正式党员日期”推定：有日期的为正式党员，没有的为预备党员" in p.summary()


def test_new_organisations_go_under_the_chosen_scope(services: Services, tmp_path: Path) -> None:
    county = init_office(services, "青山县委", "县（区）委")
    street = services.orgs.create(OrgInput("城关街道党工委", OrgType.STREET, county.id))
    community = services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY, street.id))
    branch = services.orgs.create(OrgInput("和平社区第一网格党支部", OrgType.GRID_BRANCH, community.id))
    rows = [["姓名", "身份证号", "人员类别", "所在党组织", "入党时间", "转正时间"],
            ["张三", id_for(1), "正式党员", "和平社区新建第六网格党支部", "1985-07-01", "1986-07-01"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    for scope in (community.id, branch.id):  # a branch as scope puts new branches beside it
        p = MemberImporter(services).preview(path, scope_id=scope)
        assert p.new_org_parent_id == community.id
        assert "将新建的党组织 1 个（建在“和平社区党委”之下）：和平社区新建第六网格党支部" in p.summary(True)
    outcome = MemberImporter(services).apply(p, create_missing_orgs=True)
    (new,) = [o for o in services.orgs.list() if o.name == "和平社区新建第六网格党支部"]
    assert new.parent_id == community.id and outcome.created_orgs == ["和平社区新建第六网格党支部"]


def test_members_are_not_put_in_a_committee_unless_allowed(services: Services, office: Office,
                                                           tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "人员类别", "所在党组织", "入党时间", "转正时间"],
            ["张三", id_for(1), "正式党员", "和平社区党委", "1985-07-01", "1986-07-01"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    (problem,) = MemberImporter(services).preview(path).problems(False)
    assert problem.label == "所在党组织" and "党员应编入其下的党支部" in problem.reason
    services.settings.set("members_in_committees", True)
    p = MemberImporter(services).preview(path)
    assert p.problems(False) == [] and p.adds[0].data.org_id == office.office_id
