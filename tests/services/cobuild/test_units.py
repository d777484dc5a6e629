"""Units in the area: cleaning and refusals, duplicates, search, leaving, members reporting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.kit.errors import ConflictError, PermissionDenied, ValidationError
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services
from app.services.kit.base import Actor
from tests.services.cobuild.helpers import Tree, build_tree, code, in_service, unit


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def test_create_cleans_the_code_derives_the_type_and_reads_the_name_as_words(services: Services, tree: Tree) -> None:
    c = code("1", "1")
    row = services.units.create(unit(tree.community, "  解放路\u200b街道 办事处 ", credit_code=c.lower(),
                                     unit_type="", phone="139 5311 2345"))
    assert row.name == "解放路街道 办事处"
    assert row.credit_code == c
    assert row.unit_type == "机关"  # 11…: 机构编制 registered 机关
    assert row.name_pinyin.startswith("jiefang") and row.name_initials.startswith("jfl")
    assert row.phone == "13953112345" and row.org_name == "和平社区党委"
    assert row.status == "在区" and row.member_count == 0


@pytest.mark.parametrize(("changes", "words"), [
    ({"credit_code": "91350100M000100Y4"}, "应为18位"),
    ({"credit_code": "91350100M000100Y44"}, "校验位"),
    ({"credit_code": "9135O100M000100Y43"}, "第5位不能是字母O"),
    ({"name": ""}, "单位名称不能为空"),
    ({"name": "某" * 61}, "过长"),
    ({"unit_type": "外星机构"}, "单位类型“外星机构”无法识别"),
    ({"party_org_type": "未建", "party_org_name": "某党支部"}, "党组织类型为“未建”"),
    ({"party_members": -3}, "党员人数"),
    ({"phone": "12345"}, "联系电话“12345”格式不对"),
    ({"left_on": dt.date.today() + dt.timedelta(days=3)}, "迁出日期"),
])
def test_each_rule_refuses_naming_the_unit_and_field(services: Services, tree: Tree, changes: dict,
                                                     words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.units.create(unit(tree.community, **{"name": "青山县人民医院", **changes}))
    assert words in exc.value.message
    assert exc.value.message.startswith("驻区单位")
    assert services.units.count_all() == 0


def test_the_credit_code_may_be_left_empty(services: Services, tree: Tree) -> None:
    a = services.units.create(unit(tree.community, "城关菜市场", credit_code=""))
    b = services.units.create(unit(tree.community, "老街理发店", credit_code=""))
    assert a.credit_code == b.credit_code == ""


def test_company_forms_of_a_business_extract_are_read(services: Services, tree: Tree) -> None:
    state = services.units.create(unit(tree.community, "青山城投", unit_type="有限责任公司（国有独资）"))
    private = services.units.create(unit(tree.community, "好又多超市", unit_type="有限责任公司(自然人投资或控股)"))
    shop = services.units.create(unit(tree.community, "老王面馆", unit_type="个体工商户"))
    assert (state.unit_type, private.unit_type, shop.unit_type) == ("国有企业", "非公企业", "非公企业")


def test_one_unit_per_code_and_one_name_per_community(services: Services, tree: Tree) -> None:
    first = services.units.create(unit(tree.community, "青山县人民医院"))
    with pytest.raises(ConflictError, match="已登记为驻区单位“青山县人民医院”"):
        services.units.create(unit(tree.community, "县医院", credit_code=first.credit_code))
    with pytest.raises(ConflictError, match="本社区已登记名为“青山县人民医院”"):
        services.units.create(unit(tree.community, "青山县人民医院"))
    other = services.units.create(unit(tree.other_community, "青山县人民医院"))
    assert other.org_id == tree.other_community
    services.units.leave(first.id, dt.date.today(), "整体搬迁")
    again = services.units.create(unit(tree.community, "青山县人民医院"))
    assert again.id != first.id


def test_update_is_audited_with_old_and_new_and_phones_masked(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.community, "青山县税务局"))
    services.units.update(row.id, replace(row.as_input(), party_members=30, phone="13800001111"))
    entry = services.audit.recent(1)[0]
    assert entry.action == "修改驻区单位" and "青山县税务局" in entry.summary
    assert "30" in entry.new_values and "13800001111" not in entry.new_values
    assert "13953112345" not in entry.old_values
    assert services.audit.verify().ok


def test_leaving_keeps_the_record_and_can_be_undone(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.community, "青山县粮食局"))
    with pytest.raises(ValidationError, match="晚于今天"):
        services.units.leave(row.id, dt.date.today() + dt.timedelta(days=1))
    left = services.units.leave(row.id, dt.date(2025, 3, 1), "机构改革撤并")
    assert left.status == "已迁出" and left.left_reason == "机构改革撤并"
    with pytest.raises(ConflictError, match="已于2025年3月1日迁出"):
        services.units.leave(row.id, dt.date(2025, 4, 1))
    assert services.units.search_ids(UnitQuery()) == []
    assert services.units.search_ids(UnitQuery(status="已迁出")) == [row.id]
    assert services.units.restore(row.id).status == "在区"


def test_search_by_name_pinyin_initials_code_and_filters(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院", on_council=True, party_members=200))
    school = services.units.create(unit(tree.community, "青山县实验小学", party_members=40))
    shop = services.units.create(unit(tree.other_community, "东湖超市", unit_type="非公企业", credit_code="",
                                      party_org_type="未建", party_org_name="", secretary="", party_members=1))
    ids = services.units.search_ids
    assert ids(UnitQuery(text="医院")) == [hospital.id]
    assert ids(UnitQuery(text="rmyy")) == [hospital.id]
    assert ids(UnitQuery(text="shiyan")) == [school.id]
    assert ids(UnitQuery(text=hospital.credit_code[4:12].lower())) == [hospital.id]
    assert ids(UnitQuery(text="青山 小学")) == [school.id]
    assert ids(UnitQuery(unit_type="非公企业")) == [shop.id]
    assert ids(UnitQuery(on_council=True)) == [hospital.id]
    assert ids(UnitQuery(party_org_type="未建")) == [shop.id]
    assert ids(UnitQuery(org_id=tree.community)) == [hospital.id, school.id]
    assert ids(UnitQuery(org_id=tree.street)) == [shop.id, hospital.id, school.id]  # 东湖 dong… first
    assert ids(UnitQuery(sort="party_members", descending=True)) == [hospital.id, school.id, shop.id]
    assert services.units.count(UnitQuery(org_id=tree.community)) == 2
    assert ids(UnitQuery(text="%")) == [] and ids(UnitQuery(text="_")) == []
    with pytest.raises(ValidationError, match="无法按"):
        ids(UnitQuery(sort="name; DROP TABLE units"))


def test_an_organisation_with_units_in_its_area_cannot_close(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.other_community, "东湖小学"))
    services.orgs.close(tree.other_branch, dt.date.today(), "合并")
    with pytest.raises(ConflictError, match="辖区还有1个在区的驻区单位"):
        services.orgs.close(tree.other_community, dt.date.today(), "合并")
    services.units.leave(row.id, dt.date.today())
    assert services.orgs.close(tree.other_community, dt.date.today(), "合并").is_closed


def test_in_service_members_link_to_their_unit(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院"))
    school = services.units.create(unit(tree.community, "青山县实验小学"))
    a = in_service(services, tree.branch_a, "张医生", "青山县人民医院")
    b = in_service(services, tree.branch_a, "李护士", "县医院")
    retired = services.members.create(replace(
        services.members.get(a).as_input(), name="王退休", id_number="11010519491231002X",
        birth_date=None, sex="", category="离退休党员", work_unit="")).id
    assert services.units.link_members(hospital.id, [a, b], dt.date(2025, 5, 1)) == 2
    assert services.units.link_members(hospital.id, [a]) == 0  # already there
    members = services.units.unit_members(hospital.id)
    assert [m.name for m in members] == ["李护士", "张医生"]
    assert members[0].work_unit == "县医院"  # the roster's text stays as typed
    assert services.units.get(hospital.id).member_count == 2
    with pytest.raises(ValidationError, match="只有在册的在职党员"):
        services.units.link_members(hospital.id, [retired])
    services.units.link_members(school.id, [b])
    assert services.units.unit_of_member(b) == school.id
    services.units.unlink_member(a)
    assert services.units.unit_members(hospital.id) == []
    assert services.members.get(a).work_unit == "青山县人民医院"


def test_members_link_by_their_work_unit(services: Services, tree: Tree) -> None:
    hospital = services.units.create(unit(tree.community, "青山县人民医院"))
    a = in_service(services, tree.branch_a, "张医生", "青山县人民医院")
    in_service(services, tree.branch_a, "赵会计", "某某公司")
    assert services.units.link_by_work_unit() == 1
    assert services.units.unit_of_member(a) == hospital.id
    assert services.units.link_by_work_unit() == 0


def test_a_left_unit_takes_no_new_members(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.community, "青山县粮食局"))
    m = in_service(services, tree.branch_a, "张三", "青山县粮食局")
    services.units.leave(row.id, dt.date.today())
    with pytest.raises(ValidationError, match="已迁出"):
        services.units.link_members(row.id, [m])


def test_bulk_create_refuses_the_whole_batch_on_a_duplicate(services: Services, tree: Tree) -> None:
    c = code()
    with pytest.raises(ConflictError, match="本批中出现了两次"):
        services.units.bulk_create([unit(tree.community, "甲公司", credit_code=c),
                                    unit(tree.community, "乙公司", credit_code=c)])
    assert services.units.count_all() == 0
    ids = services.units.bulk_create([unit(tree.community, f"单位{i}") for i in range(30)])
    assert len(ids) == 30 and services.units.count(UnitQuery()) == 30


def test_import_batch_adds_and_updates_with_an_audit_record_each(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.community, "青山县税务局"))
    before = services.audit.count()
    added, updated = services.units.import_batch(
        [unit(tree.community, "新单位甲"), unit(tree.community, "新单位乙")],
        [(row.id, replace(row.as_input(), remarks="年度更新"))])
    assert len(added) == 2 and updated == [row.id]
    assert services.audit.count() == before + 3 and services.audit.verify().ok
    assert services.units.get(row.id).remarks == "年度更新"


def test_viewers_read_but_do_not_write(services: Services, tree: Tree) -> None:
    row = services.units.create(unit(tree.community, "青山县税务局"))
    services.act_as(Actor("小李", role="查看"))
    assert services.units.get(row.id).name == "青山县税务局"
    with pytest.raises(PermissionDenied):
        services.units.create(unit(tree.community, "另一单位"))
    with pytest.raises(PermissionDenied):
        services.units.leave(row.id, dt.date.today())


def test_problems_lists_every_problem_without_saving(services: Services, tree: Tree) -> None:
    services.units.create(unit(tree.community, "青山县税务局", credit_code="91350100M000100Y43"))
    found = services.units.problems(unit(tree.community, "另一单位", credit_code="91350100M000100Y43"))
    assert [p.field for p in found] == ["credit_code"]
    found = services.units.problems(unit(tree.community, "", phone="1"))
    assert {p.field for p in found} == {"name", "phone"}
    assert services.units.count_all() == 1


def test_a_save_from_an_out_of_date_copy_is_refused_naming_who(services: Services, tree: Tree) -> None:
    from app.services.kit.versions import StaleRecord

    row = services.units.create(unit(tree.community, "青山县税务局"))
    services.act_as(Actor("李四"))
    services.units.update(row.id, replace(row.as_input(), remarks="李四改的"), row.version)
    services.act_as(Actor("张三"))
    with pytest.raises(StaleRecord, match="已被李四于"):
        services.units.update(row.id, replace(row.as_input(), remarks="张三改的"), row.version)
    assert services.units.get(row.id).remarks == "李四改的"
