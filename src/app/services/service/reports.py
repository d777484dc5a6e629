"""In-service members reporting to the community (在职党员报到): the slip, the unit they report
from (the co-building register; the member is linked to it there too), skills, preferences,
grid and team; leaving; and, per unit, who has not reported by a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import (
    Member,
    Organization,
    ServiceReport,
    ServiceTeam,
    TeamMember,
    Unit,
    UnitMember,
)
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.members.rules import ON_RECORD
from app.domain.service.fields import IN_SERVICE, LEFT, REPORT_SPEC, REPORTED
from app.services.cobuild.units import UnitService
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.service.rows import ReportInput, ReportQuery, ReportRow
from app.services.service.volunteers import name_match, volunteer_for_member

CHANGE = REPORT_SPEC.change


@dataclass(frozen=True)
class NotReported:
    unit_id: int | None  # None: the member's 工作单位 is not a unit in the area
    unit_name: str
    member_id: int
    name: str
    org_name: str


class ReportService(RecordService[ReportRow]):
    spec = REPORT_SPEC
    model = ServiceReport
    row_type = ReportRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(ServiceReport, Member.name, Unit.name, Organization.name, func.coalesce(ServiceTeam.name, ""))
                .join(Member, Member.id == ServiceReport.member_id).join(Unit, Unit.id == ServiceReport.unit_id)
                .join(Organization, Organization.id == ServiceReport.org_id)
                .outerjoin(ServiceTeam, ServiceTeam.id == ServiceReport.team_id).where(ServiceReport.id.in_(ids)))

    def search_ids(self, query: ReportQuery) -> list[int]:
        stmt = select(ServiceReport.id).join(Member, Member.id == ServiceReport.member_id)
        if query.org_id is not None:
            stmt = stmt.where(ServiceReport.org_id.in_(subtree_select(query.org_id)))
        if query.unit_id is not None:
            stmt = stmt.where(ServiceReport.unit_id == query.unit_id)
        if query.status:
            stmt = stmt.where(ServiceReport.status == query.status)
        for token in query.text.split():
            stmt = stmt.where(name_match(Member.name, Member.name_pinyin, Member.name_initials, token))
        column: Any = ServiceReport.reported_on if query.sort == "reported_on" else Member.name_pinyin
        order = [column.desc(), ServiceReport.id.desc()] if query.descending else [column.asc(), ServiceReport.id.asc()]
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt.order_by(*order))]

    def of_member(self, member_id: int) -> ReportRow | None:
        with self.reading() as s:
            rid = s.scalar(select(ServiceReport.id).where(ServiceReport.member_id == member_id))
        return self.get(rid) if rid is not None else None

    # ---- writing -------------------------------------------------------------------------
    def report_in(self, data: ReportInput) -> ReportRow:
        """Registers the member's reporting in (or again, after they left)."""
        with self.writing(CHANGE) as s:
            values, member = self._valid(s, data)
            existing = s.scalar(select(ServiceReport).where(ServiceReport.member_id == member.id))
            if existing is not None and existing.status == REPORTED:
                raise ConflictError(f"党员“{member.name}”已于{cn_date(existing.reported_on)}报到，不能重复登记",
                                    field="member_id")
            summary = f"在职党员“{member.name}”报到（{cn_date(values['reported_on'])}）"
            if existing is None:
                rid = self._insert(s, {**values, "status": REPORTED}, action="在职党员报到", summary=summary).id
            else:
                self._update(s, existing, {**values, "status": REPORTED, "left_on": None}, action="在职党员再次报到",
                             summary=summary)
                rid = existing.id
            self._place(s, member, values)
        return self.get(rid)

    def update(self, report_id: int, data: ReportInput, version: int | None = None) -> ReportRow:
        with self.writing(CHANGE) as s:
            report = self._load(s, report_id)
            versions.check(report, version)
            values, member = self._valid(s, data)
            if member.id != report.member_id:
                raise ValidationError("报到登记的党员不能更换；请为另一名党员新登记", field="member_id")
            self._update(s, report, values, summary=f"修改“{member.name}”的报到登记")
            self._place(s, member, values)
        return self.get(report_id)

    def leave(self, report_id: int, on: dt.date) -> ReportRow:
        with self.writing(CHANGE) as s:
            report = self._load(s, report_id)
            if report.status == LEFT:
                raise ConflictError(f"该党员已于{cn_date(report.left_on)}离开", field="status")
            if on > dt.date.today() or (report.reported_on is not None and on < report.reported_on):
                raise ValidationError(f"离开日期{cn_date(on)}应在报到日期之后、今天之前", field="left_on")
            member = s.get(Member, report.member_id)
            self._update(s, report, {"status": LEFT, "left_on": on}, action="在职党员离开",
                         summary=f"在职党员“{member.name if member else ''}”离开（{cn_date(on)}）")
        return self.get(report_id)

    def _valid(self, s: Session, data: ReportInput) -> tuple[dict[str, Any], Member]:
        values = REPORT_SPEC.checked(asdict(data))
        for key in ("member_id", "unit_id", "org_id", "team_id"):
            if values.get(key) is not None and not isinstance(values[key], int):
                raise ValidationError(f"{REPORT_SPEC.label(key)}“{values[key]}”须先在台账中找到", field=key)
        member = s.get(Member, values["member_id"])
        if member is None:
            raise ValidationError("找不到所选党员，请刷新后重选", field="member_id")
        if member.category != IN_SERVICE or member.status != ON_RECORD:
            raise ValidationError(f"党员“{member.name}”不是在册的在职党员，不能登记报到（请先在党员名册中核对类别）",
                                  field="member_id")
        unit = s.get(Unit, values["unit_id"])
        if unit is None or unit.left_on is not None:
            raise ValidationError("报到单位须是在区的驻区单位，请先在“共建”中登记该单位", field="unit_id")
        org = s.get(Organization, values["org_id"])
        if org is None or org.closed_on is not None:
            raise ValidationError("报到社区不存在或已撤销，请刷新后重选", field="org_id")
        if values["reported_on"] > dt.date.today():
            raise ValidationError(f"报到日期{cn_date(values['reported_on'])}晚于今天，请核对", field="reported_on")
        team_id = values.get("team_id")
        if team_id is not None:
            team = s.get(ServiceTeam, team_id)
            if team is None or team.dissolved_on is not None:
                raise ValidationError("所选服务队伍不存在或已撤销，请刷新后重选", field="team_id")
        return values, member

    def _place(self, s: Session, member: Member, values: dict[str, Any]) -> None:
        """The member is linked to the unit in the co-building register and joins the team."""
        self.alongside(UnitService)._link(s, values["unit_id"], [member.id], values["reported_on"])
        volunteer = volunteer_for_member(s, member)
        team_id = values.get("team_id")
        if team_id is not None and s.get(TeamMember, (team_id, volunteer.id)) is None:
            s.add(TeamMember(team_id=team_id, volunteer_id=volunteer.id, joined_on=values["reported_on"]))
        s.flush()

    # ---- who has not reported ------------------------------------------------------------
    def not_reported(self, org_id: int | None, by: dt.date) -> list[NotReported]:
        """In-service members on record who had not reported by ``by``, by unit then name: the
        unit they are linked to, or the unit in the area named by their 工作单位."""
        named = aliased(Unit)
        reported = select(ServiceReport.member_id).where(ServiceReport.status == REPORTED,
                                                         ServiceReport.reported_on <= by)
        stmt = (select(func.coalesce(Unit.id, named.id), func.coalesce(Unit.name, named.name, Member.work_unit),
                       Member.id, Member.name, Organization.name)
                .join(Organization, Organization.id == Member.org_id)
                .outerjoin(UnitMember, UnitMember.member_id == Member.id)
                .outerjoin(Unit, Unit.id == UnitMember.unit_id)
                .outerjoin(named, and_(UnitMember.member_id.is_(None), named.name == Member.work_unit,
                                       named.left_on.is_(None)))
                .where(Member.category == IN_SERVICE, Member.status == ON_RECORD, Member.id.not_in(reported)))
        if org_id is not None:
            inside = subtree_select(org_id)
            stmt = stmt.where(or_(Member.org_id.in_(inside), Unit.org_id.in_(inside)))
        with self.reading() as s:
            found = {r[2]: NotReported(r[0], r[1] or "（未填工作单位）", r[2], r[3], r[4]) for r in s.execute(stmt)}
        return sorted(found.values(), key=lambda n: (n.unit_id is None, n.unit_name, n.name))


def refuse_closing_with_service(s: Session, o: Organization) -> None:
    """An organisation with in-service members reported to it, or open teams, cannot close."""
    n = s.scalar(select(func.count()).select_from(ServiceReport).where(ServiceReport.org_id == o.id,
                                                                       ServiceReport.status == REPORTED)) or 0
    teams = s.scalar(select(func.count()).select_from(ServiceTeam).where(ServiceTeam.org_id == o.id,
                                                                         ServiceTeam.dissolved_on.is_(None))) or 0
    if n or teams:
        raise ConflictError(f"“{o.name}”还有{n}名已报到的在职党员、{teams}支服务队伍，请先登记离开或撤销队伍再撤销组织")
