"""Importing and exporting sites (阵地) and grid visits (进格入户) through the kit's io engine.

An import reads the sheet against the fields' declarations, resolves each row's community by
name (and a shared base's unit by name within it), checks the row as the service would, and
lists refused rows as ``第N行 字段: 原因``; ``apply`` writes the rest in one transaction. A row is
a record already on file when its community has a site of that name (a visit: the same
visitor, household and day); its blank cells keep what the record holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Kind
from app.domain.kit.spec import RecordSpec
from app.domain.sites.fields import SITE_SPEC, VISIT_SPEC
from app.domain.sites.rules import area_text
from app.io.kit.engine import RowChecker, RowState, service_rules
from app.io.kit.plan import RowProblem
from app.io.kit.sheets import Sheet, SheetRow, SkippedRow, read_sheet
from app.io.kit.writer import Column, field_column, write_rows, write_template
from app.io.orgs.names import OrgNames
from app.services.sites.rows import SiteInput, SitesQuery, VisitInput

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.sites.base import SitesRecords


@dataclass(frozen=True)
class Kind_:
    key: str  # "sites" / "visits": the CLI's subject
    spec: RecordSpec
    input_type: type
    title: str  # the sheet's title
    identity: tuple[str, ...]

    def service(self, services: Services) -> SitesRecords[Any]:
        return services.sites if self.key == "sites" else services.grid_visits


SITES = Kind_("sites", SITE_SPEC, SiteInput, "阵地", ("org_id", "name"))
VISITS = Kind_("visits", VISIT_SPEC, VisitInput, "进格入户", ("org_id", "visitor", "household", "visited_on"))
KINDS = {k.key: k for k in (SITES, VISITS)}


@dataclass(frozen=True)
class Preview:
    source: Path
    header_row: int
    ignored_columns: tuple[str, ...]
    skipped: list[SkippedRow]
    adds: list[Any]
    updates: list[tuple[int, Any]]
    refused: list[RowProblem]
    unchanged: int = 0  # rows naming a record on file that they would not change

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def summary(self, noun: str) -> list[str]:
        lines = [f"文件：{self.source.name}（表头在第{self.header_row}行）",
                 f"新增{noun} {len(self.adds)} 条，更新 {len(self.updates)} 条，无变化 {self.unchanged} 条，"
                 f"有问题未导入 {len(self.refused_rows)} 行"]
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        return lines + [f"第{s.number}行：{s.reason}" for s in self.skipped]


class _Checker(RowChecker[Any]):
    """A site's or a visit's row: its community by name (the office's when left out), a shared
    base's unit by name within it, the record on file by the kind's identity, the service's rules."""

    def __init__(self, importer: Importer, sheet: Sheet) -> None:
        self.spec = importer.kind.spec
        self.input_type = importer.kind.input_type
        self.importer = importer
        super().__init__(sheet, importer.orgs)

    def existing(self, rows: Sequence[SheetRow]) -> dict[tuple[Any, ...], Any]:
        service = self.importer.service
        return {self._key(r): r for r in service.rows(service.search_ids(SitesQuery()))}

    def _key(self, row: Any) -> tuple[Any, ...]:
        return tuple(getattr(row, k) for k in self.importer.kind.identity)

    def identity(self, state: RowState) -> tuple[Any, ...] | None:
        org = state.cleaned.get("org_id")
        if not isinstance(org, int):
            return None  # the community is not resolved yet
        return tuple(state.cleaned.get(k) for k in self.importer.kind.identity)

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        return self.spec.label(self.importer.kind.identity[1]), f"与第{first}行是同一条{self.spec.noun}（只能出现一次）"

    def resolve(self, state: RowState, current: Any) -> None:
        values = state.cleaned
        if values.get("org_id") is None and "org_id" not in state.failed:
            values["org_id"] = self.importer.default_org
        given = {k for k, c in state.sheet_row.values.items() if c not in (None, "")}
        for f in self.spec.fields:
            if f.required and f.key != "org_id" and f.key in values and values[f.key] in (None, "") \
                    and f.key not in given and f.label not in state.failed:
                state.bad(f.label, f"请填写{f.label}")
        if values.get("unit_id") not in (None, "") and not state.problems:
            try:
                values["unit_id"] = self.importer.unit(str(values["unit_id"]), values["org_id"])
            except ValidationError as exc:
                state.bad(self.spec.label("unit_id"), exc.message)
        if values.get("area") is not None:
            values["area"] = area_text(values["area"])  # the input takes m², as typed

    def record_values(self, current: Any) -> dict[str, Any]:
        values = super().record_values(current)
        if "area" in values:
            values["area"] = area_text(values["area"])
        return values

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        data = self.make_input({k: v for k, v in values.items() if k in self.input_keys})
        return service_rules(self.importer.service.problems, self.spec, data, self.record_id(current))


class Importer:
    def __init__(self, services: Services, kind: str, default_org: int | None = None) -> None:
        self.services, self.kind = services, KINDS[kind]
        office = services.settings.get("office_org_id")
        self.default_org = default_org if default_org is not None else office
        self.orgs = OrgNames(services.orgs.list(), office)
        self.service = self.kind.service(services)

    def preview(self, path: str | Path) -> Preview:
        spec = self.kind.spec
        fields = [f for f in spec.fields if f.export]
        sheet = read_sheet(path, fields)
        missing = [f.label for f in sheet.missing(fields) if f.key != "org_id"]
        if missing:
            raise AppError(f"“{sheet.source}”第{sheet.header_row}行的表头中缺少必填的列：{'、'.join(missing)}")
        if "org_id" not in sheet.columns and self.default_org is None:
            raise AppError("表中没有“所在社区”列，也未设置本单位党组织：请加上“所在社区”列，或用 --org 指定社区")
        header, ignored, skipped = sheet.header_row, sheet.ignored, list(sheet.skipped)
        found = _Checker(self, sheet).run()
        return Preview(Path(path), header, ignored, skipped, [p.data for p in found.adds],
                       [(int(p.record_id or 0), p.data) for p in found.updates], found.refused, len(found.unchanged))

    def apply(self, preview: Preview) -> tuple[list[int], list[int]]:
        """The preview's additions and updates in one transaction (refused rows left out)."""
        return self.service.import_batch(preview.adds, preview.updates)

    def unit(self, name: str, org_id: int | None) -> int:
        text = " ".join(name.split())
        ids = [i for i, _n in self.services.units.names(org_id) if _n == text] if org_id else []
        if len(ids) != 1:
            raise ValidationError(f"本社区没有在区的驻区单位“{text[:30]}”，请先在共建页登记该单位")
        return ids[0]


# ---- export ----------------------------------------------------------------------------------

def columns(services: Services, kind: Kind_, reveal: bool) -> list[Column]:
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))

    def cell(key: str) -> Any:
        f = kind.spec.field(key)

        def value(row: Any) -> Any:
            raw = getattr(row, key)
            if f.kind is Kind.ORG:
                return names.label(raw)
            if key == "unit_id":
                return row.unit_name
            if key == "area":
                return area_text(raw)
            if f.kind in (Kind.DATE, Kind.INT) or raw is None:
                return raw
            return kind.spec.display(key, raw, reveal=reveal)

        return value

    out = [field_column(f, cell(f.key)) for f in kind.spec.fields if f.export]
    if kind is VISITS:
        out.append(Column("跟进状态", 8, lambda r: r.follow_state))
    else:
        out.append(Column("状态", 6, lambda r: r.status))
    return out


def export(services: Services, kind: str, path: str | Path, query: SitesQuery | None = None) -> tuple[Path, int]:
    k = KINDS[kind]
    services.exports.check(masked=True)
    service = k.service(services)
    rows = service.rows(service.search_ids(query or SitesQuery()))
    target = write_rows(path, columns(services, k, False), rows, sheet_title=k.title,
                        before_rename=lambda: services.exports.record(k.title, path, len(rows), masked=True))
    return target, len(rows)


def template(path: str | Path, kind: str) -> Path:
    k = KINDS[kind]
    fields = [f for f in k.spec.fields if f.export and f.key != "closed_on"]
    notes = ("填写说明：", "1. 从表头下一行起每行填写一条；第一列为“示例”的行不会导入。", "2. 列名前带*号的为必填项。",
             "3. “所在社区”请填写系统中已有的社区党组织名称。", "4. 日期写成 2026-03-01 或 2026年3月1日。")
    return write_template(path, fields, sheet_title=k.title, example={f.key: f.sample for f in fields}, notes=notes)
