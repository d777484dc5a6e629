"""What a member import would do, as the preview shows it: the rows sorted into additions,
updates, unchanged and refused, how each column was understood, and the new organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.members.fields import FIELDS_BY_KEY
from app.domain.orgs.rules import OrgType
from app.io.kit.columns import ColumnPlan
from app.io.kit.engine import PlannedRow
from app.io.kit.plan import FieldChange, RowProblem, masked_message
from app.io.kit.sheets import SkippedRow

ID_KEY = "id_number"
ORG_KEY = "org_id"
ORG_LABEL = FIELDS_BY_KEY[ORG_KEY].label
ID_LABEL = FIELDS_BY_KEY[ID_KEY].label
NEW_ORG_TYPE = OrgType.BRANCH
__all__ = ["FieldChange", "ImportOutcome", "ImportPreview", "PlannedRow", "RowProblem", "masked_message"]


@dataclass(frozen=True)
class ImportPreview:
    source: Path
    sheet_name: str
    header_row: int
    columns: dict[str, str]  # field key -> header in the file
    ignored_columns: tuple[str, ...]
    skipped: list[SkippedRow]  # total rows, notes, section titles, the template's example
    adds: list[PlannedRow]  # title: the member's name; data: a MemberInput
    updates: list[PlannedRow]
    unchanged: list[PlannedRow]
    refused: list[RowProblem]  # every problem of every refused row, in row order
    missing_orgs: dict[str, list[int]]  # organisation name -> rows that name it
    org_problems: dict[str, str] = field(default_factory=dict)  # name -> why it cannot be created
    plan: tuple[ColumnPlan, ...] = ()  # how each column of the file was understood
    overrides: dict[str, str | None] = field(default_factory=dict)  # the user's column choices
    derived_type_rows: tuple[int, ...] = ()  # rows whose 人员类别 follows from 转为正式党员日期
    scope_id: int | None = None  # the organisation the user was looking at
    new_org_parent_id: int | None = None  # where new organisations go
    new_org_parent: str = ""  # its name, for the preview

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def problems(self, create_missing_orgs: bool) -> list[RowProblem]:
        """Everything that keeps a row out, given the user's choice about new organisations."""
        out = list(self.refused)
        for name, rows in self.missing_orgs.items():
            reason = self.org_problems.get(name) if create_missing_orgs else (
                f"“{name}”在组织架构中不存在（可选择自动新建为{NEW_ORG_TYPE.value}，或先在组织架构中建立）"
            )
            if reason:
                out.extend(RowProblem(r, ORG_LABEL, reason) for r in rows)
        return sorted(out, key=lambda p: p.row)

    def writable(self, create_missing_orgs: bool) -> tuple[list[PlannedRow], list[PlannedRow]]:
        """The additions and updates ``apply`` would write."""
        blocked = {n for n in self.missing_orgs if not create_missing_orgs or n in self.org_problems}

        def ok(p: PlannedRow) -> bool:
            return not p.new_org or p.new_org not in blocked

        return [p for p in self.adds if ok(p)], [p for p in self.updates if ok(p)]

    def column_lines(self) -> list[str]:
        """How each column was understood: 列C“党员类别” → 人员类别（表头与内容不符，按内容识别）."""
        out = []
        for p in self.plan:
            target = FIELDS_BY_KEY[p.key].label if p.key else "不导入"
            out.append(f"{p.letter}列“{p.name}” → {target}（{p.how}）")
        return out

    def summary(self, create_missing_orgs: bool = False) -> list[str]:
        adds, updates = self.writable(create_missing_orgs)
        refused = {p.row for p in self.problems(create_missing_orgs)}
        lines = [
            f"文件：{self.source.name}（工作表“{self.sheet_name}”，表头在第{self.header_row}行）",
            f"新增党员 {len(adds)} 名，更新 {len(updates)} 名，无变化 {len(self.unchanged)} 名，"
            f"有问题未导入 {len(refused)} 行",
        ]
        if self.derived_type_rows:
            whole = "文件中没有“人员类别”列" if "member_type" not in self.columns else (
                f"{len(self.derived_type_rows)}行未填“人员类别”")
            lines.append(f"{whole}，按“转为正式党员日期”推定：有日期的为正式党员，没有的为预备党员")
        if self.missing_orgs:
            names = "、".join(self.missing_orgs)
            if create_missing_orgs:
                where = f"（建在“{self.new_org_parent}”之下）" if self.new_org_parent else ""
                lines.append(f"将新建的党组织 {len(self.missing_orgs)} 个{where}：{names}")
            else:
                lines.append(f"组织架构中不存在的党组织 {len(self.missing_orgs)} 个：{names}")
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        lines += [f"第{s.number}行：{s.reason}" for s in self.skipped]
        return lines


@dataclass(frozen=True)
class ImportOutcome:
    added_ids: list[int]
    updated_ids: list[int]
    unchanged: int
    refused_rows: list[int]
    created_orgs: list[str]
