"""The agreement list's search, and the status of an agreement computed in SQL.

The status follows app.domain.cobuild.agreements.agreement_status exactly (a test compares
the two on every combination of dates): it depends on the day it is read and on the warning
period (a setting), so it is worked out in the query rather than stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from app.db.models import Agreement, AgreementFile, Commitment, Organization, Unit
from app.domain.cobuild.agreement_fields import AGREEMENT_SPEC
from app.domain.cobuild.agreements import Status
from app.domain.kit.errors import ValidationError
from app.services.kit.records import AnySelect
from app.services.orgs.service import subtree_select


@dataclass(frozen=True)
class AgreementQuery:
    org_id: int | None = None  # 甲方 in this organisation's subtree
    unit_id: int | None = None
    status: str | None = None  # one of Status; None: every status
    text: str = ""  # number, unit name or the unit's Party organisation
    sort: str = "ends_on"  # a field key, or "status", "unit_name", "id"
    descending: bool = False


def status_expr(today: dt.date, warn_days: int) -> Any:
    ending = today + dt.timedelta(days=warn_days)
    return case(
        (and_(Agreement.terminated_on.is_not(None), Agreement.terminated_on <= today), literal(Status.TERMINATED.value)),
        (Agreement.signed_on.is_(None), literal(Status.DRAFT.value)),
        (Agreement.ends_on < today, literal(Status.EXPIRED.value)),
        (Agreement.ends_on <= ending, literal(Status.ENDING.value)),
        else_=literal(Status.IN_FORCE.value),
    )


def in_force_condition(on: dt.date) -> ColumnElement[bool]:
    """Signed by ``on``, within its term then, not terminated by then (for figures and checks)."""
    return and_(Agreement.signed_on.is_not(None), Agreement.signed_on <= on, Agreement.starts_on <= on,
                Agreement.ends_on >= on,
                or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > on))


_CODE = re.compile(r"^[0-9A-Za-z\-〔〕\[\]()（）号第]+$")


def conditions(q: AgreementQuery, today: dt.date, warn_days: int) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.org_id is not None:
        where.append(Agreement.org_id.in_(subtree_select(q.org_id)))
    if q.unit_id is not None:
        where.append(Agreement.unit_id == q.unit_id)
    if q.status:
        if q.status not in {s.value for s in Status}:
            raise ValidationError(f"协议状态“{q.status}”无法识别，可选：{'、'.join(s.value for s in Status)}",
                                  field="状态")
        where.append(status_expr(today, warn_days) == q.status)
    unit_name = select(Unit.name).where(Unit.id == Agreement.unit_id).scalar_subquery()
    for token in (q.text or "").split():
        if _CODE.match(token):
            where.append(or_(Agreement.number.contains(token, autoescape=True),
                             unit_name.contains(token, autoescape=True)))
        else:
            where.append(or_(unit_name.contains(token, autoescape=True),
                             Agreement.unit_party_org.contains(token, autoescape=True),
                             Agreement.number.contains(token, autoescape=True)))
    return where


def order_by(q: AgreementQuery, today: dt.date, warn_days: int) -> list[Any]:
    key = q.sort or "ends_on"
    cols: list[Any]
    if key == "status":
        cols = [status_expr(today, warn_days)]
    elif key == "unit_name" or key == "unit_id":
        cols = [select(Unit.name_pinyin).where(Unit.id == Agreement.unit_id).scalar_subquery()]
    elif key == "org_id":
        cols = [select(Organization.name).where(Organization.id == Agreement.org_id).scalar_subquery()]
    elif key in AGREEMENT_SPEC.by_key or key == "id":
        cols = [getattr(Agreement, key)]
    else:
        raise ValidationError(f"无法按“{key}”排序", field="排序")
    ordered = [c.desc() if q.descending else c.asc() for c in cols]
    ordered.append(Agreement.id.desc() if q.descending else Agreement.id.asc())
    return ordered


def id_select(q: AgreementQuery, today: dt.date, warn_days: int) -> AnySelect:
    return (select(Agreement.id).where(and_(True, *conditions(q, today, warn_days)))
            .order_by(*order_by(q, today, warn_days)))


def count_select(q: AgreementQuery, today: dt.date, warn_days: int) -> AnySelect:
    return select(func.count()).select_from(Agreement).where(and_(True, *conditions(q, today, warn_days)))


def rows_select(ids: list[int], today: dt.date, warn_days: int) -> AnySelect:
    """Each agreement with its parties' names, status, renewal and counts."""
    successor = aliased(Agreement)
    items = select(func.count()).select_from(Commitment).where(Commitment.agreement_id == Agreement.id)
    done = items.where(Commitment.done_on.is_not(None))
    files = select(func.count()).select_from(AgreementFile).where(AgreementFile.agreement_id == Agreement.id)
    return (select(Agreement, Organization.name, Unit.name, status_expr(today, warn_days),
                   select(successor.id).where(successor.previous_id == Agreement.id).scalar_subquery(),
                   items.scalar_subquery(), done.scalar_subquery(), files.scalar_subquery())
            .join(Organization, Organization.id == Agreement.org_id)
            .join(Unit, Unit.id == Agreement.unit_id)
            .where(Agreement.id.in_(ids)))
