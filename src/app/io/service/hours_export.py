"""Writing confirmed service hours to .xlsx or .csv: every confirmed record of a period (names,
no ID numbers), or the totals by person, team, unit or category. An export leaves an audit
record before the file takes its name (app.services.safety.exports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.kit.fields import Kind
from app.domain.service.hours import format_hours
from app.domain.service.record_fields import RECORD_SPEC, RecordStatus
from app.io.kit.progress import Progress
from app.io.kit.writer import Column, field_column, write_rows
from app.services.service.rows import RecordQuery
from app.services.service.totals import BY

if TYPE_CHECKING:
    from app.services.container import Services

TITLE = "志愿服务时长"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int


def _hours(tenths: int | None) -> float:
    return float(format_hours(tenths or 0))  # one decimal exactly: what the sheet shows


RECORD_COLUMNS: tuple[Column, ...] = (
    Column("姓名", 8, lambda r: r.volunteer_name),
    field_column(RECORD_SPEC.field("served_on"), lambda r: r.served_on),
    field_column(RECORD_SPEC.field("start_time"), lambda r: r.start_time),
    field_column(RECORD_SPEC.field("end_time"), lambda r: r.end_time),
    Column("服务时长（小时）", 8, lambda r: _hours(r.hours)),
    field_column(RECORD_SPEC.field("content"), lambda r: r.content),
    field_column(RECORD_SPEC.field("category"), lambda r: r.category),
    Column("服务活动", 16, lambda r: r.activity_title),
    Column("服务队伍", 14, lambda r: r.team_name),
    Column("报到单位", 18, lambda r: r.unit_name),
    field_column(RECORD_SPEC.field("served_people"), lambda r: r.served_people),
    Column("确认人", 8, lambda r: r.confirmed_by),
    Column("记录编号", 8, lambda r: r.id, Kind.INT),
)


def export_hours(services: Services, path: str | Path, *, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, by: str | None = None, org_id: int | None = None,
                 progress: Progress | None = None) -> ExportResult:
    """The confirmed records of the period, or (``by``) their totals."""
    services.exports.check(masked=True)
    if by is not None:
        lines = services.service_totals.hours_by(by, date_from, date_to, org_id)
        columns: tuple[Column, ...] = (
            Column(BY[by], 20, lambda ln: ln.name), Column("记录数", 8, lambda ln: ln.records, Kind.INT),
            Column("服务时长（小时）", 10, lambda ln: _hours(ln.tenths)), Column("人数", 6, lambda ln: ln.people, Kind.INT))
        rows: list = list(lines)
        title = f"{TITLE}（按{BY[by]}）"
    else:
        records = services.service_records
        query = RecordQuery(org_id=org_id, status=RecordStatus.CONFIRMED.value, date_from=date_from, date_to=date_to,
                            descending=False)
        rows = records.rows(records.search_ids(query))
        columns = RECORD_COLUMNS
        title = TITLE
    target = write_rows(path, columns, rows, sheet_title=title[:31], progress=progress,
                        before_rename=lambda: services.exports.record(title, path, len(rows), masked=True))
    return ExportResult(target, len(rows))
