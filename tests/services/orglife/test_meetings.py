"""Meetings with attendance on both engines: registered and refused with the field named,
attendance only once held, all present in one step then exceptions, rates and counts read back,
the branches behind schedule, 民主评议 in one transaction, the figures and the demo's year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.orglife.schedule import quarter_of
from app.reports.briefings import period as periods
from app.reports.briefings.figures import FigureContext, FigureUnavailable
from app.reports.briefings.figures import evaluate as compute
from app.services.container import Services
from app.services.orglife.rows import OrgMeetingQuery, RateQuery
from tests.services.orglife.helpers import TODAY, meeting, roster


def test_a_meeting_is_registered_and_found_by_year_kind_and_words(services: Services) -> None:
    r = roster(services)
    row = services.orglife.create(meeting(r.tree.branch_a, "党课", speaker="李书记", topic="弘扬伟大建党精神"))
    assert row.org_name == "第一网格党支部" and row.expected == 0
    q = services.orglife.search_ids
    assert q(OrgMeetingQuery(org_id=r.tree.community, year=row.held_on.year)) == [row.id]
    assert q(OrgMeetingQuery(kind="主题党日")) == [] and q(OrgMeetingQuery(text="建党")) == [row.id]
    assert q(OrgMeetingQuery(org_id=r.tree.other_community)) == []
    assert q(OrgMeetingQuery(text="%")) == [row.id]  # a wildcard typed is only a character


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"topic": "", "kind": "党课"}, "topic", "党课须填写主题"),
    ({"topic": "学" * 101}, "topic", "过长"),
    ({"held_on": TODAY + dt.timedelta(days=400)}, "held_on", "一年以后"),
    ({"held_on": dt.date(1999, 12, 31)}, "held_on", "太早"),
    ({"kind": "=cmd|' /C calc'!A0"}, "kind", "会议类型"),
    ({"held_on": None}, "held_on", "请填写日期"),
    ({"start_time": "25:00"}, "start_time", "时间"),
])
def test_hostile_input_is_refused_naming_the_field(services: Services, changes: dict, field: str, words: str) -> None:
    r = roster(services)
    with pytest.raises(ValidationError, match=words) as exc:
        services.orglife.create(meeting(r.tree.branch_a, **changes))
    assert exc.value.field == field and services.orglife.count_all() == 0


def test_attendance_all_present_then_exceptions_with_an_audit_record(services: Services) -> None:
    r = roster(services)
    m = services.orglife.create(meeting(r.tree.branch_a))
    assert services.orglife.all_present(m.id) == 4
    marks = {r.members["张建国"]: ("出席", ""), r.members["李秀英"]: ("请假", "外出务工"),
             r.members["王红梅"]: ("缺席", "不算")}
    assert services.orglife.set_attendance(m.id, marks) == 3  # 赵志强 not expected
    row = services.orglife.get(m.id)
    assert (row.present, row.leave, row.absent) == (1, 1, 1)
    lines = {a.name: a for a in services.orglife.attendance(m.id)}
    assert lines["李秀英"].reason == "外出务工" and lines["王红梅"].reason == "" and lines["赵志强"].status == ""
    entries = services.audit_query.search(action="登记出席情况")
    assert len(entries) == 2 and "应到3人" in entries[0].summary


def test_attendance_refused_for_a_planned_meeting_bad_status_long_reason_strangers(services: Services) -> None:
    r = roster(services)
    planned = services.orglife.create(meeting(r.tree.branch_a, day=TODAY + dt.timedelta(days=7)))
    with pytest.raises(ValidationError, match="还没有召开"):
        services.orglife.all_present(planned.id)
    held = services.orglife.create(meeting(r.tree.branch_a))
    someone = r.members["张建国"]
    with pytest.raises(ValidationError, match="出席情况"):
        services.orglife.set_attendance(held.id, {someone: ("迟到", "")})
    with pytest.raises(ValidationError, match="过长"):
        services.orglife.set_attendance(held.id, {someone: ("请假", "事" * 61)})
    from tests.services.members.helpers import member

    stranger = services.members.create(member(r.tree.other_branch, "孙悟空")).id
    with pytest.raises(ValidationError, match="不在本组织的名册"):
        services.orglife.set_attendance(held.id, {stranger: ("出席", "")})
    assert services.orglife.get(held.id).expected == 0
    services.orglife.all_present(held.id)
    with pytest.raises(ValidationError, match="日期不能改到今天以后"):
        services.orglife.update(held.id, meeting(r.tree.branch_a, day=TODAY + dt.timedelta(days=3)))


def test_rates_and_totals_for_the_year(services: Services) -> None:
    r = roster(services)
    year = TODAY.year
    days = [d for d in (dt.date(year, 1, 10), dt.date(year, 1, 20)) if d <= TODAY]
    if len(days) < 2:
        pytest.skip("the first days of January")
    a, b = (services.orglife.create(meeting(r.tree.branch_a, day=d)).id for d in days)
    services.orglife.all_present(a)
    services.orglife.all_present(b)
    services.orglife.set_attendance(b, {i: ("出席" if n != "李秀英" else "缺席", "") for n, i in r.members.items()})
    rates = {x.name: x for x in services.orglife_schedule.rows(
        services.orglife_schedule.search_ids(RateQuery(org_id=r.tree.branch_a, year=year)), year)}
    assert (rates["李秀英"].present, rates["李秀英"].expected) == (1, 2)
    assert services.orglife.attendance_totals(r.tree.county, dt.date(year, 1, 1), TODAY) == (7, 8)
    assert services.orglife_schedule.rows(services.orglife_schedule.search_ids(RateQuery(year=year - 1)),
                                          year - 1)[0].expected == 0


def test_the_behind_list_changes_when_the_meeting_is_held(services: Services) -> None:
    r = roster(services)
    last = quarter_of(quarter_of(TODAY)[0] - dt.timedelta(days=1))
    after = last[1] + dt.timedelta(days=1)
    behind = services.orglife_schedule.behind(r.tree.community, last, after)
    assert {b.name for b in behind} == {"第一网格党支部", "第二网格党支部"}
    services.orglife.create(meeting(r.tree.branch_a, "支部党员大会", day=last[1]))
    checks = {b.name: b for b in services.orglife_schedule.branches(r.tree.community, last, after)}
    general = next(c for c in checks["第一网格党支部"].checks if c.kind == "支部党员大会")
    assert (general.held, general.required, general.overdue) == (1, 1, 0)
    services.orglife_schedule.set_rules({k: "不要求" for k in ("支部委员会", "党课", "主题党日")})
    assert [b.name for b in services.orglife_schedule.behind(r.tree.community, last, after)] == ["第二网格党支部"]
    with pytest.raises(ValidationError):
        services.orglife_schedule.set_rules({"主题党日": "每周"})


def test_appraisal_results_in_one_transaction(services: Services) -> None:
    r = roster(services)
    year, day = TODAY.year - 1, dt.date(TODAY.year - 1, 12, 20)
    ap = services.orglife_appraisals
    results = {r.members["张建国"]: "优秀", r.members["李秀英"]: "合格", r.members["王红梅"]: "不合格吧"}
    with pytest.raises(ValidationError, match="不合格吧"):
        ap.set_results(r.tree.branch_a, year, day, results)
    assert ap.count(None, dt.date(year, 1, 1), TODAY) == 0  # nothing half written
    results[r.members["王红梅"]] = ""
    assert ap.set_results(r.tree.branch_a, year, day, results) == 2
    lines = {x.name: x for x in ap.lines(r.tree.branch_a, year)}
    assert lines["张建国"].result == "优秀" and lines["王红梅"].result == "" and lines["张建国"].appraised_on == day
    assert ap.set_results(r.tree.branch_a, year, day, {r.members["张建国"]: "合格"}) == 1
    assert ap.count(r.tree.county, dt.date(year, 1, 1), TODAY) == 0
    for bad_year, bad_day, words in ((TODAY.year + 1, TODAY, "评议年度"), (year, TODAY + dt.timedelta(days=2), "还没有到"),
                                     (year, dt.date(year - 1, 5, 1), "评议日期"), (year, None, "请填写评议日期")):
        with pytest.raises(ValidationError, match=words):
            ap.set_results(r.tree.branch_a, bad_year, bad_day, {r.members["张建国"]: "优秀"})


def test_the_figures_for_a_period(services: Services) -> None:
    r = roster(services)
    day = TODAY - dt.timedelta(days=1)
    for kind in ("支部党员大会", "党课", "主题党日", "组织生活会"):
        m = services.orglife.create(meeting(r.tree.branch_a, kind, day=day))
    services.orglife.set_attendance(m.id, {i: ("出席" if n != "赵志强" else "请假", "") for n, i in r.members.items()})
    services.orglife_appraisals.set_results(r.tree.branch_a, day.year, day, {r.members["张建国"]: "优秀"})
    ctx = FigureContext(services, r.tree.county, periods.year(day.year))
    values = {name: compute(name, ctx).value for name in ("三会一课次数", "主题党日次数", "组织生活参加率",
                                                          "民主评议优秀党员数", "未按期开展组织生活支部数")}
    assert values["三会一课次数"] == 2 and values["主题党日次数"] == 1 and values["民主评议优秀党员数"] == 1
    assert values["组织生活参加率"] == Decimal("75.0") and isinstance(values["未按期开展组织生活支部数"], int)
    empty = FigureContext(services, r.tree.county, periods.year(day.year - 3))
    with pytest.raises(FigureUnavailable, match="参加率"):
        compute("组织生活参加率", empty)


def test_the_demo_has_a_year_and_two_branches_behind(demo_services: Services) -> None:
    s = demo_services
    assert len(s.orglife.search_ids(OrgMeetingQuery(year=TODAY.year))) > 100
    window = quarter_of(TODAY)
    prev = quarter_of(window[0] - dt.timedelta(days=1))
    behind = s.orglife_schedule.behind(None, (prev[0], window[1]))
    assert behind and all(any(c.kind == "主题党日" for c in b.checks if c.overdue) for b in behind)


def _counted(services: Services, meeting_id: int) -> tuple[int, int, int]:
    lines = services.orglife.attendance(meeting_id)
    return tuple(sum(1 for a in lines if a.status == st) for st in ("出席", "请假", "缺席"))  # type: ignore[return-value]


def test_a_meetings_counts_follow_its_attendance_on_every_path(services: Services) -> None:
    import random

    r = roster(services)
    life = services.orglife
    first = life.create(meeting(r.tree.branch_a)).id
    rng = random.Random(3)
    for _ in range(6):
        marks = {i: (rng.choice(("出席", "请假", "缺席")), "外出") for i in r.members.values() if rng.random() < 0.8}
        life.set_attendance(first, marks)
        row = life.get(first)
        assert (row.present, row.leave, row.absent) == _counted(services, first)
    life.all_present(first)
    assert (life.get(first).present, life.get(first).leave) == (len(r.members), 0)
    ids = r.members
    imported = life.bulk_create([(meeting(r.tree.branch_a, day=TODAY - dt.timedelta(days=3)),
                                  {ids["张建国"]: ("出席", ""), ids["李秀英"]: ("请假", "生病")}),
                                 (meeting(r.tree.branch_a, "党课", day=TODAY - dt.timedelta(days=2)), None)])
    assert [(life.get(i).present, life.get(i).leave, life.get(i).absent) for i in imported] == [(1, 1, 0), (0, 0, 0)]
    year = (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    lines = [a for m in (first, *imported) for a in life.attendance(m) if a.status]
    if all(dt.date(TODAY.year, 1, 1) <= life.get(m).held_on for m in (first, *imported)):
        assert life.attendance_totals(r.tree.county, *year) == (sum(a.status == "出席" for a in lines), len(lines))
