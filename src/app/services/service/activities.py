"""Service activities: sign-up, attendance ("all attended" in one step, or start and end per
person), and the service records attendance makes (hours from the times, waiting for
confirmation like any record)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import ListItem, Organization, ServiceActivity, ServiceTeam, SignUp, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.service.record_fields import ACTIVITY_SPEC, clean_clock
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit
from app.services.service.records import ServiceRecordService
from app.services.service.rows import (
    ActivityInput,
    ActivityQuery,
    ActivityRow,
    RecordInput,
    SignUpRow,
)
from app.services.service.teams import _volunteers

CHANGE = ACTIVITY_SPEC.change


class ActivityService(RecordService[ActivityRow]):
    spec = ACTIVITY_SPEC
    model = ServiceActivity
    row_type = ActivityRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        def count(*where: Any) -> Any:
            return (select(func.count()).select_from(SignUp).where(SignUp.activity_id == ServiceActivity.id, *where)
                    .correlate(ServiceActivity).scalar_subquery())
        return (select(ServiceActivity, Organization.name, func.coalesce(ServiceTeam.name, ""), count(),
                       count(SignUp.attended.is_(True)))
                .join(Organization, Organization.id == ServiceActivity.org_id)
                .outerjoin(ServiceTeam, ServiceTeam.id == ServiceActivity.team_id)
                .where(ServiceActivity.id.in_(ids)))

    def search_ids(self, query: ActivityQuery) -> list[int]:
        column = ServiceActivity.held_on if query.sort != "title" else ServiceActivity.title
        order = [column.desc(), ServiceActivity.id.desc()] if query.descending else [column.asc(), ServiceActivity.id.asc()]
        stmt = select(ServiceActivity.id).order_by(*order)
        if query.org_id is not None:
            stmt = stmt.where(ServiceActivity.org_id.in_(subtree_select(query.org_id)))
        if query.date_from is not None:
            stmt = stmt.where(ServiceActivity.held_on >= query.date_from)
        if query.date_to is not None:
            stmt = stmt.where(ServiceActivity.held_on <= query.date_to)
        for token in query.text.split():
            stmt = stmt.where(ServiceActivity.title.contains(token, autoescape=True))
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def sign_ups(self, activity_id: int) -> list[SignUpRow]:
        with self.reading() as s:
            q = (select(SignUp.volunteer_id, Volunteer.name, SignUp.attended, SignUp.start_time, SignUp.end_time,
                        SignUp.record_id).join(Volunteer, Volunteer.id == SignUp.volunteer_id)
                 .where(SignUp.activity_id == activity_id).order_by(Volunteer.name_pinyin, Volunteer.id))
            return [SignUpRow(*r) for r in s.execute(q)]

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: ActivityInput) -> ActivityRow:
        with self.writing(CHANGE) as s:
            aid = self._insert(s, self._valid(s, data)).id
        return self.get(aid)

    def update(self, activity_id: int, data: ActivityInput, version: int | None = None) -> ActivityRow:
        with self.writing(CHANGE) as s:
            activity = self._load(s, activity_id)
            versions.check(activity, version)
            self._update(s, activity, self._valid(s, data))
        return self.get(activity_id)

    def sign_up(self, activity_id: int, volunteer_ids: Sequence[int]) -> int:
        with self.writing(CHANGE) as s:
            activity = self._load(s, activity_id)
            people = _volunteers(s, volunteer_ids)
            taken = s.scalar(select(func.count()).select_from(SignUp).where(SignUp.activity_id == activity_id)) or 0
            log = audit.Appender(s, self.actor.name)
            added = 0
            for vid in dict.fromkeys(volunteer_ids):
                if s.get(SignUp, (activity_id, vid)) is not None:
                    continue
                if activity.capacity is not None and taken + added >= activity.capacity:
                    raise ConflictError(f"活动“{activity.title}”已报名{taken + added}人，达到人数上限"
                                        f"{activity.capacity}人，“{people[vid].name}”未能报名")
                s.add(SignUp(activity_id=activity_id, volunteer_id=vid))
                log.add("活动报名", entity=ACTIVITY_SPEC.key, entity_id=activity_id,
                        summary=f"“{people[vid].name}”报名活动“{activity.title}”")
                added += 1
            s.flush()
            log.flush()
        return added

    def take_attendance(self, activity_id: int, attended: Sequence[int] | None = None,
                        times: Mapping[int, tuple[object, object]] | None = None) -> int:
        """Marks who came: everyone signed up (``attended`` None: "全部到场"), or the given
        people; ``times`` gives a person's own start and end when they differ. Returns how many."""
        with self.writing(CHANGE) as s:
            activity = self._load(s, activity_id)
            signups = {u.volunteer_id: u for u in s.scalars(select(SignUp).where(SignUp.activity_id == activity_id))}
            chosen = list(signups) if attended is None else list(dict.fromkeys(attended))
            for vid in chosen:
                if vid not in signups:
                    raise ValidationError(f"编号为{vid}的志愿者没有报名活动“{activity.title}”，请先报名", field="attended")
            for vid, (start, end) in (times or {}).items():
                if vid not in signups:
                    raise ValidationError(f"编号为{vid}的志愿者没有报名活动“{activity.title}”", field="attended")
                st, en = clean_clock(ACTIVITY_SPEC.field("start_time"), start), clean_clock(
                    ACTIVITY_SPEC.field("end_time"), end)
                if not st or not en or en <= st:
                    raise ValidationError(f"“{s.get(Volunteer, vid).name}”的签到、签退时间不对，请核对", field="times")  # type: ignore[union-attr]
                signups[vid].start_time, signups[vid].end_time = st, en
            for vid in chosen:
                signups[vid].attended = True
            audit.append(s, self.actor.name, "活动签到", entity=ACTIVITY_SPEC.key, entity_id=activity_id,
                         summary=f"活动“{activity.title}”到场{len(chosen)}人")
        return len(chosen)

    def record_attendance(self, activity_id: int) -> list[int]:
        """A service record for each person who came and has none yet (waiting for confirmation)."""
        activity = self.get(activity_id)
        if not activity.start_time or activity.held_on is None:
            raise ValidationError(f"活动“{activity.title}”没有填写开始和结束时间，无法计算服务时长，请先补填",
                                  field="start_time")
        people = [u for u in self.sign_ups(activity_id) if u.attended and u.record_id is None]
        inputs = [RecordInput(volunteer_id=u.volunteer_id, org_id=activity.org_id, served_on=activity.held_on,
                              content=f"参加“{activity.title}”", start_time=u.start_time or activity.start_time,
                              end_time=u.end_time or activity.end_time, category=activity.category,
                              activity_id=activity_id) for u in people]
        ids = self.alongside(ServiceRecordService).bulk_create(inputs, refs=[f"“{u.name}”" for u in people])
        with self.writing(CHANGE) as s:
            for u, rid in zip(people, ids, strict=True):
                signup = s.get(SignUp, (activity_id, u.volunteer_id))
                assert signup is not None
                signup.record_id = rid
        return ids

    def _valid(self, s: Session, data: ActivityInput) -> dict[str, Any]:
        values = ACTIVITY_SPEC.checked(asdict(data))
        who = ACTIVITY_SPEC.who(values)
        for key in ("org_id", "team_id", "list_item_id"):
            if values.get(key) is not None and not isinstance(values[key], int):
                raise ValidationError(f"{who}：{ACTIVITY_SPEC.label(key)}“{values[key]}”须先在台账中找到", field=key)
        org = s.get(Organization, values["org_id"])
        if org is None or org.closed_on is not None:
            raise ValidationError(f"{who}：所属社区不存在或已撤销，请刷新后重选", field="org_id")
        if values["team_id"] is not None and s.get(ServiceTeam, values["team_id"]) is None:
            raise ValidationError(f"{who}：找不到所选服务队伍，请刷新后重选", field="team_id")
        if values["list_item_id"] is not None and s.get(ListItem, values["list_item_id"]) is None:
            raise ValidationError(f"{who}：找不到所选共建事项，请刷新后重选", field="list_item_id")
        if values["held_on"] > dt.date.today() + dt.timedelta(days=366):
            raise ValidationError(f"{who}：活动日期{cn_date(values['held_on'])}太远，请核对", field="held_on")
        return values
