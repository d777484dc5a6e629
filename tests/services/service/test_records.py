"""Service records: the rules, confirmation and return, corrections as new versions, imports'
batches, activities' attendance, and totals that only count confirmed records."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.kit.errors import ConflictError, PermissionDenied, ValidationError
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput
from app.services.service.rows import ActivityInput, RecordQuery, TeamInput
from tests.services.service.helpers import DAY, Place, build_place, record


@pytest.fixture
def place(services: Services) -> Place:
    return build_place(services)


def test_a_new_record_waits_with_hours_from_its_times_and_counts_for_the_unit(services: Services,
                                                                              place: Place) -> None:
    row = services.service_records.create(record(place, start="9:00", end="11:30"))
    assert row.status == "待确认" and row.hours == 25 and row.unit_name == "青山县人民医院"
    assert services.service_totals.total() == (0, 0, 0)  # nothing counts before confirmation
    assert services.service_records.confirm([row.id]) == 1
    confirmed = services.service_records.get(row.id)
    assert confirmed.status == "已确认" and confirmed.confirmed_by == "测试员"
    assert services.service_totals.total() == (1, 25, 1)


@pytest.mark.parametrize(("changes", "words"), [
    ({"content": "   "}, "服务内容"),
    ({"day": dt.date.today() + dt.timedelta(days=1)}, "今天之后"),
    ({"start": "11:00", "end": "9:00"}, "不晚于开始时间"),
    ({"start": "9:00", "end": ""}, "同时填写"),
    ({"start": "", "end": "", "hours": None}, "请填写服务时长"),
    ({"start": "", "end": "", "hours": "0"}, "应大于0小时"),
    ({"start": "", "end": "", "hours": "25"}, "超过了24小时"),
    ({"start": "", "end": "", "hours": "2.25"}, "最多只能有一位小数"),
    ({"start": "", "end": "", "hours": "=1+1"}, "无法识别"),
    ({"start": "9:00", "end": "11:00", "hours": "3"}, "超过了从开始到结束的时间"),
    ({"start": "9:00", "end": "11:00", "hours": "1.5"}, "调整原因"),
    ({"start": "25:99"}, "无法识别为时间"),
    ({"content": "做" * 501}, "过长"),
    ({"served_people": -1}, "服务群众人次"),
])
def test_each_rule_refuses_the_record_with_a_chinese_message(services: Services, place: Place,
                                                              changes: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        services.service_records.create(record(place, **changes))
    assert services.service_records.count_all() == 0


def test_hours_differing_from_the_times_need_a_reason(services: Services, place: Place) -> None:
    row = services.service_records.create(record(place, start="9:00", end="11:00", hours="1.5",
                                                 hours_reason="扣除路途半小时"))
    assert row.hours == 15 and row.hours_reason == "扣除路途半小时"


def test_no_overlaps_and_no_more_than_24_hours_a_day(services: Services, place: Place) -> None:
    services.service_records.create(record(place, start="9:00", end="11:00"))
    services.service_records.create(record(place, start="11:00", end="12:00"))  # touching is fine
    with pytest.raises(ValidationError, match="时间重叠"):
        services.service_records.create(record(place, start="10:30", end="11:30"))
    other = place.volunteer_ids[1]
    services.service_records.create(record(place, other, start="", end="", hours="20"))
    with pytest.raises(ValidationError, match="超过了一天24小时"):
        services.service_records.create(record(place, other, start="", end="", hours="5"))
    # Someone else may serve at the same time.
    services.service_records.create(record(place, place.resident_id, start="10:30", end="11:30"))


def test_a_returned_record_stops_counting_against_the_day_and_is_fixed_and_sent_again(services: Services,
                                                                                   place: Place) -> None:
    row = services.service_records.create(record(place, start="9:00", end="11:00"))
    with pytest.raises(ValidationError, match="须写明原因"):
        services.service_records.send_back([row.id], "  ")
    assert services.service_records.send_back([row.id], "时间记错了") == 1
    back = services.service_records.get(row.id)
    assert back.status == "已退回" and back.return_reason == "时间记错了"
    fixed = services.service_records.update(row.id, record(place, start="14:00", end="15:00"), back.version)
    assert fixed.status == "待确认" and fixed.hours == 10 and fixed.return_reason == ""


def test_confirming_needs_the_right_and_a_viewer_is_refused(services: Services, place: Place) -> None:
    row = services.service_records.create(record(place))
    services.act_as(Actor("查看者", role="查看"))
    with pytest.raises(PermissionDenied):
        services.service_records.confirm([row.id])
    services.act_as(Actor("社区书记", role="党务工作者"))
    assert services.service_records.confirm([row.id, row.id]) == 1
    assert services.service_records.get(row.id).confirmed_by == "社区书记"


def test_a_confirmed_record_is_never_edited_a_correction_is_a_new_version(services: Services,
                                                                         place: Place) -> None:
    row = services.service_records.create(record(place, start="9:00", end="11:00"))
    services.service_records.confirm([row.id])
    with pytest.raises(ConflictError, match="不能修改"):
        services.service_records.update(row.id, record(place, start="9:00", end="10:00"))
    with pytest.raises(ValidationError, match="须写明原因"):
        services.service_records.correct(row.id, record(place, start="9:00", end="10:00"), "")
    fix = services.service_records.correct(row.id, record(place, start="9:00", end="10:00"), "实际服务1小时")
    assert fix.replaces_id == row.id and fix.status == "待确认"  # the same times: no overlap with the old
    assert services.service_totals.total()[1] == 20  # the old one counts until the correction is confirmed
    with pytest.raises(ConflictError, match="待确认的更正"):
        services.service_records.correct(row.id, record(place, start="9:00", end="10:00"), "再改")
    services.service_records.confirm([fix.id])
    assert services.service_totals.total() == (1, 10, 1)
    chain = services.service_records.versions_of(fix.id)
    assert [(r.id, r.status) for r in chain] == [(row.id, "已更正"), (fix.id, "已确认")]
    assert services.service_records.versions_of(row.id) == chain


def test_a_batch_names_each_bad_row_and_saves_nothing(services: Services, place: Place) -> None:
    good = record(place, start="9:00", end="10:00")
    clash = record(place, start="9:30", end="10:30")
    with pytest.raises(ValidationError) as exc:
        services.service_records.bulk_create([good, clash], refs=["第2行", "第3行"])
    assert "第3行" in exc.value.message and "第2行" in exc.value.message and "重叠" in exc.value.message
    with pytest.raises(ValidationError, match="第4行"):
        services.service_records.bulk_create([good, replace(good, content="")], refs=["第3行", "第4行"])
    assert services.service_records.count_all() == 0
    ids = services.service_records.bulk_create([good], confirmed=True)
    assert services.service_records.get(ids[0]).status == "已确认"


def test_an_import_as_confirmed_needs_the_right_to_confirm(services: Services, place: Place) -> None:
    services.act_as(Actor("录入员", role="查看"))
    with pytest.raises(PermissionDenied):
        services.service_records.bulk_create([record(place)], confirmed=True)


def test_all_attended_makes_a_waiting_record_for_each_with_own_times(services: Services, place: Place) -> None:
    t = place.tree
    team = services.teams.create(TeamInput(name="党员先锋队", kind="党员先锋队", org_id=t.community))
    act = services.activities.create(ActivityInput(title="清理楼道小广告", category="社区治理", org_id=t.community,
                                                   held_on=DAY, start_time="8:30", end_time="11:30",
                                                   team_id=team.id, capacity=3))
    assert services.activities.sign_up(act.id, [*place.volunteer_ids, place.resident_id]) == 3
    extra = services.volunteers.for_member(place.member_ids[0]).id
    assert services.activities.sign_up(act.id, [extra]) == 0  # already signed up
    services.activities.take_attendance(act.id, times={place.resident_id: ("9:00", "10:00")})
    ids = services.activities.record_attendance(act.id)
    rows = {r.volunteer_id: r for r in services.service_records.rows(ids)}
    assert rows[place.volunteer_ids[0]].hours == 30 and rows[place.resident_id].hours == 10
    assert all(r.team_name == "党员先锋队" and r.category == "社区治理" and r.status == "待确认" for r in rows.values())
    assert services.activities.record_attendance(act.id) == []  # not twice
    assert services.activities.get(act.id).attended == 3


def test_the_list_filters_in_sql(services: Services, place: Place) -> None:
    a = services.service_records.create(record(place, content="调解邻里纠纷"))
    services.service_records.create(record(place, place.resident_id, content="陪老人看病"))
    services.service_records.confirm([a.id])
    q = RecordQuery(org_id=place.tree.community)
    assert services.service_records.count(q) == 2
    assert services.service_records.search_ids(replace(q, status="已确认")) == [a.id]
    assert services.service_records.search_ids(replace(q, text="wang")) != [a.id]
    assert services.service_records.search_ids(replace(q, text="纠纷")) == [a.id]
    assert services.service_records.search_ids(replace(q, text="%'")) == []
    with pytest.raises(ValidationError, match="无法识别"):
        services.service_records.search_ids(replace(q, status="假的"))


def test_the_county_list_needs_no_organisation_filter_but_a_second_root_keeps_it(services: Services,
                                                                                  place: Place) -> None:
    records = services.service_records
    ids = [records.create(record(place, day=DAY - dt.timedelta(days=i))).id for i in range(3)]
    county = RecordQuery(org_id=place.tree.county)
    assert records.count(county) == 3 and sorted(records.search_ids(county)) == sorted(ids)
    assert records.count(RecordQuery(org_id=place.tree.community)) == 3
    other = services.orgs.create(OrgInput(name="白云县委", org_type=OrgType.COUNTY, parent_id=None)).id
    assert records.count(RecordQuery(org_id=other)) == 0 and records.search_ids(RecordQuery(org_id=other)) == []
    assert records.count(county) == 3  # with two roots the county is one subtree again


def test_windows_of_the_list_put_together_are_the_list(services: Services, place: Place) -> None:
    """A long list is read in windows: joined they are exactly the search, in every order."""
    records = services.service_records
    for i in range(9):
        records.create(record(place, place.volunteer_ids[i % 2], day=DAY - dt.timedelta(days=i % 4),
                              start=f"{8 + i // 4}:00", end=f"{8 + i // 4}:30"))
    for query in (RecordQuery(org_id=place.tree.county), RecordQuery(org_id=place.tree.community, descending=True),
                  RecordQuery(sort="volunteer")):
        whole = records.search_ids(query)
        assert len(whole) == 9
        assert [i for offset in range(0, 12, 2) for i in records.ids_window(query, offset, 2)] == whole, query
    with pytest.raises(ValidationError):
        records.ids_window(RecordQuery(sort="假的"), 0, 5)
