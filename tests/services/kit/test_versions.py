"""Two clerks editing the same record: the second save, made from what was on screen before the
first one saved, is refused naming who changed it and when; nothing is overwritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from app.services.container import Services
from app.services.kit.base import Actor
from app.services.kit.versions import StaleRecord, stale_message
from app.services.members.query import MemberQuery
from tests.services.members.helpers import Tree, build_tree, member


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


@pytest.fixture
def second_pc(services: Services) -> Iterator[Services]:
    """The same ledger opened again, by another clerk (on a server: another PC)."""
    other = Services.open(services.db.url if services.db.is_server else services.db.path,  # type: ignore[arg-type]
                          Actor("lisi", "党务工作者"))
    yield other
    other.close()


def _clock(row_time: dt.datetime | None) -> str:
    assert row_time is not None
    return f"{row_time.replace(tzinfo=dt.UTC).astimezone():%H:%M}"


def test_a_member_changed_meanwhile_is_not_overwritten(services: Services, second_pc: Services, tree: Tree) -> None:
    on_my_screen = services.members.create(member(tree.branch_a, "张三丰"))
    on_theirs = second_pc.members.get(on_my_screen.id)
    saved = second_pc.members.update(on_theirs.id, replace(on_theirs.as_input(), phone="13900001111"),
                                     version=on_theirs.version)
    assert saved.version == on_theirs.version + 1
    trail = services.audit.count()

    with pytest.raises(StaleRecord) as refused:
        services.members.update(on_my_screen.id, replace(on_my_screen.as_input(), address="幸福路8号"),
                                version=on_my_screen.version)
    assert refused.value.message == f"该记录已被lisi于 {_clock(saved.updated_at)} 修改，请刷新后再改"
    now = services.members.get(on_my_screen.id)
    assert (now.phone, now.address, now.version) == ("13900001111", "", saved.version)
    assert services.audit.count() == trail  # nothing recorded: nothing was saved

    # After refreshing, the save goes through and keeps the other clerk's change.
    again = services.members.update(now.id, replace(now.as_input(), address="幸福路8号"), version=now.version)
    assert (again.phone, again.address) == ("13900001111", "幸福路8号")


def test_an_event_recorded_meanwhile_also_counts_as_a_change(services: Services, second_pc: Services,
                                                             tree: Tree) -> None:
    row = services.members.create(member(tree.branch_a, "李建国"))
    second_pc.members.add_event(row.id, "外出流动", dt.date(2026, 3, 1), "深圳市南山区")
    with pytest.raises(StaleRecord, match="该记录已被lisi于"):
        services.members.update(row.id, replace(row.as_input(), remarks="补记"), version=row.version)
    assert services.members.get(row.id).mobile is True


def test_an_organisation_changed_meanwhile_is_not_overwritten(services: Services, second_pc: Services,
                                                              tree: Tree) -> None:
    mine = services.orgs.get(tree.branch_a)
    theirs = second_pc.orgs.get(tree.branch_a)
    second_pc.orgs.update(theirs.id, replace(theirs.as_input(), secretary="王书记"), version=theirs.version)
    with pytest.raises(StaleRecord) as refused:
        services.orgs.update(mine.id, replace(mine.as_input(), phone="0531-88886666"), version=mine.version)
    assert refused.value.message.startswith("该记录已被lisi于 ") and refused.value.message.endswith("修改，请刷新后再改")
    fresh = services.orgs.get(tree.branch_a)
    assert (fresh.secretary, fresh.phone) == ("王书记", "")
    services.orgs.update(fresh.id, replace(fresh.as_input(), phone="0531-88886666"), version=fresh.version)
    assert services.orgs.get(tree.branch_a).phone == "0531-88886666"


def test_saving_an_unchanged_copy_twice_is_refused_the_second_time(services: Services, tree: Tree) -> None:
    row = services.members.create(member(tree.branch_a, "王建华", sex="女"))
    services.members.update(row.id, replace(row.as_input(), grid="三网格"), version=row.version)
    with pytest.raises(StaleRecord, match="该记录已被测试员于"):
        services.members.update(row.id, replace(row.as_input(), grid="四网格"), version=row.version)


def test_imports_and_bulk_additions_carry_versions(services: Services, tree: Tree) -> None:
    ids = services.members.bulk_create([member(tree.branch_a, "赵一"), member(tree.branch_b, "钱二")])
    rows = services.members.rows(ids)
    assert [r.version for r in rows] == [1, 1]
    services.members.import_batch([], [(rows[0].id, replace(rows[0].as_input(), post="楼长"))])
    assert services.members.get(rows[0].id).version == 2
    assert services.members.count(MemberQuery()) == 2


def test_the_sentence_names_the_day_when_it_was_not_today() -> None:
    when = dt.datetime(2026, 7, 1, 2, 42)  # stored in UTC
    local = when.replace(tzinfo=dt.UTC).astimezone()
    assert stale_message("lisi", when, today=local.date()) == f"该记录已被lisi于 {local:%H:%M} 修改，请刷新后再改"
    assert stale_message("lisi", when, today=local.date() + dt.timedelta(days=1)) == (
        f"该记录已被lisi于 {local:%Y-%m-%d %H:%M} 修改，请刷新后再改")
    assert stale_message("", None) == "该记录已被其他用户修改，请刷新后再改"
