"""Service teams (银发先锋, 党员义工队 …) with their leader and members, and the posts members and
volunteers claim (岗位认领)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Organization, PostClaim, ServicePost, ServiceTeam, TeamMember, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.service.fields import POST_SPEC, TEAM_SPEC
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit
from app.services.service.rows import PostInput, PostRow, TeamInput, TeamRow

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

    def search_ids(self, org_id: int | None = None, *, include_dissolved: bool = False) -> list[int]:
        stmt = select(ServiceTeam.id).order_by(ServiceTeam.kind, ServiceTeam.name, ServiceTeam.id)
        if org_id is not None:
            stmt = stmt.where(ServiceTeam.org_id.in_(subtree_select(org_id)))
        if not include_dissolved:
            stmt = stmt.where(ServiceTeam.dissolved_on.is_(None))
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


class PostService(RecordService[PostRow]):
    spec = POST_SPEC
    model = ServicePost
    row_type = PostRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        claimed = (select(func.count()).select_from(PostClaim).where(PostClaim.post_id == ServicePost.id)
                   .correlate(ServicePost).scalar_subquery())
        return (select(ServicePost, Organization.name, claimed)
                .join(Organization, Organization.id == ServicePost.org_id).where(ServicePost.id.in_(ids)))

    def search_ids(self, org_id: int | None = None, category: str | None = None) -> list[int]:
        stmt = select(ServicePost.id).where(ServicePost.closed_on.is_(None)).order_by(
            ServicePost.category, ServicePost.title, ServicePost.id)
        if org_id is not None:
            stmt = stmt.where(ServicePost.org_id.in_(subtree_select(org_id)))
        if category:
            stmt = stmt.where(ServicePost.category == category)
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def create(self, data: PostInput) -> PostRow:
        with self.writing(CHANGE) as s:
            values = POST_SPEC.checked(asdict(data))
            _open_org(s, values["org_id"], POST_SPEC.who(values))
            post_id = self._insert(s, values).id
        return self.get(post_id)

    def claim(self, post_id: int, volunteer_id: int, on: dt.date | None = None) -> PostRow:
        """认领: the volunteer takes the post, while it has room."""
        day = on or dt.date.today()
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            person = _volunteers(s, [volunteer_id])[volunteer_id]
            if post.closed_on is not None:
                raise ConflictError(f"岗位“{post.title}”已关闭，不能认领")
            if day > dt.date.today():
                raise ValidationError(f"认领日期{cn_date(day)}晚于今天，请核对", field="claimed_on")
            if s.get(PostClaim, (post_id, volunteer_id)) is not None:
                raise ConflictError(f"“{person.name}”已认领岗位“{post.title}”")
            taken = s.scalar(select(func.count()).select_from(PostClaim).where(PostClaim.post_id == post_id)) or 0
            if post.capacity is not None and taken >= post.capacity:
                raise ConflictError(f"岗位“{post.title}”已有{taken}人认领，达到人数上限{post.capacity}人")
            s.add(PostClaim(post_id=post_id, volunteer_id=volunteer_id, claimed_on=day))
            audit.append(s, self.actor.name, "认领服务岗位", entity=POST_SPEC.key, entity_id=post_id,
                         summary=f"“{person.name}”认领岗位“{post.title}”（{cn_date(day)}）")
        return self.get(post_id)

    def release(self, post_id: int, volunteer_id: int) -> PostRow:
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            link = s.get(PostClaim, (post_id, volunteer_id))
            if link is not None:
                s.delete(link)
                audit.append(s, self.actor.name, "退出认领岗位", entity=POST_SPEC.key, entity_id=post_id,
                             summary=f"志愿者（编号{volunteer_id}）不再认领岗位“{post.title}”")
        return self.get(post_id)

    def claimant_ids(self, post_id: int) -> list[int]:
        with self.reading() as s:
            return list(s.scalars(select(PostClaim.volunteer_id).where(PostClaim.post_id == post_id)))
