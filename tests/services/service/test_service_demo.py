"""The demonstration county's volunteer service: reports, teams, non-member volunteers, a year
of activities and records in every state."""

from __future__ import annotations

import datetime as dt

from app.domain.service.record_fields import RecordStatus
from app.services.container import Services
from app.services.service.rows import RecordQuery, ReportQuery, VolunteerQuery


def test_the_demo_has_service_in_every_state(demo_services: Services) -> None:
    s = demo_services
    for status in RecordStatus:
        assert s.service_records.count(RecordQuery(status=status.value)) > 0, status
    assert s.reports.count_all() > 10
    assert s.reports.search_ids(ReportQuery(status="已离开"))
    assert s.reports.not_reported(None, dt.date.today())  # some have not reported
    people = s.volunteers.rows(s.volunteers.search_ids(VolunteerQuery(members=False)))
    assert people and any(p.is_rep for p in people) and all(p.id_number for p in people)
    kinds = {t.kind for t in s.teams.rows(s.teams.search_ids())}
    assert {"银发先锋", "党员义工队", "志愿服务队"} <= kinds
    n, tenths, volunteers = s.service_totals.total(dt.date.today() - dt.timedelta(days=366), dt.date.today())
    assert n > 100 and tenths > 0 and volunteers > 20
    by_unit = s.service_totals.hours_by("unit")
    assert any(line.key is not None for line in by_unit)
    assert sum(line.tenths for line in by_unit) == s.service_totals.total()[1]
