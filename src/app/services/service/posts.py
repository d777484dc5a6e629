"""Posts to claim (岗位认领): a category (the eight common ones, or the community's own), duties,
grid and how many people it takes; claiming links a person to a post while it has room."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Organization, PostClaim, ServicePost, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.service.fields import POST_SPEC
from app.services.kit import versions
from app.services.kit.records import CHUNK, AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit
from app.services.service.rows import PostInput, PostQuery, PostRow
from app.services.service.teams import _open_org
from app.services.service.volunteers import people_by_key

CHANGE = POST_SPEC.change


def _taken(s: Session, post_id: int) -> int:
    return s.scalar(select(func.count()).select_from(PostClaim).where(PostClaim.post_id == post_id)) or 0


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

    def rows(self, ids: Sequence[int]) -> list[PostRow]:
        """The posts with who claimed each (names joined with 、)."""
        found = super().rows(ids)
        names: dict[int, list[str]] = {}
        with self.reading() as s:
            for start in range(0, len(found), CHUNK):
                chunk = [p.id for p in found[start:start + CHUNK]]
                for post_id, name in s.execute(
                        select(PostClaim.post_id, Volunteer.name).join(Volunteer, Volunteer.id == PostClaim.volunteer_id)
                        .where(PostClaim.post_id.in_(chunk)).order_by(PostClaim.claimed_on, Volunteer.name_pinyin)):
                    names.setdefault(post_id, []).append(name)
        return [replace(p, claimant_names="、".join(names.get(p.id, []))) for p in found]

    def search_ids(self, query: PostQuery | None = None) -> list[int]:
        q = query or PostQuery()
        order = [ServicePost.category, ServicePost.title] if q.sort != "title" else [ServicePost.title]
        stmt = select(ServicePost.id).order_by(*(c.desc() if q.descending else c for c in order), ServicePost.id)
        if not q.include_closed:
            stmt = stmt.where(ServicePost.closed_on.is_(None))
        if q.org_id is not None:
            stmt = stmt.where(ServicePost.org_id.in_(subtree_select(q.org_id)))
        if q.category:
            stmt = stmt.where(ServicePost.category == q.category)
        for token in q.text.split():
            stmt = stmt.where(or_(ServicePost.title.contains(token, autoescape=True),
                                  ServicePost.description.contains(token, autoescape=True)))
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def create(self, data: PostInput) -> PostRow:
        with self.writing(CHANGE) as s:
            values = POST_SPEC.checked(asdict(data))
            _open_org(s, values["org_id"], POST_SPEC.who(values))
            post_id = self._insert(s, values).id
        return self.get(post_id)

    def update(self, post_id: int, data: PostInput, version: int | None = None) -> PostRow:
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            versions.check(post, version)
            values = POST_SPEC.checked(asdict(data))
            _open_org(s, values["org_id"], POST_SPEC.who(values))
            taken = _taken(s, post_id)
            if values["capacity"] is not None and values["capacity"] < taken:
                raise ValidationError(f"岗位“{values['title']}”已有{taken}人认领，人数上限不能少于{taken}人",
                                      field="capacity")
            self._update(s, post, values)
        return self.get(post_id)

    def close(self, post_id: int, on: dt.date) -> PostRow:
        """关闭: the post is no longer offered (kept with its claims)."""
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            if post.closed_on is not None:
                raise ConflictError(f"岗位“{post.title}”已于{cn_date(post.closed_on)}关闭")
            if on > dt.date.today():
                raise ValidationError(f"关闭日期{cn_date(on)}晚于今天，请核对", field="closed_on")
            self._update(s, post, {"closed_on": on}, action="关闭服务岗位",
                         summary=f"岗位“{post.title}”关闭（{cn_date(on)}）")
        return self.get(post_id)

    def claim(self, post_id: int, person: int, on: dt.date | None = None) -> PostRow:
        """认领: the person (a volunteer's id, or minus a roster member's) takes the post, while it has room."""
        day = on or dt.date.today()
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            if post.closed_on is not None:
                raise ConflictError(f"岗位“{post.title}”已关闭，不能认领")
            if day > dt.date.today():
                raise ValidationError(f"认领日期{cn_date(day)}晚于今天，请核对", field="claimed_on")
            volunteer = people_by_key(s, [person])[person]
            if s.get(PostClaim, (post_id, volunteer.id)) is not None:
                raise ConflictError(f"“{volunteer.name}”已认领岗位“{post.title}”")
            taken = _taken(s, post_id)
            if post.capacity is not None and taken >= post.capacity:
                raise ConflictError(f"岗位“{post.title}”已有{taken}人认领，达到人数上限{post.capacity}人，"
                                    "不能再认领")
            s.add(PostClaim(post_id=post_id, volunteer_id=volunteer.id, claimed_on=day))
            audit.append(s, self.actor.name, "认领服务岗位", entity=POST_SPEC.key, entity_id=post_id,
                         summary=f"“{volunteer.name}”认领岗位“{post.title}”（{cn_date(day)}）")
        return self.get(post_id)

    def release(self, post_id: int, volunteer_id: int, on: dt.date | None = None) -> PostRow:
        """取消认领 (on the day given; the audit trail keeps it)."""
        day = on or dt.date.today()
        with self.writing(CHANGE) as s:
            post = self._load(s, post_id)
            if day > dt.date.today():
                raise ValidationError(f"取消认领日期{cn_date(day)}晚于今天，请核对", field="claimed_on")
            link = s.get(PostClaim, (post_id, volunteer_id))
            if link is not None:
                s.delete(link)
                audit.append(s, self.actor.name, "退出认领岗位", entity=POST_SPEC.key, entity_id=post_id,
                             summary=f"志愿者（编号{volunteer_id}）{cn_date(day)}起不再认领岗位“{post.title}”")
        return self.get(post_id)

    def claimant_ids(self, post_id: int) -> list[int]:
        with self.reading() as s:
            return list(s.scalars(select(PostClaim.volunteer_id).where(PostClaim.post_id == post_id)
                                  .order_by(PostClaim.claimed_on, PostClaim.volunteer_id)))
