"""Special-fund projects (服务群众专项经费): the five steps every project goes through, in order."""

from __future__ import annotations

STAGES = ("项目议定", "审核备案", "实施", "验收", "公示")
PUBLISHED = STAGES[-1]


def next_stage(stage: str) -> str | None:
    """The step after ``stage``; None once the project is published (公示)."""
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None
