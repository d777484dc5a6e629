"""Importing sign-in sheets typed into Excel as service records: a preview first, then one
transaction (app.services.service.records.bulk_create) with an audit record each.

A row names the person by ID number, or by name when exactly one person has it (an ambiguous
name is refused with the row number and the candidates' masked ID numbers); a roster member
who has not served before gets a volunteer record in the same transaction. Each row gives the
date, the start and end or the hours (2, 2.5, "2小时", "1.5h", "2:30"), what was done, and
optionally the activity by its title. Refused rows are listed as 第N行 字段: 原因.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.idcard import clean_id
from app.domain.service.record_fields import RECORD_SPEC
from app.io.kit.plan import RowProblem
from app.io.kit.sheets import Sheet, read_sheet
from app.services.service.record_checks import clean_record
from app.services.service.rows import ActivityQuery, RecordInput

if TYPE_CHECKING:
    from app.services.container import Services

_TEXTS = ("content", "start_time", "end_time", "category", "hours_reason")
_OWN = ("served_on", "start_time", "end_time", "hours", "content", "category", "served_people", "hours_reason")
HOURS_SHEET_FIELDS: tuple[Field, ...] = (
    Field("person", "姓名", Kind.TEXT, False, ("志愿者", "志愿者姓名", "服务人", "人员姓名"), max_length=30),
    Field("id_number", "公民身份号码", Kind.TEXT, False, ("身份证号", "身份证号码", "证件号码", "身份证"), max_length=18),
    *(RECORD_SPEC.field(k) for k in _OWN),
    Field("activity", "服务活动", Kind.TEXT, False, ("活动", "活动名称"), max_length=60),
)

_LABELS = {f.key: f.label for f in HOURS_SHEET_FIELDS} | {"activity_id": "服务活动"}


@dataclass(frozen=True)
class PlannedRecord:
    row: int
    name: str
    data: RecordInput  # volunteer_id < 0: the roster member -volunteer_id, made a volunteer on import
    tenths: int


@dataclass(frozen=True)
class HoursPreview:
    source: Path
    sheet: Sheet
    planned: list[PlannedRecord]
    refused: list[RowProblem]

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def summary(self) -> list[str]:
        tenths = sum(p.tenths for p in self.planned)
        return [f"文件：{self.source.name}（工作表“{self.sheet.sheet_name}”，表头在第{self.sheet.header_row}行）",
                f"可导入服务记录{len(self.planned)}条，合计{tenths / 10:.1f}小时；有问题{len(self.refused_rows)}行"]


class HoursImporter:
    def __init__(self, services: Services, org_id: int | None = None) -> None:
        self.services = services
        self.org_id = org_id

    def preview(self, path: str | Path) -> HoursPreview:
        sheet = read_sheet(path, HOURS_SHEET_FIELDS, id_keys=("id_number",))
        if "person" not in sheet.columns and "id_number" not in sheet.columns:
            raise AppError(f"“{sheet.source}”的表头中缺少“姓名”或“身份证号”列，无法知道是谁的服务记录")
        for need, label in (("served_on", "服务日期"), ("content", "服务内容")):
            if need not in sheet.columns:
                raise AppError(f"“{sheet.source}”的表头中缺少“{label}”列")
        ids, names = set(), set()
        for r in sheet.rows:
            ids.add(_id_text(r.values.get("id_number")))
            names.add(" ".join(str(r.values.get("person") or "").split()))
        by_id, by_name = self.services.volunteers.match(ids, names)
        activities = self._activities()
        orgs = self._orgs([*by_id.values(), *(i for c in by_name.values() for i, _ in c)])
        planned, refused = [], []
        for r in sheet.rows:
            try:
                for key, reason in r.problems.items():
                    raise ValidationError(reason, field=key)
                person, name = self._person(r.values, by_id, by_name)
                activity = self._activity(r.values.get("activity"), activities)
                values: dict[str, Any] = {k: r.values.get(k) for k in _OWN}
                for key in _TEXTS:
                    values[key] = values[key] if values[key] is not None else ""
                data = RecordInput(volunteer_id=person, org_id=self.org_id or orgs.get(person),
                                   activity_id=activity, **values)
                tenths = clean_record(data, f"第{r.number}行")["hours"] or 0
                planned.append(PlannedRecord(r.number, name, data, tenths))
            except ValidationError as exc:
                label = _LABELS.get(exc.field or "", RECORD_SPEC.label(exc.field)) or "记录"
                refused.append(RowProblem(r.number, label, exc.message.removeprefix(f"第{r.number}行：")))
        return HoursPreview(Path(path), sheet, planned, refused)

    def apply(self, preview: HoursPreview, *, confirmed: bool = False, skip_invalid: bool = False) -> list[int]:
        """Writes the planned records in one transaction; refused rows stop it unless skipped."""
        if preview.refused and not skip_invalid:
            raise ValidationError(f"有{len(preview.refused_rows)}行有问题，没有导入任何内容", field="导入")
        self.services.service_records.require_import()
        return self.services.service_records.bulk_create([p.data for p in preview.planned], confirmed=confirmed,
                                                         refs=[f"第{p.row}行" for p in preview.planned])

    # ---- matching ------------------------------------------------------------------------
    @staticmethod
    def _person(values: dict[str, Any], by_id: dict[str, int],
                by_name: dict[str, list[tuple[int, str]]]) -> tuple[int, str]:
        number = _id_text(values.get("id_number"))
        name = " ".join(str(values.get("person") or "").split())
        if number:
            try:
                number = clean_id(number, "身份证号")
            except ValidationError as exc:
                raise ValidationError(exc.message, field="id_number") from exc
            if number not in by_id:
                raise ValidationError(f"身份证号{number[:3]}***********{number[-4:]}不是登记的志愿者或党员，请先登记",
                                      field="id_number")
            return by_id[number], name
        if not name:
            raise ValidationError("没有填写姓名或身份证号", field="person")
        found = by_name.get(name, [])
        if not found:
            raise ValidationError(f"“{name[:30]}”不是登记的志愿者或党员，请先登记或填写身份证号", field="person")
        if len(found) > 1:
            masked = "、".join(m or "未登记身份证号" for _i, m in found[:5])
            raise ValidationError(f"有{len(found)}人叫“{name}”（{masked}），请填写身份证号以区分", field="person")
        return found[0][0], name

    def _activities(self) -> dict[str, list[int]]:
        acts = self.services.activities
        out: dict[str, list[int]] = {}
        for a in acts.rows(acts.search_ids(ActivityQuery(org_id=self.org_id))):
            out.setdefault(a.title, []).append(a.id)
        return out

    @staticmethod
    def _activity(raw: Any, activities: dict[str, list[int]]) -> int | None:
        title = " ".join(str(raw or "").split())
        if not title:
            return None
        ids = activities.get(title, [])
        if len(ids) != 1:
            why = "没有这个服务活动" if not ids else f"有{len(ids)}个同名活动"
            raise ValidationError(f"服务活动“{title[:30]}”：{why}，请核对或留空", field="activity_id")
        return ids[0]

    def _orgs(self, ids: list[int]) -> dict[int, int]:
        v = [i for i in ids if i > 0]
        m = [-i for i in ids if i < 0]
        out = {r.id: r.org_id for r in self.services.volunteers.rows(v)}
        out.update({-r.id: r.org_id for r in self.services.members.rows(m)})
        return out


def _id_text(value: Any) -> str:
    return "".join(str(value or "").split()).upper()
