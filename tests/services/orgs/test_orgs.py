import datetime as dt
import json

import pytest

from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office, office_org
from app.services.container import Services
from app.services.orgs.service import OrgInput


@pytest.fixture
def tree(services: Services):
    street = init_office(services, "城关街道党工委", "街道党工委")
    community = services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY, street.id))
    grid = services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, community.id))
    group = services.orgs.create(OrgInput("3号楼党小组", OrgType.GROUP, grid.id))
    return street, community, grid, group


def test_init_records_the_office(services: Services) -> None:
    row = init_office(services, " 和平社区党委 ", "社区党委")
    assert row.name == "和平社区党委" and row.org_type is OrgType.COMMUNITY
    assert office_org(services) == row
    with pytest.raises(ConflictError, match="已经有数据"):
        init_office(services, "另一个党委", "社区党委")


def test_create_rename_and_audit(services: Services, tree) -> None:
    _street, community, _grid, _group = tree
    renamed = services.orgs.rename(community.id, "和平里社区党委")
    assert services.orgs.get(community.id).name == "和平里社区党委" == renamed.name
    entries = services.audit.recent()
    last = entries[0]
    assert last.action == "修改组织" and last.actor == "测试员"
    assert json.loads(last.old_values) == {"组织全称": "和平社区党委"}
    assert json.loads(last.new_values) == {"组织全称": "和平里社区党委"}
    assert services.audit.verify().ok


def test_every_record_has_a_uuid(services: Services, tree) -> None:
    uuids = {r.uuid for r in services.orgs.list()}
    assert len(uuids) == 4 and all(len(u) == 36 for u in uuids)


def test_refusals_change_nothing(services: Services, tree) -> None:
    street, community, grid, group = tree
    before = services.orgs.list()
    audit_before = services.audit.count()
    cases = [
        (lambda: services.orgs.create(OrgInput("", OrgType.GRID_BRANCH, community.id)), ValidationError, "不能为空"),
        (lambda: services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, community.id)), ConflictError, "已有名为"),
        (lambda: services.orgs.create(OrgInput("新社区党委", OrgType.COMMUNITY, grid.id)), ValidationError, "不能设在网格党支部之下"),
        (lambda: services.orgs.move(community.id, grid.id), ConflictError, "自己或它的下级"),
        (lambda: services.orgs.move(community.id, community.id), ConflictError, "自己或它的下级"),
        (lambda: services.orgs.move(grid.id, group.id), ConflictError, "下级"),
        (lambda: services.orgs.update(grid.id, OrgInput("第一网格党支部", OrgType.COMMUNITY)), ValidationError, "不能设在社区党委之下"),
        (lambda: services.orgs.update(community.id, OrgInput("和平社区党委", OrgType.GROUP)), ValidationError, "党小组只能设在党支部"),
        (lambda: services.orgs.update(grid.id, OrgInput("第一网格党支部", OrgType.BRANCH, phone="12345")), ValidationError, "联系电话"),
        (lambda: services.orgs.close(community.id, dt.date.today(), "合并"), ConflictError, "还有未撤销的组织"),
        (lambda: services.orgs.close(group.id, dt.date.today(), "  "), ValidationError, "撤销原因"),
        (lambda: services.orgs.close(group.id, dt.date.today() + dt.timedelta(days=1), "合并"), ValidationError, "晚于今天"),
        (lambda: services.orgs.get(9999), NotFoundError, "找不到"),
    ]
    for call, kind, words in cases:
        with pytest.raises(kind) as err:
            call()
        assert words in err.value.message, err.value.message
    assert services.orgs.list() == before
    assert services.audit.count() == audit_before


def test_changing_type_must_keep_children_valid(services: Services, tree) -> None:
    _street, _community, grid, _group = tree
    with pytest.raises(ValidationError, match="3号楼党小组"):
        services.orgs.update(grid.id, OrgInput("第一网格党总支", OrgType.GENERAL_BRANCH))


def test_move_carries_the_subtree_and_orders_siblings(services: Services, tree) -> None:
    street, community, grid, group = tree
    other = services.orgs.create(OrgInput("幸福里社区党委", OrgType.COMMUNITY, street.id))
    services.orgs.move(grid.id, other.id)
    assert services.orgs.get(grid.id).parent_id == other.id
    assert services.orgs.get(group.id).parent_id == grid.id
    assert set(services.orgs.subtree_ids(other.id)) == {other.id, grid.id, group.id}
    # put 幸福里 before 和平 under the street
    services.orgs.move(other.id, street.id, before_id=community.id)
    children = [r.name for r in services.orgs.list() if r.parent_id == street.id]
    assert children == ["幸福里社区党委", "和平社区党委"]


def test_close_keeps_the_record_and_reopen_restores(services: Services, tree) -> None:
    _street, _community, grid, group = tree
    services.orgs.close(group.id, dt.date.today(), "楼栋拆迁")
    closed = services.orgs.get(group.id)
    assert closed.is_closed and closed.closed_reason == "楼栋拆迁"
    assert group.id not in {r.id for r in services.orgs.list(include_closed=False)}
    with pytest.raises(ValidationError, match="已撤销"):
        services.orgs.create(OrgInput("新党小组", OrgType.GROUP, group.id))
    # a new organisation may take a closed one's name
    services.orgs.create(OrgInput("3号楼党小组", OrgType.GROUP, grid.id))
    with pytest.raises(ConflictError, match="已有名为"):
        services.orgs.reopen(group.id)


def test_changes_are_announced_after_commit(services: Services) -> None:
    seen: list[frozenset[str]] = []
    services.hub.subscribe(seen.append)
    row = init_office(services, "和平社区党委", "社区党委")
    with pytest.raises(ValidationError):
        services.orgs.create(OrgInput("", OrgType.GRID_BRANCH, row.id))
    assert frozenset({"orgs"}) in seen
    assert len(seen) == 2  # the office org and the setting; the refused create says nothing


def test_term_end_warning(services: Services) -> None:
    row = services.orgs.create(OrgInput("老社区党委", OrgType.COMMUNITY, term_start=dt.date(2019, 1, 1),
                                        term_end=dt.date(2024, 1, 1)))
    assert row.term().expired and "应及时换届" in row.term().label
    with pytest.raises(ValidationError, match="届满日期必须晚于"):
        services.orgs.create(OrgInput("新社区党委", OrgType.COMMUNITY, term_start=dt.date(2024, 1, 1),
                                      term_end=dt.date(2023, 1, 1)))


def test_paths_name_every_organisation_from_the_top(services: Services, tree) -> None:
    street, community, grid, group = tree
    other = services.orgs.create(OrgInput("东湖社区党委", OrgType.COMMUNITY, street.id))
    twin = services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, other.id))
    services.orgs.close(twin.id, dt.date(2025, 1, 1), "网格调整")
    paths = services.orgs.paths()
    assert paths[group.id] == ("城关街道党工委", "和平社区党委", "第一网格党支部", "3号楼党小组")
    assert paths[grid.id] == ("城关街道党工委", "和平社区党委", "第一网格党支部")
    assert paths[twin.id] == ("城关街道党工委", "东湖社区党委", "第一网格党支部")  # closed ones too
    assert paths[street.id] == ("城关街道党工委",)
    assert set(paths) == {o.id for o in services.orgs.list()}
