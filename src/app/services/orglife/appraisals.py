"""民主评议党员: each member's result for a year (优秀 / 合格 / 基本合格 / 不合格) with the date,
entered for a branch's roster in one step and one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from app.db.models import Member, Organization, OrgAppraisal, new_uuid, utcnow
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date
from app.domain.orglife.kinds import RESULTS, Result
from app.services.kit.base import Service
from app.services.kit.ids import reserve_ids
from app.services.kit.records import fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit

ON_RECORD = "在册"
FIRST_YEAR = 2000


@dataclass(frozen=True)
class AppraisalLine:
    member_id: int
    name: str
    org_name: str
    result: str  # "" not appraised
    appraised_on: dt.date | None


class AppraisalResultService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def lines(self, org_id: int, year: int) -> list[AppraisalLine]:
        """The subtree's members on record, and those appraised that year who have left since."""
        with self.reading() as s:
            tree = list(s.scalars(subtree_select(org_id)))
            mine = select(Member.id).where(Member.org_id.in_(tree), Member.status == ON_RECORD)
            done = select(OrgAppraisal.member_id).where(OrgAppraisal.year == year, OrgAppraisal.org_id.in_(tree))
            q = (select(Member.id, Member.name, Organization.name, OrgAppraisal.result, OrgAppraisal.appraised_on)
                 .join(Organization, Organization.id == Member.org_id)
                 .outerjoin(OrgAppraisal, (OrgAppraisal.member_id == Member.id) & (OrgAppraisal.year == year))
                 .where(Member.id.in_(mine.union(done)))
                 .order_by(Member.name_pinyin, Member.id))
            return [AppraisalLine(int(i), n, o, r or "", _day(d)) for i, n, o, r, d in fetch_rows(s, q)]

    def set_results(self, org_id: int, year: int, appraised_on: dt.date | None,
                    results: Mapping[int, str]) -> int:
        """Writes the year's results of these members ("" removes one); one transaction, one audit
        record. Returns how many members hold a result now."""
        day = self._checked(year, appraised_on)
        bad = [r for r in results.values() if r and r not in RESULTS]
        if bad:
            raise ValidationError(f"评议结果“{str(bad[0])[:10]}”不对，应为：{'、'.join(RESULTS)}", field="评议结果")
        with self.writing(Change.ORGLIFE) as s:
            allowed = set(s.scalars(select(Member.id).where(Member.org_id.in_(subtree_select(org_id)))))
            stray = [m for m in results if m not in allowed]
            if stray:
                raise ValidationError("评议名单中有不属于本组织的党员，请刷新后重新录入", field="评议结果")
            ids = list(results)
            s.execute(delete(OrgAppraisal).where(OrgAppraisal.year == year, OrgAppraisal.member_id.in_(ids)))
            kept = [(m, r) for m, r in results.items() if r]
            now = utcnow()
            orgs = {int(i): int(o) for i, o in s.execute(select(Member.id, Member.org_id).where(Member.id.in_(ids)))}
            rows = [{"id": rid, "uuid": new_uuid(), "created_at": now, "updated_at": now, "member_id": m,
                     "org_id": orgs[m], "year": year, "result": r, "appraised_on": day, "remarks": ""}
                    for rid, (m, r) in zip(reserve_ids(s, OrgAppraisal.__table__, len(kept)), kept, strict=True)]
            if rows:
                s.execute(insert(OrgAppraisal), rows)
            name = s.get(Organization, org_id)
            tally = {r: sum(1 for _m, x in kept if x == r) for r in RESULTS}
            audit.append(s, self.actor.name, "录入民主评议结果", entity="orglife_appraisal", entity_id=org_id,
                         summary=f"“{name.name if name else org_id}”{year}年度民主评议党员（{cn_date(day)}）："
                                 + "，".join(f"{k}{v}名" for k, v in tally.items()),
                         new={"年度": year, "评议日期": day.isoformat(), **tally})
            return len(rows)

    @staticmethod
    def _checked(year: int, appraised_on: dt.date | None) -> dt.date:
        today = dt.date.today()
        if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
            raise ValidationError(f"评议年度“{year}”不对，应在{FIRST_YEAR}年到{today.year}年之间", field="评议年度")
        if appraised_on is None:
            raise ValidationError("请填写评议日期", field="评议日期")
        if appraised_on > today:
            raise ValidationError(f"评议日期{cn_date(appraised_on)}还没有到，不能提前录入结果", field="评议日期")
        if appraised_on.year not in (year, year + 1):
            raise ValidationError(f"{year}年度的评议日期应在{year}年或{year + 1}年初，{cn_date(appraised_on)}不对",
                                  field="评议日期")
        return appraised_on

    def count(self, org_id: int | None, start: dt.date, end: dt.date, result: str = Result.EXCELLENT) -> int:
        """Members given ``result`` by an appraisal dated within [start, end]."""
        q = select(func.count()).select_from(OrgAppraisal).where(
            OrgAppraisal.result == result, OrgAppraisal.appraised_on.between(start, end))
        if org_id is not None:
            q = q.where(OrgAppraisal.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            return s.scalar(q) or 0


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
