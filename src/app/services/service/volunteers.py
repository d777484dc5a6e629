"""Volunteers (志愿者): roster members and residents who are not Party members, kept as people
with a name, an ID number and a phone (masked like members'), and who among them is one of the
两代表一委员. A member who serves gets a volunteer record of their own once, on first need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.masking import mask_id
from app.domain.kit.pinyin import name_keys
from app.domain.members.rules import ON_RECORD
from app.domain.service.fields import VOLUNTEER_SPEC
from app.services.cobuild.people import check_refs
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.service.rows import PersonChoice, VolunteerInput, VolunteerQuery, VolunteerRow

CHANGE = VOLUNTEER_SPEC.change
ON_ROLL = ON_RECORD  # members who left are not offered


def name_match(column_name: Any, column_pinyin: Any, column_initials: Any, token: str) -> ColumnElement[bool]:
    """A search word against a name: the characters anywhere, pinyin or initials from the start."""
    low = token.lower()
    return or_(column_name.contains(token, autoescape=True), column_pinyin.startswith(low, autoescape=True),
               column_initials.startswith(low, autoescape=True))


def volunteer_for_member(s: Session, member: Member) -> Volunteer:
    """The member's volunteer record, made (from the roster's name, ID and phone) if need be."""
    found = s.scalar(select(Volunteer).where(Volunteer.member_id == member.id))
    if found is not None:
        return found
    same_id = s.scalar(select(Volunteer).where(Volunteer.id_number == member.id_number))
    if same_id is not None:  # registered as a resident first, joined the Party since
        same_id.member_id, same_id.name = member.id, member.name
        return same_id
    pinyin, initials = name_keys(member.name)
    v = Volunteer(name=member.name, org_id=member.org_id, member_id=member.id, id_number=member.id_number,
                  phone=member.phone, name_pinyin=pinyin, name_initials=initials)
    s.add(v)
    s.flush()
    return v


def people_by_key(s: Session, keys: Sequence[int]) -> dict[int, Volunteer]:
    """The volunteers that ``keys`` name (app.services.service.rows.PersonChoice: a volunteer's id,
    or minus a roster member's id; such a member gets a volunteer record of their own here)."""
    wanted = [k for k in keys if k > 0]
    found: dict[int, Volunteer] = {v.id: v for v in s.scalars(select(Volunteer).where(Volunteer.id.in_(wanted)))}
    for key in dict.fromkeys(keys):
        if key > 0 and key not in found:
            raise ValidationError(f"找不到编号为{key}的志愿者，请刷新后重选", field="volunteer_id")
        if key < 0:
            member = s.get(Member, -key)
            if member is None or member.status != ON_ROLL:
                raise ValidationError(f"找不到编号为{-key}的在册党员，请刷新后重选", field="volunteer_id")
            found[key] = volunteer_for_member(s, member)
        elif key == 0:
            raise ValidationError("请选择志愿者或党员", field="volunteer_id")
    return found


class VolunteerService(RecordService[VolunteerRow]):
    spec = VOLUNTEER_SPEC
    model = Volunteer
    row_type = VolunteerRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def _rows_select(self, ids: list[int]) -> AnySelect:
        return (select(Volunteer, Organization.name, func.coalesce(Member.category, ""))
                .join(Organization, Organization.id == Volunteer.org_id)
                .outerjoin(Member, Member.id == Volunteer.member_id).where(Volunteer.id.in_(ids)))

    def search_ids(self, query: VolunteerQuery) -> list[int]:
        where: list[ColumnElement[bool]] = []
        if query.org_id is not None:
            where.append(Volunteer.org_id.in_(subtree_select(query.org_id)))
        if query.members is not None:
            where.append(Volunteer.member_id.is_not(None) if query.members else Volunteer.member_id.is_(None))
        for token in query.text.split():
            where.append(or_(name_match(Volunteer.name, Volunteer.name_pinyin, Volunteer.name_initials, token),
                             Volunteer.id_number == token.upper()))
        order = [Volunteer.name_pinyin.desc(), Volunteer.id.desc()] if query.descending else [
            Volunteer.name_pinyin, Volunteer.id]
        stmt = select(Volunteer.id).where(and_(True, *where)).order_by(*order)
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, stmt)]

    def for_member(self, member_id: int) -> VolunteerRow:
        """The member's volunteer record (made on first need)."""
        with self.writing(CHANGE) as s:
            member = s.get(Member, member_id)
            if member is None:
                raise ValidationError(f"找不到编号为{member_id}的党员，请刷新后重选", field="member_id")
            vid = volunteer_for_member(s, member).id
        return self.get(vid)

    def match(self, id_numbers: Iterable[str], names: Iterable[str]) -> tuple[dict[str, int], dict[str, list[tuple[int, str]]]]:
        """For an import: ID number → volunteer id, and name → [(id, masked ID)] of everyone of
        that name (a roster member without a volunteer record yet counts, by a negative id)."""
        ids = sorted({i for i in id_numbers if i})
        wanted = sorted({n for n in names if n})
        by_id: dict[str, int] = {}
        by_name: dict[str, list[tuple[int, str]]] = {}
        with self.reading() as s:
            for start in range(0, max(len(ids), len(wanted)), 500):
                chunk_ids, chunk_names = ids[start:start + 500], wanted[start:start + 500]
                for number, vid in s.execute(select(Volunteer.id_number, Volunteer.id)
                                             .where(Volunteer.id_number.in_(chunk_ids))):
                    by_id[number] = vid
                for number, mid in s.execute(select(Member.id_number, Member.id).where(
                        Member.id_number.in_(chunk_ids), Member.id.not_in(_linked()))):
                    by_id.setdefault(number, -mid)
                for name, vid, number in s.execute(select(Volunteer.name, Volunteer.id, Volunteer.id_number)
                                                   .where(Volunteer.name.in_(chunk_names))):
                    by_name.setdefault(name, []).append((vid, mask_id(number) if number else ""))
                for name, mid, number in s.execute(select(Member.name, Member.id, Member.id_number).where(
                        Member.name.in_(chunk_names), Member.id.not_in(_linked()))):
                    by_name.setdefault(name, []).append((-mid, mask_id(number)))
        return by_id, by_name

    def choices(self, org_id: int | None, text: str = "", limit: int = 500) -> list[PersonChoice]:
        """Who may join a team or claim a post in the organisation's subtree: its volunteers, then the
        roster members on record without a volunteer record yet; by name, at most ``limit`` of each."""
        vq, mq = select(Volunteer.id, Volunteer.name, func.coalesce(Member.category, ""), Volunteer.id_number,
                        Organization.name), select(Member.id, Member.name, Member.category, Member.id_number,
                                                   Organization.name)
        vq = (vq.join(Organization, Organization.id == Volunteer.org_id)
              .outerjoin(Member, Member.id == Volunteer.member_id).order_by(Volunteer.name_pinyin, Volunteer.id))
        mq = (mq.join(Organization, Organization.id == Member.org_id)
              .where(Member.status == ON_ROLL, Member.id.not_in(_linked())).order_by(Member.name_pinyin, Member.id))
        if org_id is not None:
            vq = vq.where(Volunteer.org_id.in_(subtree_select(org_id)))
            mq = mq.where(Member.org_id.in_(subtree_select(org_id)))
        for token in text.split():
            vq = vq.where(name_match(Volunteer.name, Volunteer.name_pinyin, Volunteer.name_initials, token))
            mq = mq.where(name_match(Member.name, Member.name_pinyin, Member.name_initials, token))
        with self.reading() as s:
            people = [PersonChoice(i, n, c, mask_id(num) if num else "", o)
                      for i, n, c, num, o in s.execute(vq.limit(limit))]
            people += [PersonChoice(-i, n, c or "党员", mask_id(num) if num else "", o)
                       for i, n, c, num, o in s.execute(mq.limit(limit))]
        return people

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: VolunteerInput) -> VolunteerRow:
        with self.writing(CHANGE) as s:
            values = self._valid(s, data, None)
            vid = self._insert(s, values).id
        return self.get(vid)

    def update(self, volunteer_id: int, data: VolunteerInput, version: int | None = None) -> VolunteerRow:
        with self.writing(CHANGE) as s:
            v = self._load(s, volunteer_id)
            versions.check(v, version)
            self._update(s, v, self._valid(s, data, v))
        return self.get(volunteer_id)

    def _valid(self, s: Session, data: VolunteerInput, current: Volunteer | None) -> dict[str, Any]:
        values = VOLUNTEER_SPEC.checked(asdict(data))
        check_refs(s, VOLUNTEER_SPEC, values, current=current)
        if values["member_id"] is not None:
            member = s.get(Member, values["member_id"])
            assert member is not None  # check_refs found it
            if values["id_number"] and values["id_number"] != member.id_number:
                raise ValidationError(f"{VOLUNTEER_SPEC.who(values)}：身份证号与党员名册不一致，请核对",
                                      field="id_number")
            values["id_number"] = member.id_number
            taken = s.scalar(select(Volunteer.id).where(Volunteer.member_id == member.id))
            if taken is not None and (current is None or taken != current.id):
                raise ConflictError(f"党员“{member.name}”已登记为志愿者，不能重复登记", field="member_id")
        if values["id_number"]:
            taken = s.scalar(select(Volunteer.id).where(Volunteer.id_number == values["id_number"]))
            if taken is not None and (current is None or taken != current.id):
                raise ConflictError(f"身份证号{mask_id(values['id_number'])}已登记为志愿者，不能重复登记",
                                    field="id_number")
        values["name_pinyin"], values["name_initials"] = name_keys(values["name"])
        return values


def _linked() -> Any:
    return select(Volunteer.member_id).where(Volunteer.member_id.is_not(None))
