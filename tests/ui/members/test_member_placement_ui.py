"""Where a new member is proposed to go, the refusal of a committee, and the import preview's
column mapping the user can change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QDialog

from app.domain.kit.idcard import make_id
from app.services.container import Services
from app.ui.access.settings_dialog import SettingsDialog
from app.ui.members.dialog import MemberDialog
from app.ui.members.io import ImportPreviewDialog, IoServices, build_preview
from tests.services.members.helpers import build_tree

VALID_ID = "11010519491231002X"


@pytest.fixture
def tree(services: Services):
    t = build_tree(services)
    services.settings.set("office_org_id", t.county)
    return t


def _fill(dialog: MemberDialog) -> None:
    dialog.widgets["name"].insert("李秀英")
    dialog.widgets["id_number"].setText(VALID_ID)
    dialog.widgets["id_number"].textEdited.emit(VALID_ID)
    dialog.set_field("joined_on", dt.date(1972, 7, 1))
    dialog.set_field("full_on", dt.date(1973, 7, 1))


@pytest.mark.parametrize("scope", ["county", "community", "branch_b"])
def test_the_form_proposes_a_branch(qtbot, services: Services, tree, scope: str) -> None:
    expected = {"county": tree.branch_a, "community": tree.branch_a, "branch_b": tree.branch_b}[scope]
    dialog = MemberDialog(services.members, services.orgs, default_org_id=getattr(tree, scope))
    qtbot.addWidget(dialog)
    assert dialog.widgets["org_id"].currentData() == expected


def test_a_committee_is_refused_unless_the_office_allows_it(qtbot, services: Services, tree) -> None:
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.county)
    qtbot.addWidget(dialog)
    _fill(dialog)
    combo = dialog.widgets["org_id"]
    combo.setCurrentIndex(combo.findData(tree.county))
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "党员应编入其下的党支部" in dialog.error.text()
    settings = SettingsDialog(services.settings)
    qtbot.addWidget(settings)
    settings.checks["members_in_committees"].setChecked(True)
    settings.save()
    assert services.settings.get("members_in_committees") is True
    dialog.save()
    assert dialog.result_row is not None and dialog.result_row.org_id == tree.county


def test_the_preview_shows_columns_and_follows_a_change(qtbot, services: Services, tree, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "党员类别", "人员类型", "所在党组织", "入党时间", "转正时间"])
    wb.active.append(["王芳", make_id("370102", dt.date(1985, 3, 12), "女", sequence=8), "正式党员", "在职",
                      "第一网格党支部", "2010-07-01", "2011-07-01"])
    wb.active.append(["孙七", make_id("370102", dt.date(1990, 1, 2), "男", sequence=3), "预备党员", "常住",
                      "第六网格党支部", "2025-01-01", None])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    io = IoServices.of(services.members, services.orgs, services.settings, services.exports)
    preview = build_preview(None, io, path, scope_id=tree.community)
    assert preview is not None
    dialog = ImportPreviewDialog(io, preview)
    qtbot.addWidget(dialog)
    assert dialog.columns.table.rowCount() == 7
    assert dialog.columns.table.item(1, 2).text().startswith("370***********")  # masked without the right
    row = [p.header for p in dialog.columns.plan].index("党员类别")
    assert dialog.columns.combos[row].currentText() == "人员类别"
    assert dialog.create_orgs.text() == "在“和平社区党委”下新建这些组织（作为党支部）"
    assert [r.data.category for r in dialog.preview.adds] == ["在职党员", "常住党员"]
    assert dialog.tabs.isTabVisible(dialog.org_tab)  # 第六网格党支部 is new
    dialog.columns.choose("人员类型", "")
    assert [r.data.category for r in dialog.preview.adds] == ["", ""]
    assert dialog.preview.overrides == {"人员类型": ""}
    dialog.tabs.setCurrentWidget(dialog.columns)
    dialog.grab().save("/tmp/preview_columns.png")
