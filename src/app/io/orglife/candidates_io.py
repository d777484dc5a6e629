"""Candidates for joining the Party (发展党员) from and to Excel or CSV, through the kit's reader
and writer: the header names are the candidate fields' aliases; a row is a candidate already on
record when its 公民身份号码 is, and its blank cells keep what the record holds. A new row may be
at most a 发展对象 (admission and full membership make or change a member record: 推进 does
that); the introducers are chosen when admitting. Every row is checked first; the additions
and updates are then one transaction, and refused rows are listed as ``第N行 字段: 原因``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError
from app.domain.kit.fields import Kind
from app.domain.orglife.candidates_fields import CANDIDATE_FIELDS, CANDIDATE_SPEC
from app.io.kit.engine import PlannedRow, RowChecker, RowState
from app.io.kit.sheets import Sheet, SheetRow, read_sheet
from app.io.kit.writer import Column, field_column, write_rows
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.orglife.candidates_rows import CandidateQuery

TITLE = "发展党员"
ORG, NUMBER = "org_id", "id_number"
FROM_RECORD = ("introducer1_id", "introducer2_id")  # set by 推进 only


@dataclass(frozen=True)
class CandidatePreview:
    source: str
    adds: list[PlannedRow]  # title: the candidate's name; data: a CandidateInput
    updates: list[PlannedRow]
    refused: list[str]  # 第N行 字段: 原因
    ignored_columns: tuple[str, ...]
    unchanged: int = 0

    def summary(self) -> list[str]:
        lines = [f"文件：{self.source}", f"新增 {len(self.adds)} 名，更新 {len(self.updates)} 名，无变化 {self.unchanged} 名，"
                 f"有问题未导入 {len({p.split(' ')[0] for p in self.refused})} 行"]
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        return lines + self.refused


class _Checker(RowChecker[Any]):
    """A candidate's row, matched by 公民身份号码; the introducers are the record's (推进 sets them)."""

    spec = CANDIDATE_SPEC

    def __init__(self, services: Services, sheet: Sheet) -> None:
        from app.services.orglife.candidates_rows import CandidateInput

        self.input_type = CandidateInput
        self.services = services
        super().__init__(sheet, OrgNames(services.orgs.list(), services.settings.get("office_org_id")))

    def existing(self, rows: Sequence[SheetRow]) -> dict[str, Any]:
        from app.services.orglife.candidates_rows import CandidateQuery

        c = self.services.candidates
        return {r.id_number: r for r in c.rows(c.search_ids(CandidateQuery()))}

    def identity(self, state: RowState) -> str | None:
        return state.cleaned.get(NUMBER) or None

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        return CANDIDATE_SPEC.label(NUMBER), f"与第{first}行是同一人（同一人只能出现一次）"

    def complete(self, state: RowState, merged: dict[str, Any], current: Any) -> dict[str, Any]:
        if current is None and any(state.cleaned.get(k) for k in FROM_RECORD):
            state.bad("入党介绍人", "入党介绍人在接收为预备党员时（“推进到下一阶段”）选择，导入时请留空")
        for key in FROM_RECORD:
            merged[key] = getattr(current, key) if current is not None else None
        return {k: merged.get(k, _empty(k)) for k in self.input_keys}

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        _values, found = CANDIDATE_SPEC.problems(values)
        return [(CANDIDATE_SPEC.label(p.field), p.message) for p in found[:3]]


def preview_import(services: Services, path: str | Path) -> CandidatePreview:
    services.members.check_match_by_id_number()  # matching by ID number tells what masking hides
    sheet = read_sheet(path, CANDIDATE_FIELDS, id_keys=(NUMBER,))
    missing = sheet.missing(CANDIDATE_FIELDS)
    if missing:
        raise AppError(f"“{sheet.source}”第{sheet.header_row}行的表头中缺少"
                       + "、".join(f"“{f.label}”" for f in missing) + "列，请补上后重新导入")
    found = _Checker(services, sheet).run()
    return CandidatePreview(sheet.source, found.adds, found.updates, [str(p) for p in found.refused], sheet.ignored,
                            len(found.unchanged))


def _empty(key: str) -> Any:
    f = CANDIDATE_SPEC.by_key.get(key)
    return None if f is None or f.nullable else ""


def apply_import(services: Services, preview: CandidatePreview) -> tuple[list[int], list[int]]:
    """The preview's additions and updates in one transaction (refused rows are left out)."""
    return services.candidates.import_batch([p.data for p in preview.adds],
                                            [(p.record_id, p.data) for p in preview.updates
                                             if p.record_id is not None])


def export_candidates(services: Services, query: CandidateQuery, path: str | Path, *,
                      show_sensitive: bool = False) -> tuple[Path, int]:
    services.exports.check(masked=not show_sensitive)
    rows = services.candidates.rows(services.candidates.search_ids(query))
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))

    def shown(key: str, kind: Kind) -> Any:
        def value(row: Any) -> Any:
            raw = getattr(row, key)
            if kind is Kind.ORG:
                return names.label(raw)
            if key in FROM_RECORD:
                return getattr(row, key.replace("_id", "_name"))
            if kind is Kind.DATE or raw is None:
                return raw
            return CANDIDATE_SPEC.display(key, raw, reveal=show_sensitive)
        return value

    columns = [field_column(f, shown(f.key, f.kind)) for f in CANDIDATE_FIELDS if f.export]
    columns.insert(2, Column("所处阶段", 10, lambda r: r.stage))
    target = write_rows(path, columns, rows, sheet_title=TITLE,
                        before_rename=lambda: services.exports.record(TITLE, path, len(rows),
                                                                      masked=not show_sensitive))
    return target, len(rows)
