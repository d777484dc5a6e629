"""Adding a field is one edit: a throw-away field declared on a test copy of the 驻区单位 spec
turns up in the table, the form, the import template, the importer and the exporter, with no
other change to the code (one declaration per field, ../shared/DESIGN.md).

The record type is the real unit's: the real spec with one more field, rows the real service
returns with one more attribute. The table, the export and the template are built by the
co-building area's own builders, handed the test spec; the form, the sheet reader and the
cleaners are the kit's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.domain.cobuild.fields import UNIT_SPEC
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.masking import mask_phone
from app.io.cobuild.export import unit_columns as export_columns
from app.io.cobuild.export import write_unit_template
from app.io.kit.sheets import read_sheet
from app.io.kit.writer import write_rows
from app.io.orgs.names import OrgNames
from app.services.cobuild.rows import UnitInput, UnitRow
from app.services.container import Services
from app.ui.cobuild.models import UnitTableModel, unit_columns
from app.ui.kit.record_dialogs import RecordDialog
from app.ui.kit.spec_columns import spec_columns
from tests.services.cobuild.helpers import unit
from tests.services.members.helpers import Tree, build_tree

DUTY = Field("duty_phone", "值班电话", Kind.PHONE, False, ("值班手机", "夜间值班电话"), mask=mask_phone,
             max_length=30, width=13, group="联系", sample="13912345678")
TEST_SPEC = UNIT_SPEC.with_fields([DUTY])


@dataclass(frozen=True)
class DutyRow(UnitRow):
    duty_phone: str = ""


@dataclass(frozen=True)
class DutyInput(UnitInput):
    duty_phone: str = ""


class Rows:
    """A row source over rows already read (the kit's model needs only these two calls)."""

    def __init__(self, rows: Sequence[DutyRow]) -> None:
        self.by_id = {r.id: r for r in rows}

    def search_ids(self, _query: object) -> list[int]:
        return list(self.by_id)

    def rows(self, ids: Sequence[int]) -> list[DutyRow]:
        return [self.by_id[i] for i in ids if i in self.by_id]


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


@pytest.fixture
def rows(services: Services, tree: Tree) -> list[DutyRow]:
    """Two units saved through the real service, each with a night-duty phone."""
    hospital = services.units.create(unit(tree.community, "青山县人民医院"))
    school = services.units.create(unit(tree.other_community, "东湖小学", phone=""))
    return [DutyRow(**asdict(hospital), duty_phone="13912345678"), DutyRow(**asdict(school), duty_phone="")]


def test_the_table_shows_the_new_field(qtbot, rows: list[DutyRow], qtmodeltester) -> None:
    model = UnitTableModel(Rows(rows), columns=unit_columns(TEST_SPEC))  # type: ignore[arg-type]
    model.reload()
    qtmodeltester.check(model)
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels[:len(unit_columns())] == [c.label for c in unit_columns()]  # the real columns, unchanged
    assert labels[-1] == "值班电话"
    col = model.columnCount() - 1
    assert model.data(model.index(0, col)) == "139****5678"  # masked like every phone
    assert model.data(model.index(1, col)) == ""
    model.set_context(reveal=True)
    assert model.data(model.index(0, col)) == "13912345678"


def test_a_hidden_field_must_be_one_of_the_spec(rows: list[DutyRow]) -> None:
    with pytest.raises(ValueError, match="duty_phon"):
        spec_columns(UNIT_SPEC, (), hidden=("duty_phon",))
    assert "值班电话" not in [c.label for c in spec_columns(TEST_SPEC, (), hidden=("duty_phone",))]


def test_the_form_has_the_new_field_and_hands_its_value_on(qtbot, tree: Tree) -> None:
    saved: list[DutyInput] = []
    fields = [f for f in TEST_SPEC.fields if f.key != "left_on"]  # what the unit page's dialog shows
    dialog = RecordDialog("新增驻区单位", fields, DutyInput, lambda data: saved.append(data) or data,
                          refs={"org_id": [("和平社区党委", tree.community)]})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.labels["duty_phone"].text() == "值班电话"
    assert dialog.form.labels["duty_phone"].isVisible()
    dialog.form.set_values({"name": "青山县人民医院", "org_id": tree.community})
    box = dialog.findChild(QLineEdit, "duty_phone")
    assert box is not None
    qtbot.keyClicks(box, "13912345678")
    dialog.save()
    assert saved and saved[0].duty_phone == "13912345678" and saved[0].name == "青山县人民医院"


def test_the_import_template_has_the_new_column(tmp_path: Path) -> None:
    path = write_unit_template(tmp_path / "模板.xlsx", TEST_SPEC)
    ws = load_workbook(path)["驻区单位"]
    header = [c.value for c in ws[1]]
    example = [c.value for c in ws[2]]
    assert "值班电话" in header and "值班电话" not in [c.value for c in load_workbook(
        write_unit_template(tmp_path / "原模板.xlsx"))["驻区单位"][1]]
    assert example[header.index("值班电话")] == "13912345678"
    assert "迁出日期" not in header  # the area's own choice holds for the test spec too


def _sheet(path: Path, header: list[str], *lines: list[object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for line in lines:
        ws.append(line)
    wb.save(path)
    return path


def test_the_importer_reads_the_new_column_by_its_label_or_an_alias(tmp_path: Path) -> None:
    for header in ("值班电话", "值班手机", "夜间值班电话"):
        path = _sheet(tmp_path / f"{header}.xlsx", ["单位名称", "所在社区", header],
                      ["青山县人民医院", "和平社区党委", "139 1234 5678"], ["东湖小学", "东湖社区党委", None])
        sheet = read_sheet(path, TEST_SPEC.fields)
        assert sheet.columns["duty_phone"] == header and header not in sheet.ignored
        values = [TEST_SPEC.field("duty_phone").cleaned(r.values["duty_phone"]) for r in sheet.rows]
        assert values == ["13912345678", ""]
    # Without the declaration the same column is left out and named as such.
    assert "值班电话" in read_sheet(tmp_path / "值班电话.xlsx", UNIT_SPEC.fields).ignored


def test_hostile_cells_in_the_new_column_are_refused_naming_it(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "坏.xlsx", ["单位名称", "所在社区", "值班电话"],
                  ["青山县人民医院", "和平社区党委", "=cmd|' /C calc'!A0"], ["东湖小学", "东湖社区党委", "电话" * 40])
    formula, overlong = read_sheet(path, TEST_SPEC.fields).rows
    assert formula.values["duty_phone"] is None and "公式" in formula.problems["duty_phone"]
    values, problems = TEST_SPEC.clean(overlong.values)
    assert values["duty_phone"] is None
    assert [p.field for p in problems] == ["duty_phone"] and problems[0].message.startswith("值班电话")
    with pytest.raises(ValidationError):
        DUTY.cleaned("1" * 40)


def test_the_exporter_writes_the_new_column(tmp_path: Path, services: Services, rows: list[DutyRow]) -> None:
    names = OrgNames(services.orgs.list())
    for reveal, shown in ((False, "139****5678"), (True, "13912345678")):
        path = write_rows(tmp_path / f"导出{reveal}.xlsx", export_columns(names, reveal, TEST_SPEC), rows,
                          sheet_title="驻区单位")
        ws = load_workbook(path)["驻区单位"]
        header = [c.value for c in ws[1]]
        col = header.index("值班电话")
        assert [ws.cell(row=r, column=col + 1).value for r in (2, 3)] == [shown, None]
        assert ws.cell(row=2, column=col + 1).data_type == "s"  # a phone stays text
    # What was exported imports back into the new field.
    back = read_sheet(tmp_path / "导出True.xlsx", TEST_SPEC.fields)
    assert [r.values["duty_phone"] for r in back.rows] == ["13912345678", None]
