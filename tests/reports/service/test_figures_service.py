"""The volunteer service figures as at the period's end and for the period, the per-unit table,
and the 在职党员报到 / 志愿服务 paragraphs of the built-in 工作汇报."""

from __future__ import annotations

import datetime as dt

import pytest

from app.reports.briefings import figures
from app.reports.briefings.briefing import BriefingRequest, render_briefing
from app.reports.briefings.figures import FigureContext, FigureUnavailable
from app.reports.briefings.period import parse_period
from app.services.container import Services
from app.services.service.rows import ActivityInput, TeamInput, VolunteerInput
from tests.reports.kit.pdfcheck import text
from tests.services.service.helpers import DAY, Place, build_place, record, resident_id

YEAR = parse_period(str(DAY.year))
NAMES = ("在职党员报到人数", "报到单位数", "服务队伍数", "党员先锋队数", "志愿者人数", "两代表一委员人数", "服务活动次数",
         "服务记录数", "志愿服务时长", "人均服务时长", "服务群众人次", "报到党员年度达标率")


def value(services: Services, name: str, org_id: int, period=YEAR) -> str:  # type: ignore[no-untyped-def]
    return figures.evaluate(name, FigureContext(services, org_id, period)).text()


def fill(services: Services) -> Place:
    place = build_place(services, members=3)
    t = place.tree
    services.teams.create(TeamInput(name="先锋一队", kind="党员先锋队", org_id=t.community))
    services.teams.create(TeamInput(name="攻坚队", kind="党员攻坚队", org_id=t.community))
    old = services.teams.create(TeamInput(name="老队", kind="志愿服务队", org_id=t.community))
    services.teams.dissolve(old.id, DAY - dt.timedelta(days=1))  # gone by the period's end
    rep = services.volunteers.create(VolunteerInput(name="郑代表", org_id=t.community, id_number=resident_id(),
                                                    is_rep=True, rep_body="青山县人大"))
    act = services.activities.create(ActivityInput(title="义诊", category="健康医疗", org_id=t.community,
                                                   held_on=DAY, start_time="8:00", end_time="12:00"))
    r = services.service_records
    long = [r.create(record(place, place.volunteer_ids[0], start="", end="", hours="20", served_people=10,
                            day=DAY - dt.timedelta(days=3 + i), content="长期帮扶", activity_id=act.id)).id
            for i in range(3)]
    a2 = r.create(record(place, place.volunteer_ids[0], start="", end="", hours="2.5", served_people=5))
    b = r.create(record(place, rep.id, start="9:00", end="10:00", served_people=4))
    r.create(record(place, place.volunteer_ids[1], start="9:00", end="10:00"))  # waits: not counted
    r.confirm([*long, a2.id, b.id])
    return place


def test_each_figure_as_at_the_periods_end(services: Services) -> None:
    place = fill(services)
    c = place.tree.community
    got = {n: value(services, n, c) for n in NAMES if n not in ("人均服务时长",)}
    assert got["在职党员报到人数"] == "3名" and got["报到单位数"] == "1个"
    assert got["服务队伍数"] == "2支" and got["党员先锋队数"] == "2支"
    assert got["志愿者人数"] == "2名" and got["两代表一委员人数"] == "1名"
    assert got["服务活动次数"] == "1次" and got["服务记录数"] == "5条"
    assert got["志愿服务时长"] == "63.5小时" and got["服务群众人次"] == "39人次"
    assert value(services, "人均服务时长", c) == "31.8小时"  # 63.5 / 2, half up
    assert got["报到党员年度达标率"] == "33.3%"  # one of three met 50 hours
    # Another community has none of it.
    assert value(services, "服务记录数", place.tree.other_community) == "0条"
    with pytest.raises(FigureUnavailable):
        figures.evaluate("人均服务时长", FigureContext(services, place.tree.other_community, YEAR))


def test_the_table_of_units(services: Services) -> None:
    place = fill(services)
    t = figures.TABLES["各单位在职党员服务情况"](FigureContext(services, place.tree.community, YEAR))
    assert t.header[0] == "单位" and t.rows[0] == ("青山县人民医院", "3", "4", "62.5", "20.8", "1")
    assert t.rows[-1][0] == "合计"
    with pytest.raises(FigureUnavailable, match="还没有在职党员报到"):
        figures.TABLES["各单位在职党员服务情况"](FigureContext(services, place.tree.other_community, YEAR))


def test_the_built_in_report_has_the_service_paragraphs(services: Services) -> None:
    place = fill(services)
    result = render_briefing(services, BriefingRequest(place.tree.community, YEAR))
    ours = {f.name for f in figures.catalogue() if f.group == "志愿服务"}
    assert ours >= set(NAMES)
    assert not [str(p) for p in result.problems if p.placeholder in ours]
    flat = text(result.pdf).replace("\n", "").replace(" ", "")
    assert "1个驻区单位的3名在职党员到社区报到" in flat
    assert "2名志愿者（其中两代表一委员1名）累计服务63.5小时，服务群众39人次" in flat
