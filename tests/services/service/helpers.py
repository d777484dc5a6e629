"""A community with a unit, in-service members reporting in, and volunteers, for the volunteer
service tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from app.domain.kit.idcard import make_id
from app.services.container import Services
from app.services.service.rows import RecordInput, ReportInput, VolunteerInput
from tests.services.cobuild.helpers import Tree, build_tree, in_service, unit

_seq = itertools.count(1)
DAY = dt.date.today() - dt.timedelta(days=10)


def resident_id() -> str:
    return make_id("370102", dt.date(1960, 1, 1) + dt.timedelta(days=next(_seq) * 37), "女",
                   sequence=next(_seq) % 400 * 2)


@dataclass(frozen=True)
class Place:
    tree: Tree
    unit_id: int
    member_ids: tuple[int, ...]  # in-service members, reported in from the unit
    volunteer_ids: tuple[int, ...]  # their volunteer records
    resident_id: int  # a volunteer who is not a Party member


def build_place(services: Services, members: int = 2) -> Place:
    tree = build_tree(services)
    unit_id = services.units.create(unit(tree.community, "青山县人民医院")).id
    member_ids, volunteer_ids = [], []
    for i in range(members):
        mid = in_service(services, tree.branch_a, f"李{'一二三四五六七八九'[i]}", work_unit="青山县人民医院")
        services.reports.report_in(ReportInput(member_id=mid, unit_id=unit_id, org_id=tree.community,
                                               reported_on=dt.date(DAY.year, 1, 1) if DAY.month > 1 else DAY,
                                               slip_no=f"BD{i + 1:03d}"))
        member_ids.append(mid)
        volunteer_ids.append(services.volunteers.for_member(mid).id)
    resident = services.volunteers.create(VolunteerInput(name="王阿姨", org_id=tree.community,
                                                         id_number=resident_id(), phone="13912345678"))
    return Place(tree, unit_id, tuple(member_ids), tuple(volunteer_ids), resident.id)


def record(place: Place, volunteer_id: int | None = None, *, day: dt.date = DAY, start: str = "9:00",
           end: str = "11:00", hours: object = None, content: str = "入户走访独居老人", **extra: object) -> RecordInput:
    return RecordInput(volunteer_id=volunteer_id or place.volunteer_ids[0], org_id=place.tree.community,
                       served_on=day, content=content, start_time=start, end_time=end, hours=hours,
                       **extra)  # type: ignore[arg-type]
