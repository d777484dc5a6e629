"""Joining the Party (发展党员): candidates through 入党申请人 → 入党积极分子 → 发展对象 → 预备党员
→ 正式党员. Each step is dated; becoming a 预备党员 makes the member record from the candidate
(through the member service: its rules, its history event, its audit) in the same transaction,
and becoming a full member records 转为正式党员 on that member."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Candidate, Member, Organization
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.masking import mask_id
from app.domain.kit.pinyin import name_keys
from app.domain.orglife import candidates as rules
from app.domain.orglife.candidates_fields import CANDIDATE_SPEC, who
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.members.rows import EventInput, MemberInput
from app.services.members.service import MemberService
from app.services.orglife.candidates_rows import (
    AdvanceInput,
    CandidateInput,
    CandidateQuery,
    CandidateRow,
)
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = CANDIDATE_SPEC.change
# Set by 推进 only: an edit may not move a candidate on (nor back) by filling a date in.
ADVANCED_KEYS = ("admitted_on", "full_on", "introducer1_id", "introducer2_id")
_SORTS = {"stage_date": None, **{key: key for _s, key in rules.STAGE_DATES}}


class CandidateService(RecordService[CandidateRow]):
    spec = CANDIDATE_SPEC
    model = Candidate
    row_type = CandidateRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        one, two = aliased(Member), aliased(Member)
        return (select(Candidate, Organization.name, func.coalesce(one.name, ""), func.coalesce(two.name, ""))
                .join(Organization, Organization.id == Candidate.org_id)
                .outerjoin(one, one.id == Candidate.introducer1_id)
                .outerjoin(two, two.id == Candidate.introducer2_id).where(Candidate.id.in_(ids)))

    def _where(self, query: CandidateQuery) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if query.org_id is not None:
            where.append(Candidate.org_id.in_(subtree_select(query.org_id)))
        if query.stage:
            where.append(Candidate.stage == query.stage)
        for token in query.text.split():
            low = token.lower()
            where.append(or_(Candidate.name.contains(token, autoescape=True),
                             Candidate.name_pinyin.startswith(low, autoescape=True),
                             Candidate.name_initials.startswith(low, autoescape=True)))
        return where

    def search_ids(self, query: CandidateQuery) -> list[int]:
        if query.sort == "name" or query.sort not in _SORTS:
            cols: list[Any] = [Candidate.name_pinyin, Candidate.name]
        elif query.sort == "stage_date":
            cols = [func.coalesce(Candidate.full_on, Candidate.admitted_on, Candidate.target_on,
                                  Candidate.activist_on, Candidate.applied_on)]
        else:
            cols = [getattr(Candidate, query.sort)]
        order = [c.desc() for c in cols] if query.descending else [c.asc() for c in cols]
        order.append(Candidate.id.desc() if query.descending else Candidate.id.asc())
        stmt = select(Candidate.id).where(and_(True, *self._where(query))).order_by(*order)
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def count(self, query: CandidateQuery) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(Candidate).where(*self._where(query))) or 0

    def stage_counts(self, org_id: int | None, day: dt.date | None = None) -> dict[str, int]:
        """How many were at each stage on ``day`` (default: now) in the organisation's subtree."""
        day = day or dt.date.today()
        scope = [Candidate.org_id.in_(subtree_select(org_id))] if org_id is not None else []
        out: dict[str, int] = {}
        with self.reading() as s:
            for i, (stage, key) in enumerate(rules.STAGE_DATES):
                reached = getattr(Candidate, key)
                where = [reached.is_not(None), reached <= day, *scope]
                if i + 1 < len(rules.STAGE_DATES):
                    later = getattr(Candidate, rules.STAGE_DATES[i + 1][1])
                    where.append(or_(later.is_(None), later > day))
                out[stage] = s.scalar(select(func.count()).select_from(Candidate).where(*where)) or 0
        return out

    def warnings(self, candidate_id: int, step: AdvanceInput) -> list[str]:
        """What the step would break of the waiting times (shown before confirming); raises
        the absolute problems (under age, future date, out of order, introducers)."""
        with self.reading() as s:
            c = self._load(s, candidate_id)
            values, _stage = self._advanced(s, c, step)
        return rules.warnings(values)

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: CandidateInput) -> CandidateRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, None)
            cid = self._insert(s, values, summary=f"新增{who(values)}").id
        return self.get(cid)

    def update(self, candidate_id: int, data: CandidateInput, version: int | None = None) -> CandidateRow:
        """Corrects the record; the stage stays (推进 moves it on)."""
        with self.writing(CHANGE) as s:
            c = self._load(s, candidate_id)
            versions.check(c, version)
            values = self._valid(s, data, c)
            self._update(s, c, values, summary=f"修改{who(c)}")
        return self.get(candidate_id)

    def import_batch(self, adds: list[CandidateInput],
                     updates: list[tuple[int, CandidateInput]]) -> tuple[list[int], list[int]]:
        """An import's additions and corrections in one transaction; one bad record refuses all."""
        self.require(Permission.IMPORT_DATA)
        with self.writing(CHANGE) as s:
            log = audit.Appender(s, self.actor.name)
            added = [self._insert(s, self._valid(s, data, None), log=log, action="导入新增入党申请人").id
                     for data in adds]
            for cid, data in updates:
                self._update(s, self._load(s, cid), self._valid(s, data, self._load(s, cid)), log=log,
                             action="导入修改入党申请人")
            log.flush()
        return added, [cid for cid, _ in updates]

    def advance(self, candidate_id: int, step: AdvanceInput, version: int | None = None) -> CandidateRow:
        """Moves the candidate to the next stage on ``step.day``. 预备党员: the member record is
        made (roster rules, event 接收为预备党员, audit); 正式党员: 转为正式党员 on that member."""
        with self.writing(CHANGE, Change.MEMBERS) as s:
            c = self._load(s, candidate_id)
            versions.check(c, version)
            values, stage = self._advanced(s, c, step)
            members = self.alongside(MemberService)
            changes = {k: values[k] for k in (*rules.DATE_OF_STAGE.values(), "introducer1_id", "introducer2_id",
                                                "training", "training_on", "review", "review_on")}
            changes["stage"] = stage
            if stage == rules.PROBATIONARY:
                changes["member_id"] = members.admit_in(s, self._member_input(s, c, values), step.remark)
            elif stage == rules.FULL:
                if c.member_id is None:
                    raise ValidationError(f"{who(c)}没有对应的党员记录，无法转正", field="member_id")
                members.record_event_in(s, EventInput(c.member_id, "转为正式党员", values["full_on"],
                                                      remark=step.remark))
            self._update(s, c, changes, action=f"推进为{stage}",
                         summary=f"{who(c)}推进为{stage}（{step.day.isoformat() if step.day else ''}）")
        return self.get(candidate_id)

    # ---- internals -----------------------------------------------------------------------
    def _advanced(self, s: Session, c: Candidate, step: AdvanceInput) -> tuple[dict[str, Any], str]:
        stage = rules.next_stage(c.stage)
        if stage is None:
            raise ValidationError(f"{who(c)}已是正式党员，发展程序已完成", field="stage")
        if step.day is None:
            raise ValidationError(f"请填写{rules.DATE_LABELS[rules.DATE_OF_STAGE[stage]]}", field="day")
        values = {k: getattr(c, k) for k in CANDIDATE_SPEC.keys}
        values[rules.DATE_OF_STAGE[stage]] = step.day
        for key in ("training", "training_on", "review", "review_on"):
            given = getattr(step, key)
            if given is not None and given != "":
                values[key] = given.strip() if isinstance(given, str) else given
        if stage == rules.PROBATIONARY:
            values["introducer1_id"], values["introducer2_id"] = step.introducer1_id, step.introducer2_id
            self._check_introducers(s, c, values)
        found = rules.problems(values)
        if found:
            raise ValidationError(f"{who(c)}：{found[0].message}", field=found[0].field)
        return values, stage

    @staticmethod
    def _check_introducers(s: Session, c: Candidate, values: dict[str, Any]) -> None:
        ids = [values["introducer1_id"], values["introducer2_id"]]
        chosen: list[tuple[str, str, str] | None] = []
        numbers: list[str] = []
        for member_id in ids:
            if member_id is None:
                break
            m = s.get(Member, member_id)
            chosen.append((m.name, m.member_type, m.status) if m else None)
            numbers.append(m.id_number if m else "")
        found = rules.introducer_problems(chosen, c.id_number, tuple(numbers))
        if found:
            raise ValidationError(f"{who(c)}：{found[0].message}", field=found[0].field)

    @staticmethod
    def _member_input(s: Session, c: Candidate, values: dict[str, Any]) -> MemberInput:
        names = [s.scalar(select(Member.name).where(Member.id == values[k]))
                 for k in ("introducer1_id", "introducer2_id")]
        return MemberInput(name=c.name, id_number=c.id_number, org_id=c.org_id, member_type="预备党员",
                           joined_on=values["admitted_on"], sex=c.sex, birth_date=c.birth_date, phone=c.phone,
                           native_place=c.native_place, introducers="、".join(n for n in names if n),
                           party_post="党员", remarks=f"由发展党员记录转入（入党申请日期{c.applied_on}）")

    def _valid(self, s: Session, data: CandidateInput, current: Candidate | None) -> dict[str, Any]:
        values = CANDIDATE_SPEC.checked(asdict(data))
        label = who({**values, "stage": current.stage if current else rules.stage_of(values)})
        org_id = values["org_id"]
        org = s.get(Organization, org_id) if isinstance(org_id, int) else None
        if org is None:
            raise ValidationError(f"{label}：所在党支部“{org_id}”须先在组织架构中找到", field="org_id")
        if org.closed_on is not None and (current is None or current.org_id != org.id):
            raise ValidationError(f"{label}：“{org.name}”已撤销", field="org_id")
        if current is None:
            if values.get("introducer1_id") is not None or values.get("introducer2_id") is not None:
                raise ValidationError(f"{label}：入党介绍人在接收为预备党员时（“推进到下一阶段”）选择",
                                      field="introducer1_id")
            if rules.stage_of(values) not in rules.ENTRY_STAGES:
                raise ValidationError(f"{label}：新登记的记录最多到“发展对象”阶段；接收为预备党员和转正请用"
                                      "“推进到下一阶段”办理（已是党员的请在党员名册中登记）", field="admitted_on")
        else:
            moved = [k for k in ADVANCED_KEYS if values.get(k) != getattr(current, k)]
            if moved or rules.stage_of(values) != current.stage:
                raise ValidationError(f"{label}：所处阶段、接收预备党员和转正的日期及入党介绍人请用“推进到下一阶段”"
                                      "办理，修改时不能改动", field=moved[0] if moved else "stage")
        values["stage"] = rules.stage_of(values)
        self._check_unique(s, values["id_number"], current)
        values["name_pinyin"], values["name_initials"] = name_keys(values["name"])
        return values

    @staticmethod
    def _check_unique(s: Session, number: str, current: Candidate | None) -> None:
        hit = s.execute(select(Candidate.id, Candidate.name, Candidate.stage)
                        .where(Candidate.id_number == number)).first()
        if hit is not None and (current is None or hit[0] != current.id):
            raise ConflictError(f"公民身份号码{mask_id(number)}已登记为{hit[2]}“{hit[1]}”，不能重复登记",
                                field="id_number")
        if current is None:
            member = s.execute(select(Member.name, Member.status).where(Member.id_number == number)).first()
            if member is not None:
                raise ConflictError(f"公民身份号码{mask_id(number)}已在党员名册中（“{member[0]}”，{member[1]}），"
                                    "不能再登记为入党申请人", field="id_number")


__all__ = ["AdvanceInput", "CandidateInput", "CandidateQuery", "CandidateRow", "CandidateService"]
