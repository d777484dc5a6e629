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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.orglife.fields import ORGLIFE_FIELDS, ORGLIFE_SPEC
from app.domain.orglife.kinds import Attendance
from app.io.kit.sheets import Sheet, read_sheet
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
_LABELS = {f.key: f.label for f in SHEET_FIELDS}


@dataclass(frozen=True)
class RowProblem:
    row: int
    label: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.label}: {self.reason}"


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


class MeetingImporter:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.orgs = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
        self._rosters: dict[int, dict[str, list[int]]] = {}

    def preview(self, path: str | Path) -> MeetingPreview:
        sheet = read_sheet(path, SHEET_FIELDS)
        for f in sheet.missing(ORGLIFE_FIELDS):
            raise AppError(f"“{sheet.source}”的表头中缺少“{f.label}”列")
        existing = self._existing()
        planned: list[PlannedMeeting] = []
        skipped: list[int] = []
        refused: list[RowProblem] = []
        seen: dict[tuple, int] = {}
        for r in sheet.rows:
            try:
                for key, reason in r.problems.items():
                    raise ValidationError(reason, field=key)
                data = self._input(r.values)
                values = ORGLIFE_SPEC.checked({k: getattr(data, k) for k in ORGLIFE_SPEC.keys})
                data = replace(data, **values)
                same = (data.org_id, data.kind, data.held_on, data.start_time)
                if same in seen:
                    raise ValidationError(f"与第{seen[same]}行是同一次会议（党组织、类型、日期和时间相同）", field="held_on")
                seen[same] = r.number
                if same in existing:
                    skipped.append(r.number)
                    continue
                planned.append(PlannedMeeting(r.number, data, self._marks(data, r.values)))
            except ValidationError as exc:
                label = _LABELS.get(exc.field or "", ORGLIFE_SPEC.label(exc.field)) or "记录"
                refused.append(RowProblem(r.number, label, exc.message))
        return MeetingPreview(Path(path), sheet, planned, skipped, refused)

    def apply(self, preview: MeetingPreview, *, skip_invalid: bool = False) -> list[int]:
        if preview.refused and not skip_invalid:
            raise ValidationError(f"有{len(preview.refused_rows)}行有问题，没有导入任何内容", field="导入")
        return self.services.orglife.bulk_create([(p.data, p.marks) for p in preview.planned])

    # ---- a row --------------------------------------------------------------------------
    def _input(self, values: dict[str, Any]) -> OrgMeetingInput:
        text = " ".join(str(values.get("org_id") or "").split())
        org = self.orgs.resolve(text) if text else None
        if org is None:
            raise ValidationError(f"“{text[:30]}”在组织架构中不存在" if text else "请填写党组织", field="org_id")
        given: dict[str, Any] = {k: values.get(k) for k in ORGLIFE_SPEC.keys if k != "org_id"}
        given = {k: ("" if v is None and k != "held_on" else v) for k, v in given.items()}
        return OrgMeetingInput(org_id=org.id, **given)

    def _roster(self, org_id: int) -> dict[str, list[int]]:
        if org_id not in self._rosters:
            names: dict[str, list[int]] = {}
            for member_id, name in self.services.orglife.roster(org_id):
                names.setdefault(name, []).append(member_id)
            self._rosters[org_id] = names
        return self._rosters[org_id]

    def _marks(self, data: OrgMeetingInput, values: dict[str, Any]) -> dict[int, tuple[str, str]] | None:
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

    def _existing(self) -> set[tuple]:
        meetings = self.services.orglife
        return {(m.org_id, m.kind, m.held_on, m.start_time)
                for m in meetings.rows(meetings.search_ids(OrgMeetingQuery()))}


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
