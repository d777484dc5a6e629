"""Dues to and from Excel or CSV: a year's assessments imported by ID number (kind and monthly
base; the bracket gives the amount), every row checked before one transaction; the year's dues
exported with kind, base, monthly amount and what was paid for each month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.funds import dues as rules
from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.idcard import normalize_id
from app.domain.kit.money import fen_to_decimal
from app.domain.members.rules import ON_RECORD
from app.io.kit.progress import Progress, Ticker
from app.io.kit.sheets import read_sheet
from app.io.kit.writer import Column, write_rows
from app.services.members.query import MemberQuery

if TYPE_CHECKING:
    from app.services.container import Services

DUES_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", Kind.TEXT, False, ("党员姓名",)),
    Field("id_number", "公民身份号码", Kind.ID_NUMBER, True, ("身份证号", "身份证号码", "身份证")),
    Field("kind", "党费类别", Kind.TEXT, True, ("类别", "人员类别", "交纳类别")),
    Field("base", "党费基数", Kind.TEXT, False, ("基数", "月工资", "税后工资", "工资收入", "基本退休费", "计算基数")),
)


@dataclass
class DuesPreview:
    rows: list[tuple[int, int, str, Any]] = field(default_factory=list)  # (row, member id, kind, base)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        return [f"可核定党员{len(self.rows)}名，有问题{len(self.refused)}行"]


def preview_dues(services: Services, path: str | Path, year: int, *,
                 progress: Progress | None = None) -> DuesPreview:
    """Every row checked against the roster and the dues brackets; nothing is written.
    ``progress(done, total)`` as for the ledger's preview."""
    sheet = read_sheet(path, DUES_FIELDS, id_keys=("id_number",))
    missing = [f.label for f in sheet.missing(DUES_FIELDS)]
    if missing:
        raise AppError(f"“{sheet.source}”缺少“{'、'.join(missing)}”列，请补上表头后再导入")
    numbers = {}
    for row in sheet.rows:
        try:
            numbers[row.number] = normalize_id(str(row.values.get("id_number") or ""))
        except (ValidationError, ValueError):
            numbers[row.number] = str(row.values.get("id_number") or "")
    ids = services.members.ids_by_id_number(numbers.values())
    out, seen = DuesPreview(), set()
    settings = services.dues.settings()
    labels = {f.key: f.label for f in DUES_FIELDS}
    ticker = Ticker(progress, len(sheet.rows))
    ticker.start()
    for row in sheet.rows:
        ticker.tick()
        if row.problems:
            key, reason = next(iter(row.problems.items()))
            out.refused.append(f"第{row.number}行 {labels.get(key, key)}：{reason}")
            continue
        member_id = ids.get(numbers[row.number])
        if member_id is None:
            out.refused.append(f"第{row.number}行 公民身份号码：名册中没有这个身份证号的党员")
            continue
        if member_id in seen:
            out.refused.append(f"第{row.number}行 公民身份号码：与前面的行重复")
            continue
        try:
            rules.assess_dues(row.values.get("kind"), row.values.get("base"), settings)
        except ValidationError as exc:
            out.refused.append(f"第{row.number}行 {exc.message}")
            continue
        seen.add(member_id)
        out.rows.append((row.number, member_id, str(row.values.get("kind")), row.values.get("base")))
    return out


def apply_dues(services: Services, preview: DuesPreview, year: int) -> int:
    return services.dues.assess_many([(m, year, k, b) for _n, m, k, b in preview.rows])


def export_dues(services: Services, path: str | Path, year: int, org_id: int | None = None, *,
                progress: Progress | None = None) -> tuple[Path, int]:
    """``progress`` is told how far reading the members and writing the file are (twice 0…N)."""
    members = services.members.rows(services.members.search_ids(MemberQuery(org_id=org_id, status=ON_RECORD)))
    dues = services.dues
    rows = []
    ticker = Ticker(progress, len(members))
    ticker.start()
    for m in members:
        ticker.tick()
        a = dues.assessment(m.id, year)
        paid = set(dues.paid_months(m.id, year))
        rows.append((m, a, paid))
    months = [dt.date(year, i, 1) for i in range(1, 13)]
    columns = [Column("姓名", 10, lambda r: r[0].name), Column("所在支部", 18, lambda r: r[0].org_name),
               Column("党费类别", 8, lambda r: r[1].kind if r[1] else "未核定"),
               Column("党费基数", 12, lambda r: fen_to_decimal(r[1].base) if r[1] and r[1].base else None, Kind.MONEY),
               Column("费率", 6, lambda r: r[1].rate if r[1] else ""),
               Column("每月党费", 10, lambda r: fen_to_decimal(r[1].due) if r[1] else None, Kind.MONEY),
               *(Column(f"{m.month}月", 6, (lambda month: lambda r: "已交" if month in r[2] else "")(m)) for m in months),
               Column("已交月数", 8, lambda r: len(r[2]), Kind.INT)]
    return write_rows(path, columns, rows, sheet_title=f"{year}年党费", progress=progress), len(rows)
