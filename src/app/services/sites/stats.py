"""The sites area's figures for briefings, as at a day (the period's end, or today)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from app.db.models import Brand, BrandStep, Site, Staff
from app.domain.access.permissions import Permission
from app.domain.sites.fields import CENTRE, POSTED, SHARED, WORKER
from app.domain.sites.rules import BRAND_STEPS
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.sites.visits import VisitService


@dataclass(frozen=True)
class SitesFigures:
    shared_bases: int
    new_sites: int
    standard_centres: int
    centres: int
    posted_secretaries: int
    workers: int
    new_workers: int
    brands: tuple[str, ...]
    visitors: int
    visits: int


class SitesStats(Service):
    read_permission = Permission.VIEW_RECORDS

    def figures(self, org_id: int | None, start: dt.date, as_of: dt.date) -> SitesFigures:
        with self.reading() as s:
            def count(model: type, *where: ColumnElement[bool]) -> int:
                subtree = [model.org_id.in_(subtree_select(org_id))] if org_id is not None else []  # type: ignore[attr-defined]
                return s.scalar(select(func.count()).select_from(model).where(*subtree, *where)) or 0

            standing = ((Site.opened_on.is_(None)) | (Site.opened_on <= as_of),
                        (Site.closed_on.is_(None)) | (Site.closed_on > as_of))
            in_post = ((Staff.term_start.is_(None)) | (Staff.term_start <= as_of),
                       (Staff.term_end.is_(None)) | (Staff.term_end >= as_of))
            declared = select(BrandStep.brand_id).where(BrandStep.step == BRAND_STEPS[0], BrandStep.done_on <= as_of)
            brand_q = select(Brand.name).where(Brand.id.in_(declared))
            if org_id is not None:
                brand_q = brand_q.where(Brand.org_id.in_(subtree_select(org_id)))
            brands = tuple(s.scalars(brand_q.order_by(Brand.org_id, Brand.name)))
            figures = dict(
                shared_bases=count(Site, Site.kind == SHARED, *standing),
                new_sites=count(Site, Site.opened_on.between(start, as_of)),
                standard_centres=count(Site, Site.kind == CENTRE, Site.standardised_year <= as_of.year, *standing),
                centres=count(Site, Site.kind == CENTRE, *standing),
                posted_secretaries=count(Staff, Staff.kind.in_(POSTED), *in_post),
                workers=count(Staff, Staff.kind == WORKER,
                              (Staff.hired_year.is_(None)) | (Staff.hired_year <= as_of.year)),
                new_workers=count(Staff, Staff.kind == WORKER, Staff.hired_year.between(start.year, as_of.year)),
            )
        visitors, visits = self.alongside(VisitService).figures(org_id, start, as_of)
        return SitesFigures(brands=brands, visitors=visitors, visits=visits, **figures)
