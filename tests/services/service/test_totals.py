"""Totals by person, team, unit and category equal the sum of the confirmed records; quotas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.kit.errors import ValidationError
from app.domain.service.record_fields import RecordStatus
from app.services.container import Services
from app.services.service.activities import ActivityInput
from app.services.service.rows import RecordQuery, TeamInput
from tests.services.service.helpers import build_place, record

SPOTS = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 60), st.integers(1, 40), st.booleans(),
                           st.booleans()), min_size=1, max_size=12)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spots=SPOTS)
def test_totals_by_person_team_and_unit_each_equal_the_sum_of_confirmed_records(services: Services,
                                                                                 spots: list) -> None:
    if services.orgs.count() == 0:
        place = build_place(services)
        team = services.teams.create(TeamInput(name="义工队", kind="党员义工队", org_id=place.tree.community))
        services._place = place  # type: ignore[attr-defined]
        services._act = services.activities.create(ActivityInput(  # type: ignore[attr-defined]
            title="义诊", category="健康医疗", org_id=place.tree.community,
            held_on=dt.date.today() - dt.timedelta(days=1), team_id=team.id)).id
    place, act = services._place, services._act  # type: ignore[attr-defined]
    people = [*place.volunteer_ids, place.resident_id]
    base = dt.date.today() - dt.timedelta(days=1 + services.service_records.count_all())
    for i, (who, _days, tenths, confirm, in_act) in enumerate(spots):
        row = services.service_records.create(record(
            place, people[who], day=base - dt.timedelta(days=i), start="", end="",
            hours=f"{tenths / 10}", activity_id=act if in_act else None, category="文体"))
        if confirm:
            services.service_records.confirm([row.id])
    confirmed = services.service_records.rows(services.service_records.search_ids(
        RecordQuery(status=RecordStatus.CONFIRMED.value)))
    total = sum(r.tenths for r in confirmed)
    assert services.service_totals.total()[1] == total
    for by, key in (("person", "volunteer_id"), ("team", "team_id"), ("unit", "unit_id"), ("category", "category")):
        lines = services.service_totals.hours_by(by)
        expected: dict = {}
        for r in confirmed:
            expected[getattr(r, key)] = expected.get(getattr(r, key), 0) + r.tenths
        assert {line.key: line.tenths for line in lines} == expected, by
        assert sum(line.tenths for line in lines) == total


def test_quota_progress_and_who_is_behind(services: Services) -> None:
    place = build_place(services)
    year = dt.date.today().year
    day = dt.date(year, 1, 5) if dt.date.today() > dt.date(year, 1, 5) else dt.date.today()
    row = services.service_records.create(record(place, day=day, start="", end="", hours="20"))
    services.service_records.confirm([row.id])
    lines = {line.volunteer_id: line for line in services.service_totals.quota_progress(year, 4)}
    assert set(lines) == set(place.volunteer_ids)  # the resident has no quota
    done = lines[place.volunteer_ids[0]]
    assert done.progress.done == 200 and done.unit_name == "青山县人民医院"
    assert lines[place.volunteer_ids[1]].progress.done == 0
    behind = services.service_totals.behind(year, 4)
    assert place.volunteer_ids[1] in {b.volunteer_id for b in behind}
    services.settings.set("service_quotas", [{"category": "在职党员", "basis": "次数", "amount": "1"}])
    assert services.service_totals.quota_progress(year, 4)[0].progress.quota.text == "在职党员每年1次"


def test_points_per_hour_and_per_kind_ranked_with_ties(services: Services) -> None:
    place = build_place(services)
    day = dt.date.today() - dt.timedelta(days=3)
    r = services.service_records
    ids = [r.create(record(place, place.volunteer_ids[0], day=day, start="", end="", hours="2", category="文体")).id,
           r.create(record(place, place.volunteer_ids[1], day=day, start="", end="", hours="1",
                           category="组织建设")).id,
           r.create(record(place, place.resident_id, day=day, start="", end="", hours="3", category="文体")).id]
    r.confirm(ids)
    ranking = services.service_totals.points_ranking(day.year)
    assert [(rank, name) for rank, name, _p in ranking] == [(1, "王阿姨"), (2, "李一"), (3, "李二")]
    services.settings.set("service_points", {"per_hour": "1", "per_hour_by_kind": {"文体": "0.5"},
                                             "per_service_by_kind": {"组织建设": "2"}})
    got = {name: (rank, points) for rank, name, points in services.service_totals.points_ranking(day.year)}
    assert got["李二"] == (1, Decimal("3")) and got["王阿姨"] == (2, Decimal("1.5"))
    services.settings.set("service_points", {"per_hour": "很多"})
    with pytest.raises(ValidationError, match="不是数字"):
        services.service_totals.points_ranking(day.year)


@pytest.mark.parametrize(("setting", "words"), [
    ([{"category": "在职党员", "basis": "天", "amount": "50"}], "小时"),
    ([{"category": "在职党员", "basis": "小时", "amount": "五十"}], "不是数字"),
    ([{"category": "在职党员", "basis": "小时", "amount": "50.25"}], "最多一位小数"),
    ([{"category": "在职党员", "basis": "小时", "amount": "-5"}], "应大于0"),
    ([{"category": "在职党员", "basis": "次数", "amount": "12"}, {"category": "在职党员", "basis": "小时", "amount": "50"}],
     "设置了两次"),
])
def test_a_bad_quota_setting_is_named(services: Services, setting: list, words: str) -> None:
    services.settings.set("service_quotas", setting)
    with pytest.raises(ValidationError, match=words):
        services.service_totals.quota_progress(dt.date.today().year)
