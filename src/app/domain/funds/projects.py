"""Special-fund projects (服务群众专项经费): the five steps every project goes through, in order."""

from __future__ import annotations

from app.domain.kit.fields import Field, Kind

STAGES = ("项目议定", "审核备案", "实施", "验收", "公示")
PUBLISHED = STAGES[-1]


def next_stage(stage: str) -> str | None:
    """The step after ``stage``; None once the project is published (公示)."""
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def _fields() -> tuple[Field, ...]:
    F = Field
    return (
        F("org_id", "所属组织", Kind.ORG, True, ("社区", "党组织"), width=14, ref="org"),
        F("name", "项目名称", Kind.TEXT, True, ("项目",), max_length=60, width=24,
          placeholder="如：老旧小区楼道照明改造"),
        F("budget", "项目预算", Kind.MONEY, False, ("预算", "预算金额"), width=12, placeholder="如 20000",
          sample="20000"),
        F("proposed_on", "提议日期", Kind.DATE, False, (), width=11, help="不填则与议定日期相同"),
        F("resolved_on", "议定日期", Kind.DATE, True, ("议定时间",), width=11),
        F("by", "议定人", Kind.TEXT, True, ("经办人",), max_length=30, width=8,
          placeholder="如：社区党委会议（主持人 张国强）"),
        F("description", "项目说明", Kind.LONG_TEXT, False, ("说明",), max_length=500, width=20),
    )


# The 新建专项项目 form: the project as agreed (项目议定), its first step.
PROJECT_FIELDS: tuple[Field, ...] = _fields()
