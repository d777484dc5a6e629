"""Grid visits (进格入户): who visited which household or building of which grid, what was
raised, the follow-up with its due date, and its result; overdue follow-ups are found in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, func, select

from app.db.models import GridVisit
from app.domain.sites.fields import VISIT_SPEC
from app.services.orgs.service import subtree_select
from app.services.sites.base import SitesRecords
from app.services.sites.rows import DONE, OVERDUE, PENDING, SitesQuery, VisitRow


class VisitService(SitesRecords[VisitRow]):
    spec = VISIT_SPEC
    model = GridVisit
    row_type = VisitRow
    sorts = {"visited_on": "visited_on", "visitor": "visitor", "household": "household", "grid": "grid",
             "org_id": "org_id", "due_on": "due_on", "done_on": "done_on"}
    searched = ("visitor", "household", "grid", "matters")

    def conditions(self, query: SitesQuery, today: dt.date | None = None) -> list[ColumnElement[bool]]:
        out = super().conditions(SitesQuery(org_id=query.org_id, text=query.text))
        if query.kind:
            out.append(GridVisit.visitor_role == query.kind)
        if query.year:
            out.append(GridVisit.visited_on.between(dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)))
        day = today or dt.date.today()
        if query.state == OVERDUE:
            out += [GridVisit.done_on.is_(None), GridVisit.due_on < day]
        elif query.state == PENDING:
            out += [GridVisit.done_on.is_(None), GridVisit.follow_up != "",
                    (GridVisit.due_on.is_(None)) | (GridVisit.due_on >= day)]
        elif query.state == DONE:
            out.append(GridVisit.done_on.is_not(None))
        return out

    def overdue(self, org_id: int | None, today: dt.date | None = None) -> list[VisitRow]:
        """The follow-ups past their due date and not done, the longest overdue first."""
        stmt = select(GridVisit.id).where(*self.conditions(SitesQuery(org_id=org_id, state=OVERDUE), today))
        with self.reading() as s:
            ids = list(s.scalars(stmt.order_by(GridVisit.due_on, GridVisit.id)))
        return self.rows(ids)

    def figures(self, org_id: int | None, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(distinct people who visited, visits) within [start, end] in the subtree."""
        where: list[Any] = [GridVisit.visited_on.between(start, end)]
        if org_id is not None:
            where.append(GridVisit.org_id.in_(subtree_select(org_id)))
        stmt = select(GridVisit.member_id, GridVisit.visitor, GridVisit.org_id).where(*where).distinct()
        with self.reading() as s:
            people = {("党员", m) if m is not None else ("姓名", o, v) for m, v, o in s.execute(stmt)}
            visits = s.scalar(select(func.count()).select_from(GridVisit).where(*where)) or 0
        return len(people), visits

    def remove(self, visit_id: int) -> None:
        """A visit entered by mistake."""
        with self.writing(self.spec.change) as s:
            record = self._load(s, visit_id)
            old = {f.key: getattr(record, f.key) for f in VISIT_SPEC.fields}
            s.delete(record)
            self._audit(s, None, "删除走访记录", visit_id, f"删除{VISIT_SPEC.who(record)}（{record.visitor}）",
                        old=VISIT_SPEC.audit_values(old))
