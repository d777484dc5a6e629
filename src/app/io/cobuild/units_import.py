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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.cobuild.fields import UNIT_FIELDS, UNIT_SPEC
from app.domain.kit.errors import AppError, ValidationError
from app.io.kit.plan import FieldChange, RowProblem, field_changes, masked_message
from app.io.kit.sheets import Sheet, SheetRow, SkippedRow, read_sheet
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.services.cobuild.rows import UnitInput, UnitRow
    from app.services.container import Services

CODE, ORG, NAME = "credit_code", "org_id", "name"
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
CODE_LOST = "统一社会信用代码被Excel存成了数字，末几位已经丢失。请把这一列设为“文本”格式后重新填写"


@dataclass(frozen=True)
class PlannedUnit:
    row: int
    name: str
    unit_id: int | None  # None: a new unit
    data: UnitInput
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class UnitImportPreview:
    source: Path
    sheet_name: str
    header_row: int
    columns: dict[str, str]
    ignored_columns: tuple[str, ...]
    skipped: list[SkippedRow]
    adds: list[PlannedUnit]
    updates: list[PlannedUnit]
    unchanged: list[PlannedUnit]
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
        return _Checker(self.services, Path(path), sheet, self.default_org, self.office).run()

    def apply(self, preview: UnitImportPreview) -> UnitImportOutcome:
        """The preview's additions and updates in one transaction (refused rows are left out)."""
        added, updated = self.services.units.import_batch(
            [p.data for p in preview.adds], [(p.unit_id, p.data) for p in preview.updates if p.unit_id])
        return UnitImportOutcome(added, updated, len(preview.unchanged), preview.refused_rows)


class _Checker:
    def __init__(self, services: Services, path: Path, sheet: Sheet, default_org: int | None,
                 office: int | None) -> None:
        from app.services.cobuild.rows import UNIT_INPUT_KEYS

        self.services, self.path, self.sheet = services, path, sheet
        self.default_org = default_org
        self.orgs = OrgNames(services.orgs.list(), office)
        self.keys = UNIT_INPUT_KEYS
        self.present = [k for k in sheet.columns if k in UNIT_INPUT_KEYS]

    def run(self) -> UnitImportPreview:
        rows = self.sheet.rows
        codes = {_code_text(r.values.get(CODE)) for r in rows} - {""}
        by_code = self.services.units.ids_by_credit_code(codes)
        by_name = self.services.units.ids_by_name({" ".join(str(r.values.get(NAME) or "").split()) for r in rows})
        known = {u.id: u for u in self.services.units.rows(
            sorted({*by_code.values(), *(i for ids in by_name.values() for i in ids)}))}
        adds: list[PlannedUnit] = []
        updates: list[PlannedUnit] = []
        unchanged: list[PlannedUnit] = []
        refused: list[RowProblem] = []
        seen: dict[Any, int] = {}
        for r in rows:
            planned, problems = self._check(r, by_code, by_name, known, seen)
            if problems:
                refused.extend(problems)
            elif planned is not None and planned.unit_id is None:
                adds.append(planned)
            elif planned is not None:
                (updates if planned.changes else unchanged).append(planned)
        return UnitImportPreview(self.path, self.sheet.sheet_name, self.sheet.header_row, dict(self.sheet.columns),
                                 self.sheet.ignored, list(self.sheet.skipped), adds, updates, unchanged, refused)

    def _check(self, r: SheetRow, by_code: dict[str, int], by_name: dict[str, list[int]],
               known: dict[int, UnitRow], seen: dict[Any, int]) -> tuple[PlannedUnit | None, list[RowProblem]]:
        problems: list[RowProblem] = []

        def bad(key: str, reason: str) -> None:
            problems.append(RowProblem(r.number, UNIT_SPEC.label(key), reason))

        for key, reason in r.problems.items():
            bad(key, reason)
        cleaned: dict[str, Any] = {}
        for key in self.present:
            if key in r.problems:
                continue
            raw, f = r.values.get(key), UNIT_SPEC.field(key)
            if f.mask is not None and isinstance(raw, str) and "*" in raw:
                bad(key, masked_message(f.label))
            elif key == CODE and isinstance(raw, str) and _digits_lost("".join(raw.split())):
                bad(key, CODE_LOST)
            elif key == ORG:
                cleaned[key] = self._org(raw, bad)
            else:
                try:
                    cleaned[key] = f.cleaned(raw)
                except ValidationError as exc:
                    bad(key, exc.message)
        if ORG not in self.sheet.columns or cleaned.get(ORG, 0) is None:
            cleaned[ORG] = self.default_org
        if problems:
            return None, problems
        current = self._match(cleaned, by_code, by_name, known)
        same: Any = cleaned.get(CODE) or (cleaned[ORG], cleaned.get(NAME))
        if same in seen:
            bad(CODE if cleaned.get(CODE) else NAME, f"与第{seen[same]}行是同一个单位（同一单位只能出现一次）")
            return None, problems
        seen[same] = r.number
        if current is None and cleaned.get(NAME):
            namesake = next((known[i] for i in by_name.get(cleaned[NAME], []) if i in known
                             and known[i].org_id == cleaned[ORG] and known[i].in_area), None)
            if namesake is not None:
                bad(CODE, f"本社区已登记名为“{namesake.name}”的驻区单位（统一社会信用代码{namesake.credit_code}），"
                          "与本行的代码不同，请核对")
                return None, problems
        base = {k: getattr(current, k) for k in self.keys} if current is not None else {}
        merged = dict(base)
        merged.update({k: v for k, v in cleaned.items() if current is None or r.values.get(k) is not None})
        values, found = UNIT_SPEC.problems(merged)
        for p in found:
            bad(p.field or NAME, p.message)
        if problems:
            return None, problems
        from app.services.cobuild.rows import UnitInput

        given: dict[str, Any] = {k: ("" if values.get(k) is None and k not in _NULLABLE else values.get(k))
                                 for k in self.keys}
        data = UnitInput(**given)
        changes = _changes(base, values, self.orgs) if current is not None else ()
        return PlannedUnit(r.number, values[NAME], current.id if current else None, data, changes), []

    def _org(self, raw: Any, bad: Any) -> int | None:
        text = " ".join(str(raw or "").split())
        if not text:
            return None
        try:
            org = self.orgs.resolve(text)
        except ValidationError as exc:
            reason = exc.message.replace("不能再把党员编入其中", "不能再把单位放在其下")
            bad(ORG, reason)
            return None
        if org is None:
            bad(ORG, f"“{text}”在组织架构中不存在，请先在组织架构中建立，或改为已有的社区党组织名称")
            return None
        return org.id

    @staticmethod
    def _match(cleaned: dict[str, Any], by_code: dict[str, int], by_name: dict[str, list[int]],
               known: dict[int, UnitRow]) -> UnitRow | None:
        code = cleaned.get(CODE) or ""
        if code and code in by_code:
            return known.get(by_code[code])
        same = [known[i] for i in by_name.get(cleaned.get(NAME) or "", []) if i in known]
        for u in same:
            if u.org_id == cleaned.get(ORG) and u.in_area and (not code or not u.credit_code):
                return u
        return None


_NULLABLE = frozenset(f.key for f in UNIT_FIELDS if f.nullable)


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


def _changes(old: dict[str, Any], new: dict[str, Any], orgs: OrgNames) -> tuple[FieldChange, ...]:
    return field_changes(UNIT_SPEC, old, new, orgs.label)
