"""{入党申请人数}, {入党积极分子数}, {发展对象数}: those at the stage as at the period's end."""

from __future__ import annotations

from app.reports.briefings import figures
from app.reports.briefings.figures import FigureContext
from app.reports.briefings.period import parse_period
from app.services.orglife.candidates_rows import AdvanceInput
from tests.services.orglife.candidate_helpers import TODAY, candidate, setup, years_ago


def test_stage_figures_as_at_the_periods_end(services) -> None:
    tree, one, two, _ = setup(services)
    services.candidates.create(candidate(tree.branch_a, "甲", applied_on=years_ago(4)))
    services.candidates.create(candidate(tree.branch_a, "乙", applied_on=years_ago(4), activist_on=years_ago(3)))
    c = services.candidates.create(candidate(tree.branch_b, "丙", applied_on=years_ago(4), activist_on=years_ago(3),
                                             target_on=years_ago(2)))
    services.candidates.advance(c.id, AdvanceInput(years_ago(1), one, two))  # a 预备党员 now: not counted
    services.candidates.create(candidate(tree.other_branch, "丁"))  # another community

    def value(name: str, period: str) -> str:
        return figures.evaluate(name, FigureContext(services, tree.community, parse_period(period))).text()

    now = str(TODAY.year)
    assert [value(n, now) for n in ("入党申请人数", "入党积极分子数", "发展对象数")] == ["1名", "1名", "0名"]
    then = str(years_ago(2).year)  # at the end of that year 丙 was a 发展对象 (unless it ended before)
    counts = services.candidates.stage_counts(tree.community, parse_period(then).end)
    assert value("发展对象数", then) == f"{counts['发展对象']}名"
    assert counts["入党申请人"] + counts["入党积极分子"] + counts["发展对象"] + counts["预备党员"] == 3
