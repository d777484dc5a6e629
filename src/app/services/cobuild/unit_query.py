"""The unit list's search: filters, text search and sort order, in SQL.

The text box matches a fragment of the name (Chinese), of its pinyin or initials (rmyy for
人民医院), of the Party organisation's name, or of the 统一社会信用代码. Several words separated by
spaces must all match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.db.models import Organization, Unit, UnitMember
from app.domain.cobuild.fields import UNIT_SPEC
from app.domain.cobuild.units import IN_AREA, LEFT
from app.domain.kit.errors import ValidationError
from app.services.kit.records import AnySelect
from app.services.orgs.service import subtree_select

ALL = "全部"


@dataclass(frozen=True)
class UnitQuery:
    org_id: int | None = None  # the organisation and everything below it; None = all
    text: str = ""
    unit_type: str | None = None
    status: str = IN_AREA  # 在区 / 已迁出 / 全部
    party_org_type: str | None = None
    on_council: bool | None = None
    sort: str = "name"  # a unit field key, or "status", "member_count", "id"
    descending: bool = False


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"^[a-zA-Z]+$")
_CODE = re.compile(r"^[0-9A-Za-z\-]+$")


def text_condition(token: str) -> ColumnElement[bool]:
    if _CJK.search(token):
        return or_(Unit.name.contains(token, autoescape=True),
                   Unit.party_org_name.contains(token, autoescape=True))
    if _LETTERS.match(token):
        low = token.lower()
        return or_(Unit.name_pinyin.contains(low, autoescape=True),
                   Unit.name_initials.contains(low, autoescape=True),
                   Unit.credit_code.contains(token.upper(), autoescape=True),
                   Unit.name.contains(token, autoescape=True))
    if _CODE.match(token):
        return or_(Unit.credit_code.contains(token.upper().replace("-", ""), autoescape=True),
                   Unit.name.contains(token, autoescape=True))
    return Unit.name.contains(token, autoescape=True)


def conditions(q: UnitQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.status == IN_AREA:
        where.append(Unit.left_on.is_(None))
    elif q.status == LEFT:
        where.append(Unit.left_on.is_not(None))
    elif q.status != ALL:
        raise ValidationError(f"单位状态“{q.status}”无法识别，可选：{IN_AREA}、{LEFT}、{ALL}", field="状态")
    if q.org_id is not None:
        where.append(Unit.org_id.in_(subtree_select(q.org_id)))
    for token in (q.text or "").split():
        where.append(text_condition(token))
    if q.unit_type:
        where.append(Unit.unit_type == q.unit_type)
    if q.party_org_type:
        where.append(Unit.party_org_type == q.party_org_type)
    if q.on_council is not None:
        where.append(Unit.on_council.is_(q.on_council))
    return where


def member_count_column() -> Any:
    return (select(func.count()).select_from(UnitMember).where(UnitMember.unit_id == Unit.id)
            .scalar_subquery())


def order_by(q: UnitQuery) -> list[Any]:
    key = q.sort or "name"
    cols: list[Any]
    if key == "name":
        cols = [Unit.name_pinyin, Unit.name]
    elif key == "org_id":
        cols = [select(Organization.name).where(Organization.id == Unit.org_id).scalar_subquery()]
    elif key == "status":
        cols = [Unit.left_on.is_not(None)]
    elif key == "member_count":
        cols = [member_count_column()]
    elif key in UNIT_SPEC.by_key or key == "id":
        cols = [getattr(Unit, key)]
    else:
        raise ValidationError(f"无法按“{key}”排序", field="排序")
    ordered = [c.desc() if q.descending else c.asc() for c in cols]
    ordered.append(Unit.id.desc() if q.descending else Unit.id.asc())
    return ordered


def id_select(q: UnitQuery) -> AnySelect:
    return select(Unit.id).where(and_(True, *conditions(q))).order_by(*order_by(q))


def count_select(q: UnitQuery) -> AnySelect:
    return select(func.count()).select_from(Unit).where(and_(True, *conditions(q)))
