"""Candidates for joining the Party (发展党员) from and to Excel or CSV, through the kit's reader
and writer: the header names are the candidate fields' aliases; a row is a candidate already on
record when its 公民身份号码 is, and its blank cells keep what the record holds. A new row may be
at most a 发展对象 (admission and full membership make or change a member record: 推进 does
that); the introducers are chosen when admitting. Every row is checked first; the additions
and updates are then one transaction, and refused rows are listed as ``第N行 字段: 原因``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Kind
from app.domain.orglife.candidates_fields import CANDIDATE_FIELDS, CANDIDATE_SPEC
from app.io.kit.sheets import SheetRow, read_sheet
from app.io.kit.writer import Column, field_column, write_rows
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.orglife.candidates_rows import CandidateInput, CandidateQuery

TITLE = "发展党员"
ORG, NUMBER = "org_id", "id_number"
FROM_RECORD = ("introducer1_id", "introducer2_id")  # set by 推进 only


@dataclass(frozen=True)
class CandidatePlan:
    row: int
    name: str
    candidate_id: int | None  # None: a new candidate
    data: CandidateInput


@dataclass(frozen=True)
class CandidatePreview:
    source: str
    adds: list[CandidatePlan]
    updates: list[CandidatePlan]
    refused: list[str]  # 第N行 字段: 原因
    ignored_columns: tuple[str, ...]

    def summary(self) -> list[str]:
        lines = [f"文件：{self.source}", f"新增 {len(self.adds)} 名，更新 {len(self.updates)} 名，"
                 f"有问题未导入 {len({p.split(' ')[0] for p in self.refused})} 行"]
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        return lines + self.refused


def preview_import(services: Services, path: str | Path) -> CandidatePreview:
    services.members.check_match_by_id_number()  # matching by ID number tells what masking hides
    sheet = read_sheet(path, CANDIDATE_FIELDS, id_keys=(NUMBER,))
    missing = sheet.missing(CANDIDATE_FIELDS)
    if missing:
        raise AppError(f"“{sheet.source}”第{sheet.header_row}行的表头中缺少"
                       + "、".join(f"“{f.label}”" for f in missing) + "列，请补上后重新导入")
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    from app.services.orglife.candidates_rows import CandidateQuery

    known = {c.id_number: c for c in services.candidates.rows(services.candidates.search_ids(CandidateQuery()))}
    adds: list[CandidatePlan] = []
    updates: list[CandidatePlan] = []
    refused: list[str] = []
    seen: dict[str, int] = {}
    for r in sheet.rows:
        plan, problems = _plan(services, r, names, known, seen)
        refused += [f"第{r.number}行 {label}: {reason}" for label, reason in problems]
        if plan is not None:
            (adds if plan.candidate_id is None else updates).append(plan)
    return CandidatePreview(sheet.source, adds, updates, refused, sheet.ignored)


def _plan(services: Services, r: SheetRow, names: OrgNames, known: dict[str, Any],
          seen: dict[str, int]) -> tuple[CandidatePlan | None, list[tuple[str, str]]]:
    from app.services.orglife.candidates_rows import INPUT_KEYS, CandidateInput

    problems = [(CANDIDATE_SPEC.label(k), reason) for k, reason in r.problems.items()]
    cleaned: dict[str, Any] = {}
    for key, raw in r.values.items():
        f = CANDIDATE_SPEC.by_key.get(key)
        if f is None or key in r.problems or raw is None:
            continue
        if f.mask is not None and isinstance(raw, str) and "*" in raw:
            problems.append((f.label, "号码已遮蔽（含*号），不能用于导入，请填写完整号码"))
        elif key == ORG:
            try:
                org = names.resolve(" ".join(str(raw).split()))
            except ValidationError as exc:
                problems.append((f.label, exc.message))
                continue
            if org is None:
                problems.append((f.label, f"“{raw}”在组织架构中不存在，请先建立或改为已有的党支部名称"))
            else:
                cleaned[key] = org.id
        else:
            try:
                cleaned[key] = f.cleaned(raw)
            except ValidationError as exc:
                problems.append((f.label, exc.message))
    if problems:
        return None, problems
    number = cleaned.get(NUMBER) or ""
    if number in seen:
        return None, [(CANDIDATE_SPEC.label(NUMBER), f"与第{seen[number]}行是同一人（同一人只能出现一次）")]
    seen[number] = r.number
    current = known.get(number)
    if current is None and any(cleaned.get(k) for k in FROM_RECORD):
        return None, [("入党介绍人", "入党介绍人在接收为预备党员时（“推进到下一阶段”）选择，导入时请留空")]
    merged = {k: getattr(current, k) for k in INPUT_KEYS} if current is not None else {}
    merged.update({k: v for k, v in cleaned.items() if k not in FROM_RECORD or current is None})
    data = CandidateInput(**{k: merged.get(k, _empty(k)) for k in INPUT_KEYS})
    _values, found = CANDIDATE_SPEC.problems({f.name: getattr(data, f.name) for f in fields(data)})
    if found:
        return None, [(CANDIDATE_SPEC.label(p.field), p.message) for p in found[:3]]
    return CandidatePlan(r.number, str(merged.get("name", "")), current.id if current else None, data), []


def _empty(key: str) -> Any:
    f = CANDIDATE_SPEC.by_key.get(key)
    return None if f is None or f.nullable else ""


def apply_import(services: Services, preview: CandidatePreview) -> tuple[list[int], list[int]]:
    """The preview's additions and updates in one transaction (refused rows are left out)."""
    return services.candidates.import_batch([p.data for p in preview.adds],
                                            [(p.candidate_id, p.data) for p in preview.updates
                                             if p.candidate_id is not None])


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
