"""Special-fund projects: 项目议定 (proposal, resolution date) → 审核备案 → 实施 → 验收 → 公示,
each step dated with who did it; expenses linked from the ledger; a budget per project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.db.models import FundEntry, FundProject, FundProjectStep, Organization
from app.domain.access.permissions import Permission
from app.domain.funds.fields import INCOME, POSTED
from app.domain.funds.projects import PUBLISHED, STAGES, next_stage
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.kit.money import format_yuan, parse_fen
from app.domain.kit.text import cn_date
from app.services.funds.catalog import Catalog
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.safety import audit


@dataclass(frozen=True)
class ProjectInput:
    """What the 新建专项项目 form gives (app.domain.funds.projects.PROJECT_FIELDS)."""

    org_id: int | None = None
    name: str = ""
    budget: object = None
    proposed_on: dt.date | None = None
    resolved_on: dt.date | None = None
    by: str = ""
    description: str = ""


@dataclass(frozen=True)
class StepRow:
    stage: str
    done_on: dt.date
    done_by: str
    note: str


@dataclass(frozen=True)
class ProjectRow:
    id: int
    org_id: int
    org_name: str
    name: str
    stage: str
    budget: int | None
    spent: int  # posted expenses linked to the project (reversals included)
    proposed_on: dt.date | None
    description: str
    steps: tuple[StepRow, ...]

    def step(self, stage: str) -> StepRow | None:
        return next((x for x in self.steps if x.stage == stage), None)

    @property
    def balance(self) -> int | None:
        """Budget left (negative when overspent); None without a budget."""
        return None if self.budget is None else self.budget - self.spent

    @property
    def last_step(self) -> StepRow | None:
        return self.steps[-1] if self.steps else None


def _person(raw: str, what: str) -> str:
    text = " ".join((raw or "").split())
    if not text:
        raise ValidationError(f"请填写{what}（谁办理的这一步）", field="done_by")
    if len(text) > 30:
        raise ValidationError(f"{what}太长了，最多30个字", field="done_by")
    return text


class ProjectService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def create(self, org_id: int, name: str, *, resolved_on: dt.date, by: str, budget: object = None,
               proposed_on: dt.date | None = None, category: int | str | None = "服务群众专项经费",
               description: str = "") -> int:
        """A project agreed (项目议定): proposed on ``proposed_on``, resolved on ``resolved_on``."""
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("请填写项目名称", field="name")
        if len(name) > 60:
            raise ValidationError(f"项目名称“{name[:12]}…”太长了，最多60个字", field="name")
        fen = parse_fen(budget, "项目预算", required=False, allow_zero=False)
        by = _person(by, "议定人")
        if not isinstance(resolved_on, dt.date):
            raise ValidationError("请填写议定日期（项目经会议议定的日期）", field="resolved_on")
        if resolved_on > dt.date.today():
            raise ValidationError(f"议定日期{cn_date(resolved_on)}晚于今天，请核对", field="resolved_on")
        if len(description or "") > 500:
            raise ValidationError("项目说明太长了，最多500个字", field="description")
        if proposed_on and proposed_on > resolved_on:
            raise ValidationError("提议日期晚于议定日期，请核对", field="proposed_on")
        with self.writing(Change.FUNDS) as s:
            if s.get(Organization, org_id) is None:
                raise NotFoundError("找不到该党组织，请刷新")
            if s.scalar(select(FundProject.id).where(FundProject.org_id == org_id, FundProject.name == name)):
                raise ConflictError(f"已有名为“{name}”的专项项目")
            category_id = Catalog(s).category_id(category) if category else None
            project = FundProject(org_id=org_id, name=name, budget=fen, stage=STAGES[0], category_id=category_id,
                                  proposed_on=proposed_on or resolved_on, description=description)
            s.add(project)
            s.flush()
            s.add(FundProjectStep(project_id=project.id, stage=STAGES[0], done_on=resolved_on, done_by=by))
            audit.append(s, self.actor.name, "专项项目议定", entity="fund_project", entity_id=project.id,
                         summary=f"专项项目“{name}”议定（{cn_date(resolved_on)}）",
                         new={"预算": format_yuan(fen) if fen else ""})
            return project.id

    def create_from(self, data: ProjectInput) -> ProjectRow:
        """The 新建专项项目 form's save: the project agreed, read back as a row."""
        if data.org_id is None:
            raise ValidationError("请选择项目所属的党组织", field="org_id")
        return self.get(self.create(data.org_id, data.name, resolved_on=data.resolved_on,  # type: ignore[arg-type]
                                    by=data.by, budget=data.budget, proposed_on=data.proposed_on,
                                    description=(data.description or "").strip()))

    def link(self, project_id: int, entry_ids: Sequence[int], *, linked: bool = True) -> int:
        """Draft entries linked to the project (or unlinked from it, ``linked=False``). A posted
        entry's project is part of what was posted: the database refuses to change it, so it is
        refused here naming its voucher (correct it by a reversal)."""
        with self.writing(Change.FUNDS) as s:
            project = s.get(FundProject, project_id)
            if project is None:
                raise NotFoundError("找不到该专项项目，请刷新")
            entries = list(s.scalars(select(FundEntry).where(FundEntry.id.in_(list(entry_ids)))))
            for e in entries:
                if e.status == POSTED:
                    raise ConflictError(f"凭证记-{e.year}-{e.voucher_no:04d}“{e.summary}”已记账，不能再改所属项目；"
                                        "如有错误，请冲销后重新录入")
                if linked and e.org_id != project.org_id:
                    raise ValidationError(f"收支“{e.summary}”不属于项目所在的党组织，不能关联")
            changed = 0
            for e in entries:
                want = project_id if linked else (None if e.project_id == project_id else e.project_id)
                if e.project_id != want:
                    e.project_id = want
                    changed += 1
            if changed:
                audit.append(s, self.actor.name, "关联专项项目" if linked else "取消关联专项项目",
                             entity="fund_project", entity_id=project_id,
                             summary=f"专项项目“{project.name}”{'关联' if linked else '取消关联'}{changed}笔收支草稿")
            return changed

    def advance(self, project_id: int, on: dt.date, by: str, note: str = "") -> ProjectRow:
        """The project's next step, dated, with who did it."""
        by = _person(by, "经办人")
        with self.writing(Change.FUNDS) as s:
            project = s.get(FundProject, project_id)
            if project is None:
                raise NotFoundError("找不到该专项项目，请刷新")
            stage = next_stage(project.stage)
            if stage is None:
                raise ConflictError(f"专项项目“{project.name}”已公示，流程已完成")
            last = s.scalar(select(func.max(FundProjectStep.done_on)).where(FundProjectStep.project_id == project_id))
            if last and on < last:
                raise ValidationError(f"{stage}日期{cn_date(on)}早于上一步的日期{cn_date(last)}", field="done_on")
            if on > dt.date.today():
                raise ValidationError(f"{stage}日期{cn_date(on)}晚于今天，请核对", field="done_on")
            s.add(FundProjectStep(project_id=project_id, stage=stage, done_on=on, done_by=by, note=note.strip()))
            project.stage = stage
            audit.append(s, self.actor.name, f"专项项目{stage}", entity="fund_project", entity_id=project_id,
                         summary=f"专项项目“{project.name}”{stage}（{cn_date(on)}，{by}）")
        return self.get(project_id)

    def get(self, project_id: int) -> ProjectRow:
        rows = self._rows([FundProject.id == project_id])
        if not rows:
            raise NotFoundError("找不到该专项项目，请刷新")
        return rows[0]

    def projects(self, org_id: int | None = None, year: int | None = None) -> list[ProjectRow]:
        where = [FundProject.org_id.in_(subtree_select(org_id))] if org_id is not None else []
        rows = self._rows(where)
        if year is not None:
            rows = [r for r in rows if r.steps and r.steps[0].done_on.year == year]
        return rows

    def _rows(self, where: list[Any]) -> list[ProjectRow]:
        e = FundEntry
        spent = (select(func.coalesce(func.sum(e.amount), 0)).where(
            e.project_id == FundProject.id, e.status == POSTED, e.direction != INCOME).scalar_subquery())
        with self.reading() as s:
            found = s.execute(select(FundProject, Organization.name, spent)
                              .join(Organization, Organization.id == FundProject.org_id)
                              .where(*where).order_by(FundProject.proposed_on, FundProject.id)).all()
            ids = [p.id for p, _n, _x in found]
            steps: dict[int, list[StepRow]] = {}
            for i in range(0, len(ids), 500):
                for st in s.scalars(select(FundProjectStep).where(FundProjectStep.project_id.in_(ids[i:i + 500]))
                                    .order_by(FundProjectStep.done_on, FundProjectStep.id)):
                    steps.setdefault(st.project_id, []).append(StepRow(st.stage, st.done_on, st.done_by, st.note))
            return [ProjectRow(p.id, p.org_id, org, p.name, p.stage, p.budget, int(x or 0), p.proposed_on,
                               p.description, tuple(steps.get(p.id, ()))) for p, org, x in found]

    def counts(self, org_id: int, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(projects agreed in the period, projects published in it)."""
        rows = self.projects(org_id)
        agreed = sum(1 for r in rows if r.steps and start <= r.steps[0].done_on <= end)
        shown = sum(1 for r in rows if (st := r.step(PUBLISHED)) is not None and start <= st.done_on <= end)
        return agreed, shown
