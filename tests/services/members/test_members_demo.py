"""The demonstration roster: valid, varied records spread over the demo branches."""

from __future__ import annotations

from collections import Counter

from app.domain.kit.idcard import birth_date_of, clean_id, sex_of
from app.domain.members import rules as member_rules
from app.services.areas import wipe_tables
from app.services.container import Services
from app.services.demo import build_demo
from app.services.members.service import MemberQuery


def _from_candidates(services: Services) -> int:
    """Members the demo's 发展党员 admitted (besides the roster the option asks for)."""
    from app.services.orglife.candidates_rows import CandidateQuery

    c = services.candidates
    return sum(1 for row in c.rows(c.search_ids(CandidateQuery())) if row.member_id is not None)


def test_demo_members_are_valid_and_varied(demo_services: Services) -> None:
    m = demo_services.members
    ids = m.search_ids(MemberQuery(include_left=True))
    admitted = _from_candidates(demo_services)
    assert admitted > 0 and len(ids) == 300 + admitted
    rows = m.rows(ids)
    for r in rows:
        assert clean_id(r.id_number) == r.id_number
        assert birth_date_of(r.id_number) == r.birth_date and sex_of(r.id_number) == r.sex
        values = {k: getattr(r, k) for k in r.as_input().__dataclass_fields__}
        assert member_rules.problems(values) == [], r
        assert r.name_pinyin and r.name_initials
    assert len({r.id_number for r in rows}) == 300 + admitted
    assert len({r.org_id for r in rows}) > 10
    cats = Counter(r.category for r in rows)
    assert {"在职党员", "离退休党员", "流动党员"} <= set(cats)
    assert all(r.management == "双管" and r.work_unit for r in rows if r.category == "在职党员")
    assert all(r.management == "托管" for r in rows if r.category == "离退休党员")
    assert all(r.mobile_to for r in rows if r.category == "流动党员")
    assert 0 < sum(r.member_type == "预备党员" for r in rows) < 40
    assert any(r.status == "已转出" for r in rows)
    assert any(m.events(r.id) for r in rows)


def test_demo_defaults_to_600_and_force_wipes_members(services: Services) -> None:
    assert wipe_tables().index("member_events") < wipe_tables().index("members")
    build_demo(services, options={"members": None})
    assert services.members.count(MemberQuery(include_left=True)) == 600 + _from_candidates(services)
    build_demo(services, force=True, options={"members": 20})
    assert services.members.count(MemberQuery(include_left=True)) == 20 + _from_candidates(services)
