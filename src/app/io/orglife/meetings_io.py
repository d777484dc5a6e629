"""Meetings with their attendance to and from Excel (.xlsx / .xls / .csv), through the kit's engine.

One sheet, one row per meeting, as clerks keep their 三会一课 ledger: 党组织, 会议类型, 日期, 时间,
地点, 主持人, 主讲人, 主题, 会议记录, 会议决定, and the attendance as names in three cells:
请假人员 (a reason in brackets: 李秀英（外出务工）), 缺席人员, and optionally 出席人员. Names are
separated by 、，, ; or spaces. Without 出席人员 everyone else on the branch's roster was present;
with it, only those named were expected. A name not on the roster, a name two members share, or
attendance for a meeting still to come refuses the row. A meeting already registered (same
organisation, type, date and time) is skipped. Everything is checked first; then one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.orglife.fields import ORGLIFE_FIELDS, ORGLIFE_SPEC
from app.domain.orglife.kinds import Attendance
from app.io.kit.engine import RowChecker, RowState
from app.io.kit.plan import RowProblem
from app.io.kit.sheets import Sheet, SheetRow, read_sheet
from app.io.kit.writer import Column, field_column, write_rows
from app.io.orgs.names import OrgNames
from app.services.orglife.rows import OrgMeetingInput, OrgMeetingQuery

if TYPE_CHECKING:
    from app.services.container import Services

TITLE = "三会一课"
NAMES_MAX = 2000
_SPLIT = re.compile(r"[、，,;；\s]+")
_REASON = re.compile(r"^(.+?)[（(](.*?)[）)]$")
ATTENDANCE_FIELDS: tuple[Field, ...] = (
    Field("leave_names", "请假人员", Kind.LONG_TEXT, False, ("请假",), max_length=NAMES_MAX),
    Field("absent_names", "缺席人员", Kind.LONG_TEXT, False, ("缺席",), max_length=NAMES_MAX),
    Field("present_names", "出席人员", Kind.LONG_TEXT, False, ("参会人员", "出席"), max_length=NAMES_MAX),
)
SHEET_FIELDS = (*ORGLIFE_FIELDS, *ATTENDANCE_FIELDS)


@dataclass(frozen=True)
class PlannedMeeting:
    row: int
    data: OrgMeetingInput
    marks: dict[int, tuple[str, str]] | None  # None: no attendance given (a planned meeting)


@dataclass(frozen=True)
class MeetingPreview:
    source: Path
    sheet: Sheet
    planned: list[PlannedMeeting]
    skipped: list[int]  # rows of meetings already registered
    refused: list[RowProblem]

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def summary(self) -> list[str]:
        marked = sum(len(p.marks or {}) for p in self.planned)
        return [f"文件：{self.source.name}（工作表“{self.sheet.sheet_name}”，表头在第{self.sheet.header_row}行）",
                f"可导入组织生活{len(self.planned)}次（出席情况{marked}人次），已登记跳过{len(self.skipped)}次，"
                f"有问题{len(self.refused_rows)}行"]


def split_names(text: str) -> list[tuple[str, str]]:
    """"李秀英（外出务工）、王红梅" -> [("李秀英", "外出务工"), ("王红梅", "")]"""
    out = []
    for part in _SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        found = _REASON.match(part)
        out.append((found.group(1).strip(), found.group(2).strip()) if found else (part, ""))
    return out


class _Checker(RowChecker[OrgMeetingInput]):
    """A meeting's row: its organisation by name, the meeting on record by organisation, type,
    date and time, the spec's rules, then its attendance from the lists of names."""

    spec = ORGLIFE_SPEC
    input_type = OrgMeetingInput
    sheet_fields = ATTENDANCE_FIELDS

    def __init__(self, importer: MeetingImporter, sheet: Sheet) -> None:
        self.importer = importer
        self.marks: dict[int, dict[int, tuple[str, str]] | None] = {}
        super().__init__(sheet, importer.orgs)

    def existing(self, rows: Sequence[SheetRow]) -> dict[tuple[Any, ...], Any]:
        meetings = self.importer.services.orglife
        return {(m.org_id, m.kind, m.held_on, m.start_time): m
                for m in meetings.rows(meetings.search_ids(OrgMeetingQuery()))}

    def identity(self, state: RowState) -> tuple[Any, ...] | None:
        c = state.cleaned
        if not isinstance(c.get("org_id"), int):
            return None
        return c.get("org_id"), c.get("kind"), c.get("held_on"), c.get("start_time") or ""

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        return self.label("held_on"), f"与第{first}行是同一次会议（党组织、类型、日期和时间相同）"

    def complete(self, state: RowState, merged: dict[str, Any], current: Any) -> dict[str, Any]:
        return {k: ("" if merged.get(k) is None and k not in ("held_on", "org_id") else merged.get(k))
                for k in ORGLIFE_SPEC.keys}

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        _checked, found = ORGLIFE_SPEC.problems(values)
        if found or state.problems or current is not None:
            return [(self.label(ORGLIFE_SPEC.key_of(p.field)), p.message) for p in found]
        try:
            self.marks[state.number] = self.importer.marks_of(self.make_input(values), state.sheet_row.values)
        except ValidationError as exc:
            return [(self.label(exc.field), exc.message)]
        return []


class MeetingImporter:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.orgs = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
        self._rosters: dict[int, dict[str, list[int]]] = {}

    def preview(self, path: str | Path) -> MeetingPreview:
        sheet = read_sheet(path, SHEET_FIELDS)
        for f in sheet.missing(ORGLIFE_FIELDS):
            raise AppError(f"“{sheet.source}”的表头中缺少“{f.label}”列")
        checker = _Checker(self, sheet)
        found = checker.run()
        planned = [PlannedMeeting(p.row, p.data, checker.marks.get(p.row)) for p in found.adds]
        skipped = sorted(p.row for p in (*found.updates, *found.unchanged))  # registered already
        return MeetingPreview(Path(path), sheet, planned, skipped, found.refused)

    def apply(self, preview: MeetingPreview, *, skip_invalid: bool = False) -> list[int]:
        if preview.refused and not skip_invalid:
            raise ValidationError(f"有{len(preview.refused_rows)}行有问题，没有导入任何内容", field="导入")
        return self.services.orglife.bulk_create([(p.data, p.marks) for p in preview.planned])

    # ---- a row's attendance ---------------------------------------------------------------
    def _roster(self, org_id: int) -> dict[str, list[int]]:
        if org_id not in self._rosters:
            names: dict[str, list[int]] = {}
            for member_id, name in self.services.orglife.roster(org_id):
                names.setdefault(name, []).append(member_id)
            self._rosters[org_id] = names
        return self._rosters[org_id]

    def marks_of(self, data: OrgMeetingInput, values: dict[str, Any]) -> dict[int, tuple[str, str]] | None:
        lists = {k: split_names(str(values.get(k) or "")) for k in ("leave_names", "absent_names", "present_names")}
        if not any(lists.values()):
            return None
        import datetime as dt

        assert data.held_on is not None and data.org_id is not None
        if data.held_on > dt.date.today():
            raise ValidationError("会议还没有召开，不能填写出席情况", field="present_names")
        roster = self._roster(data.org_id)
        marks: dict[int, tuple[str, str]] = {}
        if not lists["present_names"]:
            marks = {ids[0]: (Attendance.PRESENT.value, "") for ids in roster.values() if len(ids) == 1}
            marks.update({i: (Attendance.PRESENT.value, "") for ids in roster.values() if len(ids) > 1 for i in ids})
        for key, status in (("present_names", Attendance.PRESENT), ("leave_names", Attendance.LEAVE),
                            ("absent_names", Attendance.ABSENT)):
            for name, reason in lists[key]:
                ids = roster.get(name, [])
                if not ids:
                    raise ValidationError(f"“{name[:20]}”不在该组织的党员名册上，请核对姓名", field=key)
                if len(ids) > 1:
                    raise ValidationError(f"名册上有{len(ids)}人叫“{name}”，请在系统中逐人登记出席情况", field=key)
                if len(reason) > 60:
                    raise ValidationError(f"“{name}”的请假事由过长（最多60个字）", field=key)
                marks[ids[0]] = (status.value, reason if status is Attendance.LEAVE else "")
        return marks


# ---- export ------------------------------------------------------------------------------
def _names(services: Services, meeting_id: int, status: str) -> str:
    lines = [a for a in services.orglife.attendance(meeting_id) if a.status == status]
    return "、".join(a.name + (f"（{a.reason}）" if a.reason else "") for a in lines)


def export_meetings(services: Services, path: str | Path, *, year: int | None = None,
                    org_id: int | None = None) -> tuple[Path, int]:
    """The meetings (of ``year``), attendance as name lists: a file that imports back."""
    services.exports.check(masked=True)
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    meetings = services.orglife
    rows = meetings.rows(meetings.search_ids(OrgMeetingQuery(org_id=org_id, year=year, descending=False)))
    def value_of(key: str) -> Any:
        if key == "org_id":
            return lambda r: names.label(r.org_id)
        return lambda r: getattr(r, key)

    columns: list[Column] = [field_column(f, value_of(f.key)) for f in ORGLIFE_FIELDS]
    columns += [Column("应到人数", 8, lambda r: r.expected or None, Kind.INT),
                Column("出席人数", 8, lambda r: r.present or None, Kind.INT),
                Column("请假人员", 30, lambda r: _names(services, r.id, Attendance.LEAVE) if r.leave else ""),
                Column("缺席人员", 30, lambda r: _names(services, r.id, Attendance.ABSENT) if r.absent else "")]
    title = TITLE + (f"{year}年" if year else "")
    target = write_rows(path, columns, rows, sheet_title=title,
                        before_rename=lambda: services.exports.record(title, path, len(rows), masked=True))
    return target, len(rows)
