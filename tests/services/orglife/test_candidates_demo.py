"""The demonstration county has candidates at every stage, the admitted ones on the roster."""

from __future__ import annotations

from app.services.container import Services
from app.services.orglife.candidates_rows import CandidateQuery


def test_the_demo_has_candidates_at_every_stage(demo_services: Services) -> None:
    s = demo_services
    for stage in ("入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"):
        assert s.candidates.count(CandidateQuery(stage=stage)) > 0, stage
    admitted = s.candidates.rows(s.candidates.search_ids(CandidateQuery(stage="预备党员")))
    for c in admitted:
        m = s.members.get(c.member_id)  # type: ignore[arg-type]
        assert (m.name, m.member_type, m.joined_on) == (c.name, "预备党员", c.admitted_on)
        assert c.introducer1_name and c.introducer2_name
