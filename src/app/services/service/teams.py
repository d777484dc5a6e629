"""Service teams (银发先锋, 党员义工队 …) with their leader and members: roster members and residents
who are not Party members. The posts people claim are app.services.service.posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Organization, ServiceTeam, TeamMember, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.service.fields import TEAM_SPEC
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit
from app.services.service.rows import TeamInput, TeamQuery, TeamRow
from app.services.service.volunteers import people_by_key

CHANGE = TEAM_SPEC.change


def _open_org(s: Session, org_id: Any, who: str) -> None:
    org = s.get(Organization, org_id) if isinstance(org_id, int) else None
    if org is None or org.closed_on is not None:
        raise ValidationError(f"{who}：所属社区不存在或已撤销，请刷新后重选", field="org_id")


def _volunteers(s: Session, ids: Sequence[int]) -> dict[int, Volunteer]:
    found = {v.id: v for v in s.scalars(select(Volunteer).where(Volunteer.id.in_(list(ids))))}
    for vid in ids:
        if vid not in found:
            raise ValidationError(f"找不到编号为{vid}的志愿者，请刷新后重选", field="volunteer_id")
    return found


class TeamService(RecordService[TeamRow]):
    spec = TEAM_SPEC
    model = ServiceTeam
    row_type = TeamRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        size = (select(func.count()).select_from(TeamMember).where(TeamMember.team_id == ServiceTeam.id)
                .correlate(ServiceTeam).scalar_subquery())
        return (select(ServiceTeam, Organization.name, func.coalesce(Volunteer.name, ""), size)
                .join(Organization, Organization.id == ServiceTeam.org_id)
                .outerjoin(Volunteer, Volunteer.id == ServiceTeam.leader_id).where(ServiceTeam.id.in_(ids)))

    def search_ids(self, query: TeamQuery | None = None) -> list[int]:
        q = query or TeamQuery()
        order = [ServiceTeam.kind, ServiceTeam.name] if q.sort != "name" else [ServiceTeam.name]
        stmt = select(ServiceTeam.id).order_by(*(c.desc() if q.descending else c for c in order), ServiceTeam.id)
        if q.org_id is not None:
            stmt = stmt.where(ServiceTeam.org_id.in_(subtree_select(q.org_id)))
        if not q.include_dissolved:
            stmt = stmt.where(ServiceTeam.dissolved_on.is_(None))
        if q.kind:
            stmt = stmt.where(ServiceTeam.kind == q.kind)
        for token in q.text.split():
            stmt = stmt.where(ServiceTeam.name.contains(token, autoescape=True))
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def member_ids(self, team_id: int) -> list[int]:
        with self.reading() as s:
            return list(s.scalars(select(TeamMember.volunteer_id).where(TeamMember.team_id == team_id)
                                  .order_by(TeamMember.volunteer_id)))

    def create(self, data: TeamInput) -> TeamRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data)
            team = self._insert(s, values)
            if values["leader_id"] is not None:
                s.add(TeamMember(team_id=team.id, volunteer_id=values["leader_id"], joined_on=values["founded_on"]))
        return self.get(team.id)

    def update(self, team_id: int, data: TeamInput, version: int | None = None) -> TeamRow:
        with self.writing(CHANGE) as s:
            team = self._load(s, team_id)
            versions.check(team, version)
            values = self._valid(s, data)
            self._update(s, team, values)
            if values["leader_id"] is not None and s.get(TeamMember, (team_id, values["leader_id"])) is None:
                s.add(TeamMember(team_id=team_id, volunteer_id=values["leader_id"], joined_on=dt.date.today()))
        return self.get(team_id)

    def add_members(self, team_id: int, volunteer_ids: Sequence[int], on: dt.date | None = None) -> int:
        with self.writing(CHANGE) as s:
            team = self._load(s, team_id)
            if team.dissolved_on is not None:
                raise ConflictError(f"{TEAM_SPEC.who(team)}已撤销，不能再加入队员")
            people = _volunteers(s, volunteer_ids)
            log = audit.Appender(s, self.actor.name)
            added = 0
            for vid in dict.fromkeys(volunteer_ids):
                if s.get(TeamMember, (team_id, vid)) is None:
                    s.add(TeamMember(team_id=team_id, volunteer_id=vid, joined_on=on or dt.date.today()))
                    log.add("加入服务队伍", entity=TEAM_SPEC.key, entity_id=team_id,
                            summary=f"“{people[vid].name}”加入{TEAM_SPEC.who(team)}")
                    added += 1
            s.flush()
            log.flush()
        return added

    def remove_member(self, team_id: int, volunteer_id: int) -> None:
        with self.writing(CHANGE) as s:
            team = self._load(s, team_id)
            link = s.get(TeamMember, (team_id, volunteer_id))
            if link is None:
                return
            if team.leader_id == volunteer_id:
                raise ConflictError(f"“{team.name}”的队长不能退出队伍，请先更换队长", field="leader_id")
            s.delete(link)
            audit.append(s, self.actor.name, "退出服务队伍", entity=TEAM_SPEC.key, entity_id=team_id,
                         summary=f"志愿者（编号{volunteer_id}）退出{TEAM_SPEC.who(team)}")

    def set_members(self, team_id: int, people: Sequence[int], leader: int | None,
                    version: int | None = None) -> TeamRow:
        """The team's members are ``people`` (PersonChoice keys: volunteers, or roster members who
        become volunteers here) and its leader ``leader`` (one of them, or none): who is new joins
        today, who is missing leaves, in one transaction with an audit record each."""
        day = dt.date.today()
        with self.writing(CHANGE) as s:
            team = self._load(s, team_id)
            versions.check(team, version)
            who = TEAM_SPEC.who(team)
            if team.dissolved_on is not None:
                raise ConflictError(f"{who}已撤销，不能再调整队员")
            if leader is not None and leader not in people:
                raise ValidationError(f"{who}的队长须是队员之一，请先把他加入队伍", field="leader_id")
            found = people_by_key(s, list(people))
            wanted = {found[k].id: found[k] for k in people}
            current = set(s.scalars(select(TeamMember.volunteer_id).where(TeamMember.team_id == team_id)))
            log = audit.Appender(s, self.actor.name)
            for vid in current - set(wanted):
                s.delete(s.get(TeamMember, (team_id, vid)))
                log.add("退出服务队伍", entity=TEAM_SPEC.key, entity_id=team_id,
                        summary=f"志愿者（编号{vid}）退出{who}")
            for vid in [v for v in wanted if v not in current]:
                s.add(TeamMember(team_id=team_id, volunteer_id=vid, joined_on=day))
                log.add("加入服务队伍", entity=TEAM_SPEC.key, entity_id=team_id, summary=f"“{wanted[vid].name}”加入{who}")
            s.flush()
            leader_id = found[leader].id if leader is not None else None
            self._update(s, team, {"leader_id": leader_id}, log=log, action="更换队长",
                         summary=f"{who}的队长改为“{found[leader].name}”" if leader is not None else f"{who}暂不设队长")
            s.flush()
            log.flush()
        return self.get(team_id)

    def dissolve(self, team_id: int, on: dt.date) -> TeamRow:
        with self.writing(CHANGE) as s:
            team = self._load(s, team_id)
            if on > dt.date.today():
                raise ValidationError(f"撤销日期{cn_date(on)}晚于今天，请核对", field="dissolved_on")
            self._update(s, team, {"dissolved_on": on}, action="撤销服务队伍",
                         summary=f"{TEAM_SPEC.who(team)}撤销（{cn_date(on)}）")
        return self.get(team_id)

    def _valid(self, s: Session, data: TeamInput) -> dict[str, Any]:
        values = TEAM_SPEC.checked(asdict(data))
        _open_org(s, values["org_id"], TEAM_SPEC.who(values))
        if values["leader_id"] is not None:
            if not isinstance(values["leader_id"], int):
                raise ValidationError(f"队长“{values['leader_id']}”须先登记为志愿者", field="leader_id")
            _volunteers(s, [values["leader_id"]])
        if values["founded_on"] is not None and values["founded_on"] > dt.date.today():
            raise ValidationError(f"成立日期{cn_date(values['founded_on'])}晚于今天，请核对", field="founded_on")
        return values
