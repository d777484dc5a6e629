"""Sites (阵地) and the people who run the work (第一书记 / 副书记, 专职党务工作者, 两委成员)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.db.models import Organization, Site, Staff, Unit
from app.domain.kit.errors import ConflictError
from app.domain.sites.fields import SITE_SPEC, STAFF_SPEC, staff_only_own
from app.services.kit.records import AnySelect
from app.services.orgs.service import subtree_select
from app.services.sites.base import SitesRecords
from app.services.sites.rows import CLOSED_ONLY, OPEN_ONLY, SiteRow, SitesQuery, StaffRow

PLACES_OFFERED = 200  # site names a meeting's place offers at most


class SiteService(SitesRecords[SiteRow]):
    spec = SITE_SPEC
    model = Site
    row_type = SiteRow
    sorts = {"name": "name", "kind": "kind", "org_id": "org_id", "area": "area", "opened_on": "opened_on",
             "standardised_year": "standardised_year", "address": "address"}
    searched = ("name", "address", "owner")

    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(Site, Organization.name, Unit.name).join(Organization, Organization.id == Site.org_id)
                .outerjoin(Unit, Unit.id == Site.unit_id).where(Site.id.in_(ids)))

    def _row(self, record: Any, *extra: Any) -> SiteRow:
        org_name, unit_name = extra
        return super()._row(record, org_name, unit_name or "")

    def conditions(self, query: SitesQuery) -> list[ColumnElement[bool]]:
        out = super().conditions(query)
        if query.state == OPEN_ONLY:
            out.append(Site.closed_on.is_(None))
        elif query.state == CLOSED_ONLY:
            out.append(Site.closed_on.is_not(None))
        return out

    def choices(self, org_id: int | None = None) -> list[tuple[int, str]]:
        """(id, name) of the sites in use in the subtree, by name: where a meeting may be held."""
        stmt = select(Site.id, Site.name).where(Site.closed_on.is_(None))
        if org_id is not None:
            stmt = stmt.where(Site.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            return [(i, n) for i, n in s.execute(stmt.order_by(Site.name, Site.id))]

    def place_names(self, org_id: int | None = None, limit: int = PLACES_OFFERED) -> list[str]:
        """The names of the sites in use where ``org_id``'s meetings may be held, by name, each
        once: the sites of the organisation, of those above it (a branch meets in its
        community's centre) and of those below it; every site for None."""
        stmt = select(Site.name).where(Site.closed_on.is_(None))
        if org_id is not None:
            up = select(Organization.id, Organization.parent_id).where(Organization.id == org_id).cte(
                "up", recursive=True)
            up = up.union_all(select(Organization.id, Organization.parent_id).where(Organization.id == up.c.parent_id))
            stmt = stmt.where(or_(Site.org_id.in_(select(up.c.id)), Site.org_id.in_(subtree_select(org_id))))
        with self.reading() as s:
            return list(s.scalars(stmt.group_by(Site.name).order_by(Site.name).limit(limit)))

    def id_by_name(self, org_id: int, name: str) -> int | None:
        with self.reading() as s:
            return s.scalar(select(Site.id).where(Site.org_id == org_id, Site.name == name).order_by(Site.id).limit(1))

    def _valid(self, s: Session, data: Any, current: Any) -> dict[str, Any]:
        values = super()._valid(s, data, current)
        same = select(Site.id).where(Site.org_id == values["org_id"], Site.name == values["name"],
                                     Site.closed_on.is_(None))
        if current is not None:
            same = same.where(Site.id != current.id)
        if values.get("closed_on") is None and s.scalar(same.limit(1)) is not None:
            raise ConflictError(f"本社区已登记名为“{values['name']}”的阵地，不能重复登记", field="name")
        return values


class StaffService(SitesRecords[StaffRow]):
    spec = STAFF_SPEC
    model = Staff
    row_type = StaffRow
    sorts = {"name": "name", "kind": "kind", "org_id": "org_id", "term_start": "term_start",
             "term_end": "term_end", "hired_year": "hired_year", "home_unit": "home_unit", "post": "post"}
    searched = ("name", "home_unit", "post")

    def _valid(self, s: Session, data: Any, current: Any) -> dict[str, Any]:
        values = staff_only_own(super()._valid(s, data, current))
        if values.get("id_number"):
            same = select(Staff.id).where(Staff.id_number == values["id_number"], Staff.kind == values["kind"],
                                          Staff.org_id == values["org_id"])
            if current is not None:
                same = same.where(Staff.id != current.id)
            if s.scalar(same.limit(1)) is not None:
                raise ConflictError(f"{STAFF_SPEC.who(values)}已登记为本社区的{values['kind']}，不能重复登记",
                                    field="id_number")
        return values

    def in_post(self, org_id: int | None, kinds: tuple[str, ...], day: dt.date) -> list[StaffRow]:
        """The people of ``kinds`` in the subtree whose term covers ``day``."""
        rows = self.rows(self.search_ids(SitesQuery(org_id=org_id)))
        return [r for r in rows if r.kind in kinds and r.in_post(day)]


def refuse_closing_with_sites(s: Session, o: Organization) -> None:
    """A community with sites in use or people in post cannot be closed (the area's close check)."""
    from sqlalchemy import func

    today = dt.date.today()
    sites = s.scalar(select(func.count()).select_from(Site).where(Site.org_id == o.id, Site.closed_on.is_(None))) or 0
    if sites:
        raise ConflictError(f"“{o.name}”还有{sites}处在用的阵地，请先登记停用或转到其他社区再撤销")
    staff = s.scalar(select(func.count()).select_from(Staff).where(
        Staff.org_id == o.id, (Staff.term_end.is_(None)) | (Staff.term_end >= today))) or 0
    if staff:
        raise ConflictError(f"“{o.name}”还有{staff}名在任的书记、专职党务工作者或两委成员，请先调整后再撤销")
