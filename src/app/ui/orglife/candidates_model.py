"""The 发展党员 table: the columns of a candidate; paging, caching and sorting are the kit's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.domain.orglife.candidates_fields import CANDIDATE_SPEC
from app.services.orglife.candidates import CandidateService
from app.services.orglife.candidates_rows import CandidateQuery, CandidateRow
from app.ui.kit.colours import GREEN
from app.ui.kit.paged_model import Column, PagedTableModel
from app.ui.kit.spec_columns import field, text


def _introducers(row: CandidateRow) -> str:
    return "、".join(n for n in (row.introducer1_name, row.introducer2_name) if n)


CANDIDATE_COLUMNS: tuple[Column[Any], ...] = (
    field(CANDIDATE_SPEC, "name", "欧阳秀英", "name"),
    text("stage", "所处阶段", "入党积极分子", lambda r: r.stage, None,
         lambda r: GREEN if r.stage == "正式党员" else None),
    text("stage_date", "进入本阶段日期", "2026-03-01", lambda r: r.stage_date, "stage_date"),
    text("org", "所在党支部", "第四网格党支部", lambda r: r.org_name),
    field(CANDIDATE_SPEC, "applied_on", "2026-03-01", "applied_on"),
    field(CANDIDATE_SPEC, "activist_on", "2026-03-01", "activist_on"),
    field(CANDIDATE_SPEC, "target_on", "2026-03-01", "target_on"),
    text("introducers", "入党介绍人", "欧阳秀英、王建国", _introducers),
    field(CANDIDATE_SPEC, "sex", "性别", None),
    field(CANDIDATE_SPEC, "id_number", "110***********1234", None),
    field(CANDIDATE_SPEC, "phone", "139****5678", None),
)


class CandidateTableModel(PagedTableModel[CandidateQuery, CandidateRow]):
    def __init__(self, candidates: CandidateService, parent: QObject | None = None) -> None:
        super().__init__(candidates, CANDIDATE_COLUMNS, CandidateQuery(), parent)
