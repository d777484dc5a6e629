"""The quarterly feedback to units (双向反馈, 一单一表一卡): for each unit, its members reported to
the community, their confirmed services and hours in the quarter, and their progress on the
year's quota — read with a few SQL queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from app.db.models import Member, Organization, ServiceRecord, ServiceReport, Unit, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ValidationError
from app.domain.service.fields import REPORTED
from app.domain.service.record_fields import RecordStatus
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.service.totals import ServiceTotals

_QUARTER = re.compile(r"^(\d{4})\s*(?:年)?\s*(?:q|第)?\s*([1-4一二三四])\s*(?:季度)?$", re.IGNORECASE)
_CN = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_quarter(text: str) -> tuple[int, int]:
    """2026Q3, 2026q3, 2026年第3季度, 2026年第三季度 → (2026, 3)."""
    raw = unicodedata.normalize("NFKC", str(text or "")).strip()
    m = _QUARTER.match(raw)
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise ValidationError(f"季度“{raw[:20]}”无法识别，请写成 2026Q3 或 2026年第3季度", field="季度")
    q = m.group(2)
    return int(m.group(1)), _CN.get(q) or int(q)


def quarter_days(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, quarter * 3 - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1)
    return first, after - dt.timedelta(days=1)


@dataclass(frozen=True)
class MemberCard:
    name: str
    reported_on: dt.date | None
    services: tuple[tuple[dt.date, str, int], ...]  # (date, content, tenths) in the quarter
    progress: str  # the year's quota, e.g. 已完成12.0小时，应完成37.5小时，还差25.5小时

    @property
    def tenths(self) -> int:
        return sum(t for _d, _c, t in self.services)


@dataclass(frozen=True)
class UnitSheet:
    unit_id: int
    unit_name: str
    org_name: str  # the community the members reported to
    members: tuple[MemberCard, ...]


class FeedbackService(Service):
    read_permission = Permission.VIEW_RECORDS

    def sheets(self, year: int, quarter: int, *, unit_id: int | None = None,
               org_id: int | None = None) -> list[UnitSheet]:
        """One sheet a unit with members reported in at the quarter's end (one unit, or all)."""
        first, last = quarter_days(year, quarter)
        reported = [ServiceReport.status == REPORTED, ServiceReport.reported_on <= last]
        if unit_id is not None:
            reported.append(ServiceReport.unit_id == unit_id)
        if org_id is not None:
            reported.append(ServiceReport.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            people = s.execute(
                select(Unit.id, Unit.name, Organization.name, Member.name, ServiceReport.reported_on, Volunteer.id)
                .join(ServiceReport, ServiceReport.unit_id == Unit.id)
                .join(Organization, Organization.id == ServiceReport.org_id)
                .join(Member, Member.id == ServiceReport.member_id)
                .outerjoin(Volunteer, Volunteer.member_id == Member.id)
                .where(*reported).order_by(Unit.name_pinyin, Unit.id, Member.name_pinyin, Member.id)).all()
            vids = [p[5] for p in people if p[5] is not None]
            done: dict[int, list[tuple[dt.date, str, int]]] = {}
            for start in range(0, len(vids), 500):
                q = (select(ServiceRecord.volunteer_id, ServiceRecord.served_on, ServiceRecord.content,
                            ServiceRecord.hours)
                     .where(ServiceRecord.volunteer_id.in_(vids[start:start + 500]),
                            ServiceRecord.status == RecordStatus.CONFIRMED.value,
                            ServiceRecord.served_on.between(first, last))
                     .order_by(ServiceRecord.served_on, ServiceRecord.start_time, ServiceRecord.id))
                for vid, day, content, hours in s.execute(q):
                    done.setdefault(vid, []).append((day or first, content, hours or 0))
        progress = {line.volunteer_id: line.progress.message
                    for line in self.alongside(ServiceTotals).quota_progress(year, quarter, org_id, unit_id)}
        sheets: dict[int, UnitSheet] = {}
        for uid, uname, oname, name, since, vid in people:
            card = MemberCard(name, since, tuple(done.get(vid, [])), progress.get(vid, "未设服务指标"))
            sheet = sheets.get(uid) or UnitSheet(uid, uname, oname, ())
            sheets[uid] = UnitSheet(uid, uname, sheet.org_name, (*sheet.members, card))
        if unit_id is not None and not sheets:
            name = self._unit_name(unit_id)
            raise ValidationError(f"“{name}”在{year}年第{quarter}季度末没有到社区报到的在职党员，无需反馈",
                                  field="单位")
        return list(sheets.values())

    def unit_named(self, name: str) -> int:
        """The unit of that name (for the command line); refuses an unknown or ambiguous name."""
        with self.reading() as s:
            ids = list(s.scalars(select(Unit.id).where(Unit.name == " ".join(str(name).split()))))
        if not ids:
            raise ValidationError(f"没有名为“{name[:40]}”的驻区单位，请核对单位名称", field="单位")
        if len(ids) > 1:
            raise ValidationError(f"有{len(ids)}个名为“{name}”的驻区单位，请在程序中选择", field="单位")
        return ids[0]

    def _unit_name(self, unit_id: int) -> str:
        with self.reading() as s:
            return s.scalar(select(Unit.name).where(Unit.id == unit_id)) or f"编号为{unit_id}的单位"
