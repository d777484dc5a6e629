"""`dangjian import members` prints how each column was read and accepts --column and --org."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput
from tests.io.kit.workbooks import write_xlsx
from tests.io.members.roster import id_for, make_office

ROWS = [["姓名", "身份证号", "党员类别", "人员类型", "所在党组织", "入党时间", "转正时间"],
        ["张三", id_for(1), "正式党员", "在职", "第一党支部", "1985-07-01", "1986-07-01"],
        ["李四", id_for(2), "预备党员", "常住", "第三党支部", "2025-07-01", None]]


@pytest.fixture
def office_db(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    office = make_office(s)
    s.orgs.create(OrgInput("和平社区第二党总支", OrgType.GENERAL_BRANCH, office.office_id))
    s.close()
    return db_path


def test_the_mapping_is_printed_and_can_be_changed(office_db: Path, tmp_path: Path, capsys) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    assert main(["--db", str(office_db), "import", "members", str(path), "--dry-run", "--create-orgs"]) == 0
    out = capsys.readouterr().out
    assert "C列“党员类别” → 人员类别（表头可有两种含义，按内容识别）" in out
    assert "D列“人员类型” → 党员类别（按表头）" in out
    assert main(["--db", str(office_db), "import", "members", str(path), "--dry-run",
                 "--column", "人员类型=不导入", "--column", "C=人员类别"]) == 1
    out = capsys.readouterr().out
    assert "D列“人员类型” → 不导入（按您的指定）" in out and "C列“党员类别” → 人员类别（按您的指定）" in out


def test_new_organisations_go_under_org(office_db: Path, tmp_path: Path, capsys) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    assert main(["--db", str(office_db), "import", "members", str(path), "--create-orgs",
                 "--org", "和平社区第二党总支"]) == 0
    out = capsys.readouterr().out
    assert "将新建的党组织 1 个（建在“和平社区第二党总支”之下）：第三党支部" in out
    s = Services.open(office_db, Actor("测试员"))
    try:
        orgs = {o.name: o for o in s.orgs.list()}
        assert orgs["第三党支部"].parent_id == orgs["和平社区第二党总支"].id
    finally:
        s.close()


@pytest.mark.parametrize("bad", ["党员类别", "党员类别=职务", "=人员类别"])
def test_a_wrong_column_option_is_said_in_chinese(office_db: Path, tmp_path: Path, capsys, bad: str) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    assert main(["--db", str(office_db), "import", "members", str(path), "--column", bad]) != 0
    err = capsys.readouterr()
    assert "--column" in err.err + err.out and "Traceback" not in err.err
