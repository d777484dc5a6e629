"""Whoever may not see full ID and phone numbers learns nothing about them from other doors:
the search box, the sort order, the importer's matching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.access.permissions import Role
from app.domain.kit.errors import PermissionDenied
from app.io.members.importer import MemberImporter
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from tests.services.members.helpers import build_tree, member


@pytest.fixture
def roster(services: Services) -> dict[str, object]:
    tree = build_tree(services)
    a = services.members.create(member(tree.branch_a, "张三丰", phone="13812345678"))
    b = services.members.create(member(tree.branch_a, "李秀英", phone="13900001111", born=dt.date(1975, 3, 9),
                                       sex="女"))
    return {"a": a, "b": b}


def as_role(services: Services, role: Role) -> Services:
    other = Services(services.db, Actor("某人", role.value), services.hub)
    return other


@pytest.mark.parametrize("role", [Role.VIEWER])
def test_a_number_typed_into_the_search_box_tells_a_viewer_nothing(
        services: Services, roster: dict, role: Role) -> None:
    a = roster["a"]
    viewer = as_role(services, role)
    for typed in (a.id_number, a.id_number[:10], a.id_number[6:14], "13812345678", "1234567"):
        assert viewer.members.search_ids(MemberQuery(text=typed)) == [], typed
        assert viewer.members.count(MemberQuery(text=typed)) == 0, typed
    # Names still work for the viewer; numbers work for a worker.
    assert viewer.members.search_ids(MemberQuery(text="三丰")) == [a.id]
    worker = as_role(services, Role.WORKER)
    assert worker.members.search_ids(MemberQuery(text=a.id_number[6:14])) == [a.id]
    assert worker.members.search_ids(MemberQuery(text="13812345678")) == [a.id]


def test_a_viewer_cannot_sort_by_the_hidden_digits(services: Services, roster: dict) -> None:
    viewer = as_role(services, Role.VIEWER)
    by_phone = viewer.members.search_ids(MemberQuery(sort="phone", descending=True))
    by_id = viewer.members.search_ids(MemberQuery(sort="id", descending=True))
    assert by_phone == by_id  # the order of the masked column is the entry order, nothing more


def test_matching_on_id_numbers_is_refused_before_the_file_is_read(services: Services, roster: dict,
                                                                    tmp_path: Path) -> None:
    a = roster["a"]
    viewer = as_role(services, Role.VIEWER)
    with pytest.raises(PermissionDenied, match="不能查看完整的身份证号"):
        MemberImporter(viewer).preview(tmp_path / "not-even-there.xlsx")
    with pytest.raises(PermissionDenied):
        viewer.members.ids_by_id_number([a.id_number])
    with pytest.raises(PermissionDenied):
        viewer.members.find_by_id_number(a.id_number)
    auditor = as_role(services, Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        auditor.members.ids_by_id_number([a.id_number])
    assert as_role(services, Role.WORKER).members.ids_by_id_number([a.id_number]) == {a.id_number: a.id}
