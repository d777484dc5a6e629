"""双向评议: each year an organisation scores each unit (社区评单位) and each unit scores the
organisation (单位评社区), on criteria with weights that are the year's own (copied forward from
the year before; the defaults the first time). Totals, ranks and grades follow the rules in
app.domain.cobuild.appraisal, with the grade thresholds a setting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import AppraisalRound, AppraisalScore, Organization, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild import appraisal as rules
from app.domain.cobuild.appraisal import Criterion, Thresholds
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.kit.ranking import competition_ranks
from app.services.kit.base import Service
from app.services.safety import audit

CHANGE = Change.COBUILD
OF_UNIT = "社区评单位"  # the organisation's scores of a unit
OF_COMMUNITY = "单位评社区"  # a unit's scores of the organisation
DIRECTIONS = (OF_UNIT, OF_COMMUNITY)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class RoundRow:
    id: int
    org_id: int
    org_name: str
    year: int
    criteria: tuple[Criterion, ...]
    sheets: int  # score sheets entered, both directions


@dataclass(frozen=True)
class ScoredRow:
    """One line of the appraisal table: the unit scored (社区评单位) or scoring (单位评社区)."""

    unit_id: int
    rank: int
    name: str
    scores: Mapping[str, Decimal]
    total: Decimal
    grade: str
    remarks: str


def _criteria_json(criteria: Sequence[Criterion]) -> str:
    return json.dumps([{"name": c.name, "weight": str(c.weight)} for c in criteria], ensure_ascii=False)


def _criteria_of(text: str) -> tuple[Criterion, ...]:
    return tuple(Criterion(c["name"], Decimal(c["weight"])) for c in json.loads(text))


class AppraisalService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def thresholds(self) -> Thresholds:
        """The grade thresholds (好, 较好, 一般) from the settings; the defaults when unusable."""
        from app.services.access.settings import SettingsService

        value = self.alongside(SettingsService).get("appraisal_thresholds")
        try:
            good, fairly_good, fair = (Decimal(str(v)) for v in value)
            return Thresholds(good, fairly_good, fair)
        except (TypeError, ValueError, InvalidOperation, ValidationError):
            return rules.DEFAULT_THRESHOLDS

    # ---- rounds --------------------------------------------------------------------------
    def rounds(self, org_id: int | None = None) -> list[RoundRow]:
        with self.reading() as s:
            q = select(AppraisalRound, Organization.name).join(Organization, Organization.id == AppraisalRound.org_id)
            if org_id is not None:
                q = q.where(AppraisalRound.org_id == org_id)
            out = []
            for r, org_name in s.execute(q.order_by(AppraisalRound.year.desc(), AppraisalRound.id)):
                sheets = s.scalar(select(func.count()).select_from(AppraisalScore)
                                  .where(AppraisalScore.round_id == r.id)) or 0
                out.append(RoundRow(r.id, r.org_id, org_name, r.year, _criteria_of(r.criteria), sheets))
            return out

    def round_of(self, org_id: int, year: int) -> RoundRow | None:
        return next((r for r in self.rounds(org_id) if r.year == year), None)

    def open_year(self, org_id: int, year: int, criteria: Sequence[Criterion] | None = None) -> RoundRow:
        """The year's appraisal; its criteria are the latest earlier year's (or the defaults)
        unless given."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(f"评议年度“{year}”不对，请填写四位年份", field="年度")
        with self.writing(CHANGE) as s:
            org = s.get(Organization, org_id)
            if org is None:
                raise NotFoundError("找不到所选党组织，请刷新后重选")
            if s.scalar(select(AppraisalRound.id).where(AppraisalRound.org_id == org_id,
                                                        AppraisalRound.year == year)) is not None:
                raise ConflictError(f"“{org.name}”{year}年度的双向评议已经建立")
            if criteria is None:
                earlier = s.scalar(select(AppraisalRound.criteria).where(
                    AppraisalRound.org_id == org_id, AppraisalRound.year < year).order_by(AppraisalRound.year.desc()))
                chosen = _criteria_of(earlier) if earlier else rules.DEFAULT_CRITERIA
            else:
                chosen = rules.check_criteria(criteria)
            r = AppraisalRound(org_id=org_id, year=year, criteria=_criteria_json(chosen))
            s.add(r)
            s.flush()
            audit.append(s, self.actor.name, "建立双向评议", entity="appraisal", entity_id=r.id,
                         summary=f"建立“{org.name}”{year}年度双向评议",
                         new={c.name: str(c.weight) for c in chosen})
            round_id = r.id
        return next(x for x in self.rounds(org_id) if x.id == round_id)

    def set_criteria(self, round_id: int, criteria: Sequence[Criterion]) -> RoundRow:
        """Changes the year's criteria and weights while no sheet has been scored."""
        checked = rules.check_criteria(criteria)
        with self.writing(CHANGE) as s:
            r = self._round(s, round_id)
            if s.scalar(select(func.count()).select_from(AppraisalScore).where(AppraisalScore.round_id == r.id)):
                raise ConflictError(f"{r.year}年度已有评分，不能再改评分内容和权重；如确需修改，请先清除全部评分")
            old = {c.name: str(c.weight) for c in _criteria_of(r.criteria)}
            r.criteria = _criteria_json(checked)
            audit.append(s, self.actor.name, "修改评议内容", entity="appraisal", entity_id=r.id,
                         summary=f"修改{r.year}年度双向评议的评分内容和权重", old=old,
                         new={c.name: str(c.weight) for c in checked})
            org_id = r.org_id
        return next(x for x in self.rounds(org_id) if x.id == round_id)

    # ---- scores --------------------------------------------------------------------------
    def set_scores(self, round_id: int, unit_id: int, direction: str, scores: Mapping[str, object],
                   remarks: str = "") -> Decimal:
        """One sheet (every criterion scored 0–100, two decimals at most); returns its total."""
        return self.set_sheets(round_id, direction, [(unit_id, scores, remarks)])[0]

    def set_sheets(self, round_id: int, direction: str,
                   sheets: Sequence[tuple[int, Mapping[str, object], str]]) -> list[Decimal]:
        """Several sheets of one direction, (unit id, scores, remarks) each, in one transaction:
        one bad score and none is written. Returns their totals."""
        if direction not in DIRECTIONS:
            raise ValidationError(f"评议方向“{direction}”应为{'或'.join(DIRECTIONS)}", field="评议方向")
        with self.writing(CHANGE) as s:
            r = self._round(s, round_id)
            return [self._write_sheet(s, r, unit_id, direction, scores, remarks) for unit_id, scores, remarks in sheets]

    def _write_sheet(self, s: Session, r: AppraisalRound, unit_id: int, direction: str, scores: Mapping[str, object],
                     remarks: str) -> Decimal:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise NotFoundError("找不到所选单位，请刷新后重选")
        criteria = _criteria_of(r.criteria)
        parsed = rules.parsed_scores(scores, criteria, f"“{unit.name}”")
        total = rules.total_score(parsed, criteria, unit.name)
        text = json.dumps({k: str(v) for k, v in parsed.items()}, ensure_ascii=False)
        sheet = s.scalar(select(AppraisalScore).where(AppraisalScore.round_id == r.id,
                                                      AppraisalScore.unit_id == unit.id,
                                                      AppraisalScore.direction == direction))
        old = json.loads(sheet.scores) if sheet is not None else None
        if sheet is None:
            sheet = AppraisalScore(round_id=r.id, unit_id=unit.id, direction=direction, scores=text)
            s.add(sheet)
        sheet.scores, sheet.remarks = text, (remarks or "").strip()[:500]
        s.flush()
        audit.append(s, self.actor.name, "录入评议分数", entity="appraisal", entity_id=r.id,
                     summary=f"{r.year}年度{direction}：“{unit.name}”总分{total}",
                     old=old, new={k: str(v) for k, v in parsed.items()})
        return total

    def clear_scores(self, round_id: int) -> int:
        with self.writing(CHANGE) as s:
            r = self._round(s, round_id)
            n = s.execute(delete(AppraisalScore).where(AppraisalScore.round_id == r.id)).rowcount or 0  # type: ignore[attr-defined]
            audit.append(s, self.actor.name, "清除评议分数", entity="appraisal", entity_id=r.id,
                         summary=f"清除{r.year}年度双向评议的全部评分（{n}份）")
        return int(n)

    def table(self, round_id: int, direction: str = OF_UNIT) -> list[ScoredRow]:
        """The printable table, best first: ties share a rank (the next rank is skipped) and
        keep name order; grades by the thresholds setting."""
        thresholds = self.thresholds()
        with self.reading() as s:
            r = self._round(s, round_id)
            criteria = _criteria_of(r.criteria)
            q = (select(AppraisalScore, Unit.name).join(Unit, Unit.id == AppraisalScore.unit_id)
                 .where(AppraisalScore.round_id == r.id, AppraisalScore.direction == direction)
                 .order_by(Unit.name_pinyin, Unit.id))
            sheets = []
            for sheet, name in s.execute(q):
                parsed = {k: Decimal(v) for k, v in json.loads(sheet.scores).items()}
                sheets.append((sheet.unit_id, name, parsed, rules.total_score(parsed, criteria, name), sheet.remarks))
        ranked = competition_ranks(sheets, lambda row: row[3])
        return [ScoredRow(unit_id, rank, name, parsed, total, rules.grade(total, thresholds), remarks)
                for rank, (unit_id, name, parsed, total, remarks) in ranked]

    def community_total(self, round_id: int) -> Decimal | None:
        """The organisation's own result: the mean of the units' totals of it, to 0.01."""
        rows = self.table(round_id, OF_COMMUNITY)
        if not rows:
            return None
        mean = sum((row.total for row in rows), Decimal(0)) / len(rows)
        return mean.quantize(rules.CENT, rounding="ROUND_HALF_UP")

    @staticmethod
    def _round(s: Session, round_id: int) -> AppraisalRound:
        r = s.get(AppraisalRound, round_id)
        if r is None:
            raise NotFoundError("找不到这一年度的双向评议，可能已被删除，请刷新")
        return r
