"""Writing the units in the area and the agreements to .xlsx or .csv, and the blank unit list.

Columns are the fields' declarations, so an exported unit list imports back unchanged
(communities by an unambiguous name, dates as Excel dates, codes and phones as text). Phones
are masked unless the caller asks for them in full; every export leaves an audit record
before the file takes its name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.cobuild.agreement_fields import AGREEMENT_SPEC
from app.domain.cobuild.fields import UNIT_SPEC
from app.domain.kit.fields import Kind
from app.io.kit.progress import Progress
from app.io.kit.writer import Column, spec_field_columns, write_rows, write_spec_template
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.domain.kit.spec import RecordSpec
    from app.services.cobuild.agreement_query import AgreementQuery
    from app.services.cobuild.unit_query import UnitQuery
    from app.services.container import Services

UNITS_TITLE = "驻区单位"
AGREEMENTS_TITLE = "共建协议"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    masked: bool


def unit_columns(names: OrgNames, reveal: bool, spec: RecordSpec = UNIT_SPEC) -> list[Column]:
    columns = spec_field_columns(spec, reveal=reveal, org_label=names.label)
    columns += [Column("状态", 8, lambda r: r.status), Column("迁出原因", 20, lambda r: r.left_reason),
                Column("报到党员数", 8, lambda r: r.member_count, Kind.INT)]
    return columns


def export_units(services: Services, units: UnitQuery | Sequence[Any], path: str | Path, *,
                 show_sensitive: bool = False, progress: Progress | None = None) -> ExportResult:
    services.exports.check(masked=not show_sensitive)
    ids = services.units.search_ids(units) if not isinstance(units, Sequence) else [u.id for u in units]
    rows = services.units.rows(ids)
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    target = write_rows(path, unit_columns(names, show_sensitive), rows, sheet_title=UNITS_TITLE, progress=progress,
                        before_rename=lambda: services.exports.record(UNITS_TITLE, path, len(rows),
                                                                      masked=not show_sensitive))
    return ExportResult(target, len(rows), not show_sensitive)


def agreement_columns(names: OrgNames, reveal: bool, units: dict[int, str], numbers: dict[int, str]) -> list[Column]:
    columns = spec_field_columns(AGREEMENT_SPEC, reveal=reveal, org_label=names.label, refs=units)
    columns += [Column("状态", 8, lambda r: r.status),
                Column("终止日期", 11, lambda r: r.terminated_on, Kind.DATE),
                Column("终止原因", 20, lambda r: r.terminated_reason),
                Column("续签自", 16, lambda r: numbers.get(r.previous_id, "") if r.previous_id else ""),
                Column("承诺事项", 8, lambda r: r.item_count, Kind.INT),
                Column("已兑现", 8, lambda r: r.items_done, Kind.INT),
                Column("附件", 6, lambda r: r.file_count, Kind.INT)]
    return columns


def export_agreements(services: Services, query: AgreementQuery, path: str | Path, *,
                      show_sensitive: bool = False, today: dt.date | None = None,
                      progress: Progress | None = None) -> ExportResult:
    """The agreements of ``query`` with their status as at ``today``; liaisons' phones masked
    unless ``show_sensitive``."""
    services.exports.check(masked=not show_sensitive)
    rows = services.agreements.rows(services.agreements.search_ids(query, today), today)
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    units = {r.unit_id: r.unit_name for r in rows}
    previous = [r.previous_id for r in rows if r.previous_id is not None]
    numbers = {r.id: r.number for r in services.agreements.rows(previous)} if previous else {}
    columns = agreement_columns(names, show_sensitive, units, numbers)
    target = write_rows(path, columns, rows, sheet_title=AGREEMENTS_TITLE, progress=progress,
                        before_rename=lambda: services.exports.record(AGREEMENTS_TITLE, path, len(rows),
                                                                      masked=not show_sensitive))
    return ExportResult(target, len(rows), not show_sensitive)


UNIT_NOTES = (
    "填写说明：",
    "1. 请在“驻区单位”工作表中，从表头下一行起每行填写一个单位；第一列为“示例”的行不会导入，可以删除。",
    "2. 列名前带*号的为必填项。统一社会信用代码、联系电话两列已设为文本格式，请勿改为数字格式。",
    "3. 统一社会信用代码可以不填；填写时会核对第18位校验码，小写字母自动改为大写。",
    "4. “所在社区”请填写系统中已有的社区党组织名称；不填时导入到导入时选择的社区。",
    "5. 单位类型可填：机关、事业单位、国有企业、非公企业、社会组织、其他；工商登记的企业类型"
    "（如“有限责任公司（国有独资）”“个体工商户”）也能识别。",
    "6. 已在系统中的单位（按统一社会信用代码，或同一社区的单位名称识别）会按表中内容更新，空白单元格不会清除原有内容。",
)


def write_unit_template(path: str | Path, spec: RecordSpec = UNIT_SPEC) -> Path:
    return write_spec_template(path, spec, sheet_title=UNITS_TITLE, notes=UNIT_NOTES, skip=("left_on",))
