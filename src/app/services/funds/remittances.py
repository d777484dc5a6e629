"""Dues remitted upward (党费上缴): each remittance with date, amount, receiving organisation
and receipt, listed by year, and the year's totals collected, remitted and kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from app.db.models import DuesRemittance, Organization
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ValidationError
from app.services.funds.dues import DuesService
from app.services.funds.dues_rows import DuesTotals
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select


@dataclass(frozen=True)
class RemittanceInput:
    org_id: int | None = None
    remitted_on: dt.date | None = None
    amount: object = None
    to_org: str = ""
    receipt_no: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class RemittanceRow:
    id: int
    org_id: int
    org_name: str
    remitted_on: dt.date
    amount: int
    to_org: str
    receipt_no: str
    remarks: str


class RemittanceService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def record(self, data: RemittanceInput) -> RemittanceRow:
        """The 记录上缴 form's save, checked field by field, read back as a row."""
        if data.org_id is None:
            raise ValidationError("请选择上缴党费的党组织", field="org_id")
        new_id = self.alongside(DuesService).remit(data.org_id, data.remitted_on, data.amount, data.to_org,
                                                   data.receipt_no or "", data.remarks or "")
        return self.rows_of(None, ids=[new_id])[0]

    def rows_of(self, org_id: int | None, year: int | None = None, ids: list[int] | None = None) -> list[RemittanceRow]:
        r = DuesRemittance
        where: list[ColumnElement[bool]] = [r.org_id.in_(subtree_select(org_id))] if org_id is not None else []
        if year is not None:
            where += [r.remitted_on >= dt.date(year, 1, 1), r.remitted_on <= dt.date(year, 12, 31)]
        if ids is not None:
            where.append(r.id.in_(ids))
        with self.reading() as s:
            found = s.execute(select(r, Organization.name).join(Organization, Organization.id == r.org_id)
                              .where(*where).order_by(r.remitted_on, r.id)).all()
            return [RemittanceRow(x.id, x.org_id, name, x.remitted_on, x.amount, x.to_org, x.receipt_no, x.remarks)
                    for x, name in found]

    def year_totals(self, org_id: int | None, year: int) -> DuesTotals:
        """Collected (paid for the year's months), remitted in the year, and kept (``kept``)."""
        end = min(dt.date(year, 12, 31), dt.date.today()) if year == dt.date.today().year else dt.date(year, 12, 31)
        return self.alongside(DuesService).totals(org_id, dt.date(year, 1, 1), end)
