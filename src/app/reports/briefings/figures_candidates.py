"""Joining the Party (发展党员) figures: how many were at each early stage as at the period's end
(their stage on that day, from the stage dates; see CandidateService.stage_counts)."""

from __future__ import annotations

from app.reports.briefings.figures import FigureContext, figure

CANDIDATES = "发展党员"


def _counts(ctx: FigureContext) -> dict[str, int]:
    """Computed once per briefing and kept on the context."""
    cached = ctx.__dict__.get("_candidate_counts")
    if cached is None:
        cached = ctx.services.candidates.stage_counts(ctx.org_id, ctx.as_of)
        ctx.__dict__["_candidate_counts"] = cached
    return cached


def _count(name: str, stage: str) -> None:
    figure(name, "名", CANDIDATES, f"截止日期时处于“{stage}”阶段的人数（此后进入下一阶段的仍计入）")(
        lambda ctx: _counts(ctx)[stage])


_count("入党申请人数", "入党申请人")
_count("入党积极分子数", "入党积极分子")
_count("发展对象数", "发展对象")
