"""The roster's search: filters, text search and sort order, all done in SQL with indexes.

The text box matches a name fragment (two Chinese characters work: substring LIKE), full
pinyin (zhangsan, as prefix or substring), initials (zsf, prefix), and fragments of the ID
number or phone number. Several words separated by spaces must all match.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.sql.elements import SQLCoreOperations

from app.db.models import Member, Organization
from app.db.models.member import FILTERED, SORTED_BY_OWN_INDEX
from app.domain.kit.errors import ValidationError
from app.domain.members import rules as member_rules
from app.domain.members.fields import FIELDS_BY_KEY
from app.domain.members.rules import ON_RECORD
from app.services.orgs.service import subtree_select


@dataclass(frozen=True)
class MemberQuery:
    org_id: int | None = None  # the organisation and everything below it; None = all
    text: str = ""
    category: str | None = None  # 党员类别
    member_type: str | None = None  # 人员类别: 正式党员 / 预备党员
    status: str | None = None  # 在册 / 已转出 / 已去世 / 已出党; None = see include_left
    include_left: bool = False  # with status None: also those who left
    age_band: str | None = None
    sex: str | None = None
    mobile: bool | None = None
    lost_contact: bool | None = None
    # 党龄 at least this many years (50: the 光荣在党50年 medal), from the full-membership date.
    party_years_min: int | None = None
    sort: str = "name"  # a member field key, or "age", "status", "left_on", "id"
    descending: bool = False
    today: dt.date | None = None  # for age bands; default today
    # Whether the text may match ID and phone numbers: the service sets it False for a user who
    # may not see them in full, so a number typed into the search box never tells it exists.
    numbers: bool = True


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"^[a-zA-Z]+$")
_ID_OR_PHONE = re.compile(r"^[0-9xX\-]+$")




def text_condition(token: str, numbers: bool = True) -> ColumnElement[bool]:
    if _CJK.search(token):
        return Member.name.contains(token, autoescape=True)
    if _LETTERS.match(token):
        low = token.lower()
        return or_(
            Member.name_pinyin.contains(low, autoescape=True),
            Member.name_initials.startswith(low, autoescape=True),
            Member.name.contains(token, autoescape=True),
        )
    if _ID_OR_PHONE.match(token):
        if not numbers:
            return Member.name.contains(token, autoescape=True)
        return or_(
            Member.id_number.contains(token.upper(), autoescape=True),
            Member.phone.contains(token, autoescape=True),
        )
    return Member.name.contains(token, autoescape=True)


def conditions(q: MemberQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.status:
        where.append(Member.status == q.status)
    elif not q.include_left:
        where.append(Member.status == ON_RECORD)
    if q.org_id is not None:
        where.append(Member.org_id.in_(subtree_select(q.org_id)))
    for token in (q.text or "").split():
        where.append(text_condition(token, q.numbers))
    if q.category:
        where.append(Member.category == q.category)
    if q.member_type:
        where.append(Member.member_type == q.member_type)
    if q.sex:
        where.append(Member.sex == q.sex)
    if q.mobile is not None:
        where.append(Member.mobile.is_(q.mobile))
    if q.lost_contact is not None:
        where.append(Member.lost_contact.is_(q.lost_contact))
    if q.party_years_min is not None:
        where.append(Member.full_on <= member_rules.full_on_or_before(q.party_years_min, q.today))
    if q.age_band:
        earliest, latest = member_rules.band_birth_range(q.age_band, q.today)
        if earliest is not None:
            where.append(Member.birth_date >= earliest)
        if latest is not None:
            where.append(Member.birth_date <= latest)
    return where


SORT_EXTRA = ("age", "party_years", "status", "left_on", "id")


def order_by(q: MemberQuery) -> list[ColumnElement]:
    key = q.sort or "name"
    desc = q.descending
    cols: list[SQLCoreOperations[Any]]
    if key == "name":
        cols = [Member.name_pinyin, Member.name]
    elif key == "age":  # older first when ascending by age means later birth dates first
        cols, desc = [Member.birth_date], not desc
    elif key == "party_years":  # 党龄 from the full-membership date: longer first is earlier dates
        cols, desc = [Member.full_on], not desc
    elif key == "org_id":
        cols = [select(Organization.name).where(Organization.id == Member.org_id).scalar_subquery()]
    elif key in FIELDS_BY_KEY or key in SORT_EXTRA:
        cols = [getattr(Member, key)]
    else:
        raise ValidationError(f"无法按“{key}”排序", field="排序")
    # Empty dates first going up and last going down, on every engine (SQLite's own order; a
    # server would put them the other way round).
    ordered: list[ColumnElement[Any]] = [
        (c.desc().nulls_last() if desc else c.asc().nulls_first()) if _nullable(c)
        else c.desc() if desc else c.asc() for c in cols]
    ordered.append(Member.id.desc() if desc else Member.id.asc())
    return ordered


_NULLABLE = frozenset(c.name for c in Member.__table__.columns if c.nullable)


def _nullable(column: object) -> bool:
    return getattr(column, "key", None) in _NULLABLE and getattr(column, "class_", None) is Member


# Which index answers a query best (see db/models/member.py): the search box reads the
# columns carried by the name index; otherwise the index already in the wanted order.
SORT_INDEX = {"name": "ix_members_by_name", "birth_date": "ix_members_by_birth", "age": "ix_members_by_birth",
              "joined_on": "ix_members_by_joined", "org_id": "ix_members_by_org",
              "full_on": "ix_members_by_full_on", "party_years": "ix_members_by_full_on"}
# The other columns of the roster table: an index (status, column, id, filters) each, read in
# order for the whole county.
OWN_INDEX = {column: f"ix_members_by_{column}" for column in SORTED_BY_OWN_INDEX}
# For a sort no index keeps in order, SQLite must sort anyway: it should then read a narrow index
# that carries every column the query needs (filters and sort column) rather than look up each
# wide row from an index, which costs twice a plain scan of the table. (ix_members_figures
# carries education and ethnicity too, but a sort by either read from it measured slower than
# from the table: 105–114 ms against 88–95 ms.)
COVERING = {
    "ix_members_by_org": frozenset({"status", "org_id", "id", *FILTERED, "birth_date"}),
    "ix_members_by_name": frozenset({"status", "name_pinyin", "name", "id", *FILTERED, "birth_date",
                                     "name_initials", "id_number", "phone"}),
}
_SORT_COLUMN = {"age": "birth_date"}


def _sqlite_from_hint(self, table, text):
    return text


# SQLAlchemy renders table hints only for dialects that declare them; SQLite's table hint is
# "INDEXED BY <index>", written right after the table name, which is what this returns.
# Only statements built with .with_hint(..., "sqlite") are affected.
SQLiteCompiler.get_from_hint_text = _sqlite_from_hint  # type: ignore[method-assign]


def index_for(q: MemberQuery) -> str | None:
    """The table hint (INDEXED BY …, NOT INDEXED) for the query's id list, or None."""
    if (q.text or "").strip():
        return "INDEXED BY ix_members_by_name"  # carries every column the search box reads
    if q.party_years_min is not None and (q.status or not q.include_left):
        return "INDEXED BY ix_members_by_full_on"  # a range of full-membership dates, then sorted
    if q.sort in SORT_INDEX:
        # In order when the status is fixed; across several statuses still the narrowest read.
        return f"INDEXED BY {SORT_INDEX[q.sort]}"
    if q.org_id is not None:
        # Part of the county: the subtree's members found by organisation and then sorted cost
        # in proportion to the subtree; an index in the wanted order would be read whole. With
        # every status, SQLite finds them by organisation on its own.
        return "INDEXED BY ix_members_by_org" if q.status or not q.include_left else None
    column = _SORT_COLUMN.get(q.sort, q.sort)
    if column in OWN_INDEX:
        return f"INDEXED BY {OWN_INDEX[column]}"
    for index, columns in COVERING.items():
        if column in columns:
            return f"INDEXED BY {index}"  # narrow, though SQLite still sorts
    return "NOT INDEXED"


def org_counts_select(q: MemberQuery) -> Select:
    """How many of the query's members each organisation has, in organisation id order (the
    order ``id_select`` gives for sort="org_id")."""
    stmt = select(Member.org_id, func.count()).where(and_(True, *conditions(q))).group_by(
        Member.org_id).order_by(Member.org_id)
    hint = index_for(q)
    return stmt.with_hint(Member, hint, "sqlite") if hint else stmt


def id_select(q: MemberQuery) -> Select:
    """The ids in the query's order. Sorting by organisation orders by org id here; the
    service puts the organisations in name order (see MemberService.search_ids)."""
    if q.sort == "org_id":
        stmt = select(Member.id).where(and_(True, *conditions(q))).order_by(Member.org_id, Member.id)
    else:
        stmt = select(Member.id).where(and_(True, *conditions(q))).order_by(*order_by(q))
    hint = index_for(q)
    if hint:
        stmt = stmt.with_hint(Member, hint, "sqlite")
    return stmt
