"""Importing the units in the area from Excel or CSV: a preview first, then one transaction.

The sheets offices have: the unit list a 街道 keeps (单位名称, 单位性质, 党组织名称, 书记, 联系人,
电话 …) or a 工商 extract (企业名称, 统一社会信用代码, 企业类型, 住所); the header names are matched
through the unit fields' aliases, extra columns are listed and left. A row is a unit already on
record when its 统一社会信用代码 is (else when the same community has a unit of that name in the
area); its blank cells keep what the record holds. ``apply`` writes the additions and updates
in one transaction; refused rows are listed as ``第N行 字段: 原因`` and never half-written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.cobuild.fields import UNIT_FIELDS, UNIT_SPEC
from app.domain.kit.errors import AppError, ValidationError
from app.io.kit.engine import PlannedRow, RowChecker, RowState
from app.io.kit.plan import RowProblem
from app.io.kit.sheets import Sheet, SheetRow, SkippedRow, read_sheet
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.services.container import Services

CODE, ORG, NAME = "credit_code", "org_id", "name"
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
CODE_LOST = "统一社会信用代码被Excel存成了数字，末几位已经丢失。请把这一列设为“文本”格式后重新填写"


@dataclass(frozen=True)
class UnitImportPreview:
    source: Path
    sheet_name: str
    header_row: int
    columns: dict[str, str]
    ignored_columns: tuple[str, ...]
    skipped: list[SkippedRow]
    adds: list[PlannedRow]  # title: the unit's name; data: a UnitInput
    updates: list[PlannedRow]
    unchanged: list[PlannedRow]
    refused: list[RowProblem]

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def summary(self) -> list[str]:
        lines = [f"文件：{self.source.name}（工作表“{self.sheet_name}”，表头在第{self.header_row}行）",
                 f"新增驻区单位 {len(self.adds)} 个，更新 {len(self.updates)} 个，无变化 {len(self.unchanged)} 个，"
                 f"有问题未导入 {len(self.refused_rows)} 行"]
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        lines += [f"第{s.number}行：{s.reason}" for s in self.skipped]
        return lines


@dataclass(frozen=True)
class UnitImportOutcome:
    added_ids: list[int]
    updated_ids: list[int]
    unchanged: int
    refused_rows: list[int]


class UnitImporter:
    """``default_org`` (an organisation id) is the community of rows that do not name one; the
    office's organisation when not given."""

    def __init__(self, services: Services, default_org: int | None = None) -> None:
        self.services = services
        self.office = services.settings.get("office_org_id")
        self.default_org = default_org if default_org is not None else self.office

    def preview(self, path: str | Path) -> UnitImportPreview:
        sheet = read_sheet(path, UNIT_FIELDS)
        if NAME not in sheet.columns:
            raise AppError(f"“{sheet.source}”第{sheet.header_row}行的表头中缺少“单位名称”列"
                           f"（列名可用{'、'.join(UNIT_SPEC.field(NAME).headers)}），请补上后重新导入")
        if ORG not in sheet.columns and self.default_org is None:
            raise AppError("表中没有“所在社区”列，也未设置本单位党组织：请加上“所在社区”列，"
                           "或指定这些单位所在的社区（命令行用 --org）")
        return _Checker(self.services, Path(path), sheet, self.default_org, self.office).preview()

    def apply(self, preview: UnitImportPreview) -> UnitImportOutcome:
        """The preview's additions and updates in one transaction (refused rows are left out)."""
        added, updated = self.services.units.import_batch(
            [p.data for p in preview.adds], [(p.record_id, p.data) for p in preview.updates if p.record_id])
        return UnitImportOutcome(added, updated, len(preview.unchanged), preview.refused_rows)


class _Checker(RowChecker[Any]):
    """A unit's row: matched by its 统一社会信用代码, else by its name in the same community; a
    code Excel has turned into a number refused; its community by name (the default when the
    row names none)."""

    spec = UNIT_SPEC

    def __init__(self, services: Services, path: Path, sheet: Sheet, default_org: int | None,
                 office: int | None) -> None:
        from app.services.cobuild.rows import UnitInput

        self.input_type = UnitInput
        self.services, self.path = services, path
        self.default_org = default_org
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.known: dict[int, Any] = {}
        self.found: list[ValidationError] = []
        super().__init__(sheet, OrgNames(services.orgs.list(), office))

    def preview(self) -> UnitImportPreview:
        sheet = self.sheet
        found = self.run()
        return UnitImportPreview(self.path, sheet.sheet_name, sheet.header_row, dict(sheet.columns), sheet.ignored,
                                 list(sheet.skipped), found.adds, found.updates, found.unchanged, found.refused)

    def existing(self, rows: Sequence[SheetRow]) -> dict[int, Any]:
        units = self.services.units
        codes = {_code_text(r.values.get(CODE)) for r in rows} - {""}
        self.by_code = units.ids_by_credit_code(codes)
        self.by_name = units.ids_by_name({" ".join(str(r.values.get(NAME) or "").split()) for r in rows})
        self.known = {u.id: u for u in units.rows(
            sorted({*self.by_code.values(), *(i for ids in self.by_name.values() for i in ids)}))}
        return self.known

    def raw_problem(self, key: str, raw: Any) -> str | None:
        if key == CODE and isinstance(raw, str) and _digits_lost("".join(raw.split())):
            return CODE_LOST
        return None

    def org_error(self, message: str) -> str:
        return message.replace("不能再把党员编入其中", "不能再把单位放在其下")

    def unknown_org(self, text: str) -> str:
        return f"“{text}”在组织架构中不存在，请先在组织架构中建立，或改为已有的社区党组织名称"

    def identity(self, state: RowState) -> int | None:
        c = state.cleaned
        code = c.get(CODE) or ""
        if code and code in self.by_code:
            return self.by_code[code]
        if not isinstance(c.get(ORG), int):
            return None
        for i in self.by_name.get(c.get(NAME) or "", []):
            u = self.known.get(i)
            if u is not None and u.org_id == c.get(ORG) and u.in_area and (not code or not u.credit_code):
                return int(u.id)
        return None

    def duplicate_key(self, state: RowState, identity: Any) -> Any:
        c = state.cleaned
        return c.get(CODE) or (c.get(ORG), c.get(NAME))

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        by = CODE if state.cleaned.get(CODE) else NAME  # what the two rows share
        return UNIT_SPEC.label(by), f"与第{first}行是同一个单位（同一单位只能出现一次）"

    def resolve(self, state: RowState, current: Any) -> None:
        if ORG not in self.sheet.columns or (state.cleaned.get(ORG) is None and self.label(ORG) not in state.failed):
            state.cleaned[ORG] = self.default_org

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if current is None and values.get(NAME) and not state.problems:
            namesake = next((self.known[i] for i in self.by_name.get(values[NAME], []) if i in self.known
                             and self.known[i].org_id == values.get(ORG) and self.known[i].in_area), None)
            if namesake is not None:
                out.append((UNIT_SPEC.label(CODE), f"本社区已登记名为“{namesake.name}”的驻区单位（统一社会信用代码"
                                                   f"{namesake.credit_code}），与本行的代码不同，请核对"))
        return out + [(UNIT_SPEC.label(UNIT_SPEC.key_of(p.field) or NAME), p.message) for p in self.found]

    def complete(self, state: RowState, merged: dict[str, Any], current: Any) -> dict[str, Any]:
        values, self.found = UNIT_SPEC.problems(merged)  # the rules' problems, said in ``rules``
        return {**merged, **values}


def _digits_lost(text: str) -> bool:
    """A code Excel kept as a number: shown as 9.13501E+17, or 18 digits ending in zeros that
    the check character does not bear out (an all-digit code that checks is a real one)."""
    if _SCIENTIFIC.match(text):
        return True
    if len(text) == 18 and text.isdigit() and text.endswith("000"):
        from app.domain.cobuild.credit_code import check_char

        return check_char(text[:17]) != text[17]
    return False


def _code_text(value: Any) -> str:
    return "".join(str(value or "").split()).upper()
