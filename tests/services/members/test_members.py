"""Member records: rules refused with their message, duplicates, editing, history, audit."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.services.container import Services
from app.services.members.service import MemberService
from tests.services.members.helpers import Tree, build_tree, member


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def test_create_fills_sex_birth_date_pinyin_and_management(services: Services, tree: Tree) -> None:
    data = replace(member(tree.branch_a, "曾国强"), sex="", birth_date=None, category="离退休党员",
                   management="", id_number=member(tree.branch_a).id_number.lower())
    row = services.members.create(data)
    assert row.sex == "男" and row.birth_date == dt.date(1980, 5, 6)
    assert row.id_number.endswith(row.id_number[-1].upper())
    assert (row.name_pinyin, row.name_initials) == ("zengguoqiang", "zgq")
    assert row.management == "托管"
    assert row.org_name == "第一网格党支部"
    assert row.status == "在册" and row.party_status == "正常"
    assert services.members.get(row.id) == row


@pytest.mark.parametrize("changes,words", [
    ({"id_number": "370102198005060010"}, "校验位"),
    ({"sex": "女"}, "性别“女”与公民身份号码不一致"),
    ({"birth_date": dt.date(1980, 5, 7)}, "与公民身份号码中的1980年5月6日不一致"),
    ({"full_on": None}, "正式党员须填写转为正式党员日期"),
    ({"member_type": "预备党员"}, "预备党员尚未转正"),
    ({"joined_on": dt.date(2099, 1, 1)}, "晚于今天"),
    ({"full_on": dt.date(2000, 1, 1)}, "不能早于加入党组织日期"),
    ({"mobile": True}, "流动党员须填写外出流向"),
    ({"lost_contact": True}, "失联党员须填写失去联系的年月"),
    ({"phone": "110"}, "联系电话“110”格式不对"),
    ({"joined_on": "去年"}, "加入党组织日期“去年”无法识别为日期"),
    ({"ethnicity": "火星族"}, "民族“火星族”无法识别"),
])
def test_each_rule_refuses_naming_member_and_field(services: Services, tree: Tree, changes: dict, words: str) -> None:
    with pytest.raises(ValidationError) as e:
        services.members.create(replace(member(tree.branch_a, "李四"), **changes))
    assert e.value.message.startswith("党员“李四”：")
    assert words in e.value.message
    assert services.members.count(services_query()) == 0


def services_query():  # type: ignore[no-untyped-def]
    from app.services.members.service import MemberQuery

    return MemberQuery(include_left=True)


def test_unknown_or_closed_organisation_is_refused(services: Services, tree: Tree) -> None:
    with pytest.raises(ValidationError, match="找不到所在党组织"):
        services.members.create(member(9999))
    services.orgs.close(tree.other_branch, dt.date.today(), "合并")
    with pytest.raises(ValidationError, match="已撤销"):
        services.members.create(member(tree.other_branch))


def test_duplicate_id_number_names_the_existing_member(services: Services, tree: Tree) -> None:
    first = services.members.create(member(tree.branch_a, "王芳", sex="女"))
    with pytest.raises(ConflictError) as e:
        services.members.create(replace(member(tree.branch_b, "王小芳", sex="女"), id_number=first.id_number))
    assert "王芳" in e.value.message and "第一网格党支部" in e.value.message
    assert first.id_number not in e.value.message  # shown masked


def test_duplicate_of_a_member_who_left_suggests_transfer_in(services: Services, tree: Tree) -> None:
    first = services.members.create(member(tree.branch_a, "王芳", sex="女"))
    services.members.add_event(first.id, "转出", dt.date.today(), "北京市朝阳区某街道党工委")
    with pytest.raises(ConflictError, match="转入"):
        services.members.create(replace(member(tree.branch_b, "王芳", sex="女"), id_number=first.id_number))


def test_update_changes_the_record_and_audits_old_and_new(services: Services, tree: Tree) -> None:
    row = services.members.create(member(tree.branch_a, "单田芳"))
    assert row.name_pinyin == "shantianfang"
    updated = services.members.update(row.id, replace(row.as_input(), name="解放", phone="13900001111",
                                                      org_id=tree.branch_b))
    assert (updated.name, updated.name_pinyin, updated.org_id) == ("解放", "xiefang", tree.branch_b)
    entry = services.audit.recent(1)[0]
    assert entry.action == "修改党员" and entry.entity_id == str(row.id)
    old, new = json.loads(entry.old_values), json.loads(entry.new_values)
    assert old["姓名"] == "单田芳" and new["姓名"] == "解放"
    assert new["联系电话"] == "139****1111"  # no full numbers in the audit trail
    assert "公民身份号码" not in new


def test_update_refuses_taking_another_members_id_number(services: Services, tree: Tree) -> None:
    a = services.members.create(member(tree.branch_a, "甲"))
    b = services.members.create(member(tree.branch_a, "乙"))
    with pytest.raises(ConflictError, match="甲"):
        services.members.update(b.id, replace(b.as_input(), id_number=a.id_number))
    assert services.members.get(b.id).id_number == b.id_number


def test_get_unknown_member(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.members.get(12345)


def test_create_is_audited_without_full_numbers(services: Services, tree: Tree) -> None:
    row = services.members.create(member(tree.branch_a, "赵六"))
    entry = services.audit.recent(1)[0]
    assert entry.action == "新增党员" and "赵六" in entry.summary
    assert row.id_number not in entry.new_values and "13812345678" not in entry.new_values
    assert services.audit.verify().ok


def test_events_change_state_and_are_kept_as_history(services: Services, tree: Tree) -> None:
    today = dt.date.today()
    m = services.members.create(member(tree.branch_a, "钱七", member_type="预备党员", full_on=None,
                                       joined_on=today - dt.timedelta(days=400)))
    m = services.members.add_event(m.id, "转为正式党员", today - dt.timedelta(days=35))
    assert (m.member_type, m.full_on) == ("正式党员", today - dt.timedelta(days=35))
    m = services.members.add_event(m.id, "外出流动", today - dt.timedelta(days=30), "广东省深圳市南山区")
    assert m.mobile and m.mobile_to == "广东省深圳市南山区"
    m = services.members.add_event(m.id, "流动返回", today - dt.timedelta(days=20))
    assert not m.mobile and m.mobile_to == ""
    m = services.members.add_event(m.id, "失去联系", today - dt.timedelta(days=15))
    assert m.lost_contact and m.lost_since == (today - dt.timedelta(days=15)).replace(day=1)
    m = services.members.add_event(m.id, "恢复联系", today - dt.timedelta(days=10))
    assert not m.lost_contact and m.lost_since is None
    m = services.members.add_event(m.id, "停止党籍", today - dt.timedelta(days=9))
    assert m.party_status == "停止党籍"
    m = services.members.add_event(m.id, "恢复党籍", today - dt.timedelta(days=8))
    assert m.party_status == "正常"
    m = services.members.add_event(m.id, "转出", today - dt.timedelta(days=5), "北京市朝阳区某社区党委")
    assert (m.status, m.left_on) == ("已转出", today - dt.timedelta(days=5))
    with pytest.raises(ValidationError, match="已转出"):
        services.members.add_event(m.id, "外出流动", today, "上海")
    m = services.members.add_event(m.id, "转入", today, "北京市朝阳区某社区党委")
    assert (m.status, m.left_on) == ("在册", None)
    kinds = [e.kind for e in services.members.events(m.id)]
    assert kinds == ["转为正式党员", "外出流动", "流动返回", "失去联系", "恢复联系", "停止党籍", "恢复党籍",
                     "转出", "转入"]
    assert services.members.events(m.id)[1].other_org == "广东省深圳市南山区"
    assert services.audit.recent(1)[0].action == "转入"


@pytest.mark.parametrize("kind,other,words", [
    ("转为正式党员", "", "已是正式党员"),
    ("流动返回", "", "不是流动党员"),
    ("恢复联系", "", "没有登记失联"),
    ("恢复党籍", "", "无需恢复"),
    ("转出", "", "须填写转往单位"),
    ("外出流动", "", "须填写外出流向"),
    ("开除", "", "无法识别"),
])
def test_events_that_cannot_happen_are_refused(services: Services, tree: Tree, kind: str, other: str, words: str) -> None:
    m = services.members.create(member(tree.branch_a, "孙八"))
    with pytest.raises(ValidationError) as e:
        services.members.add_event(m.id, kind, dt.date.today(), other)
    assert words in e.value.message and "孙八" in e.value.message
    assert services.members.events(m.id) == []


def test_event_dates_are_checked(services: Services, tree: Tree) -> None:
    m = services.members.create(member(tree.branch_a, "周九"))
    with pytest.raises(ValidationError, match="晚于今天"):
        services.members.add_event(m.id, "去世", dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不能早于加入党组织日期"):
        services.members.add_event(m.id, "去世", dt.date(2000, 1, 1))


def test_leaving_members_stay_on_record(services: Services, tree: Tree) -> None:
    m = services.members.create(member(tree.branch_a, "吴十"))
    services.members.add_event(m.id, "去世", dt.date.today())
    assert services.members.get(m.id).status == "已去世"
    with pytest.raises(ValidationError, match="已去世"):
        services.members.add_event(m.id, "转入", dt.date.today(), "某地")


def test_organisation_with_members_cannot_close(services: Services, tree: Tree) -> None:
    m = services.members.create(member(tree.branch_a, "郑一"))
    services.members.create(member(tree.branch_a, "郑二"))
    with pytest.raises(ConflictError, match="还有2名在册党员"):
        services.orgs.close(tree.branch_a, dt.date.today(), "合并")
    services.members.add_event(m.id, "转出", dt.date.today(), "外地")
    with pytest.raises(ConflictError, match="还有1名在册党员"):
        services.orgs.close(tree.branch_a, dt.date.today(), "合并")
    services.orgs.close(tree.branch_b, dt.date.today(), "合并")  # no members: fine


def test_bulk_create_one_transaction_one_audit(services: Services, tree: Tree) -> None:
    before = services.audit.count()
    seen: list[tuple[int, int]] = []
    ids = services.members.bulk_create([member(tree.branch_a, f"批量{i}") for i in range(5)],
                                       progress=lambda done, total: seen.append((done, total)))
    assert len(ids) == 5 and [r.name for r in services.members.rows(ids)] == [f"批量{i}" for i in range(5)]
    assert services.audit.count() == before + 1
    assert "5名" in services.audit.recent(1)[0].summary
    assert seen[-1] == (5, 5)


def test_bulk_create_refuses_whole_batch_on_one_bad_record(services: Services, tree: Tree) -> None:
    good = member(tree.branch_a, "好")
    bad = member(tree.branch_a, "坏", phone="12")
    with pytest.raises(ValidationError, match="党员“坏”"):
        services.members.bulk_create([good, bad])
    with pytest.raises(ConflictError, match="重复"):
        services.members.bulk_create([good, replace(good, name="好二")])
    assert services.members.count(services_query()) == 0


def test_import_batch_adds_and_updates_with_an_audit_record_each(services: Services, tree: Tree) -> None:
    existing = services.members.create(member(tree.branch_a, "老党员"))
    before = services.audit.count()
    result = services.members.import_batch(
        [member(tree.branch_b, "新甲"), member(tree.branch_b, "新乙")],
        [(existing.id, replace(existing.as_input(), address="和平小区3号楼"))],
    )
    assert result.updated_ids == [existing.id] and len(result.added_ids) == 2
    assert services.members.get(existing.id).address == "和平小区3号楼"
    actions = [e.action for e in services.audit.recent(3)]
    assert sorted(actions) == ["导入修改党员", "导入新增党员", "导入新增党员"]
    assert services.audit.count() == before + 3


def test_import_batch_all_or_nothing(services: Services, tree: Tree) -> None:
    existing = services.members.create(member(tree.branch_a, "老党员"))
    with pytest.raises(ValidationError, match="党员“坏”"):
        services.members.import_batch(
            [member(tree.branch_b, "新甲"), member(tree.branch_b, "坏", joined_on=None)],
            [(existing.id, replace(existing.as_input(), address="改了"))],
        )
    assert services.members.get(existing.id).address == ""
    assert services.members.count(services_query()) == 1


def test_problems_lists_everything_for_an_import_preview(services: Services, tree: Tree) -> None:
    existing = services.members.create(member(tree.branch_a, "甲"))
    found = services.members.problems(member(tree.branch_a, "乙", phone="12", ethnicity="火星"))
    assert {e.field for e in found} == {"phone", "ethnicity"}
    dup = services.members.problems(replace(member(tree.branch_a, "乙"), id_number=existing.id_number))
    assert [e.field for e in dup] == ["id_number"]
    assert services.members.problems(replace(member(tree.branch_a, "甲"), id_number=existing.id_number),
                                     member_id=existing.id) == []
    assert services.members.ids_by_id_number([existing.id_number, "x"]) == {existing.id_number: existing.id}
    assert services.members.find_by_id_number(existing.id_number.lower()).id == existing.id


def test_change_notice_goes_out(services: Services, tree: Tree) -> None:
    heard: list[frozenset[str]] = []
    services.hub.subscribe(heard.append)
    services.members.create(member(tree.branch_a, "通知"))
    assert heard == [frozenset({"members"})]


def test_service_is_registered(services: Services) -> None:
    assert isinstance(services.members, MemberService)


def test_a_batch_of_events_applies_them_in_order_or_not_at_all(services: Services, tree: Tree) -> None:
    from app.services.members.service import EventInput

    today = dt.date.today()
    a = services.members.create(member(tree.branch_a, "钱七", member_type="预备党员", full_on=None,
                                       joined_on=today - dt.timedelta(days=400)))
    b = services.members.create(member(tree.branch_b, "孙八"))
    audit_before = services.audit.count()
    bad = [EventInput(b.id, "转出", today, "外地"), EventInput(a.id, "恢复联系", today)]  # a is not lost
    with pytest.raises(ValidationError, match="党员“钱七”"):
        services.members.add_events(bad)
    assert services.members.get(b.id).status == "在册" and services.members.events(b.id) == []
    assert services.audit.count() == audit_before
    services.members.add_events([
        EventInput(a.id, "转为正式党员", today - dt.timedelta(days=30)),
        EventInput(a.id, "外出流动", today - dt.timedelta(days=20), "上海市浦东新区"),
        EventInput(b.id, "转出", today - dt.timedelta(days=10), "北京市朝阳区某社区党委"),
    ])
    a_now, b_now = services.members.get(a.id), services.members.get(b.id)
    assert (a_now.member_type, a_now.mobile, a_now.mobile_to) == ("正式党员", True, "上海市浦东新区")
    assert b_now.status == "已转出"
    assert [e.kind for e in services.members.events(a.id)] == ["转为正式党员", "外出流动"]
    assert [e.action for e in reversed(services.audit.recent(3))] == ["转为正式党员", "外出流动", "转出"]
    assert services.audit.verify().ok


def test_problems_of_a_member_who_stays_in_a_closed_organisation(services: Services, tree: Tree) -> None:
    """Editing someone who left a branch since closed: the form shows no problem with the branch."""
    m = services.members.create(member(tree.branch_a, "周七"))
    services.members.add_event(m.id, "转出", dt.date(2024, 1, 1), "外区某党支部")
    services.orgs.close(tree.branch_a, dt.date(2024, 2, 1), "撤并")
    data = replace(m.as_input(), phone="13900001111")
    assert services.members.problems(data, m.id) == []
    assert services.members.update(m.id, data).phone == "13900001111"
    # Someone else may not be put there.
    other = services.members.create(member(tree.branch_b, "吴八"))
    assert [p.field for p in services.members.problems(replace(other.as_input(), org_id=tree.branch_a), other.id)] \
        == ["org_id"]
