"""The 双向评议 table printed from the record: the community's scores of each unit (each
criterion, total, rank, grade) and the units' scores of the community, with the criteria's
weights and the grade thresholds stated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.domain.cobuild.appraisal import Criterion, Thresholds
from app.reports.kit.blocks import Block, DocSpec, Para, Signature, Table, Title
from app.reports.kit.document import render_counted
from app.services.cobuild.appraisal import OF_COMMUNITY, OF_UNIT, ScoredRow


def _score(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def score_table(rows: Sequence[ScoredRow], criteria: Sequence[Criterion], caption: str) -> Table:
    names = tuple(c.name for c in criteria)
    body = tuple((str(r.rank), r.name, *(_score(r.scores[n]) for n in names), f"{r.total:.2f}", r.grade)
                 for r in rows)
    # Widths in points at 9.5 pt: each header on one line (a four-character criterion), and a
    # 13-character unit name, a county's usual longest, too; so a community's table fits a page.
    return Table(("名次", "单位", *names, "总分", "等次"), body, (28, 132, *(45,) * len(names), 36, 28),
                 caption=caption, align_left=(1,), font_size=9.5)


def render_appraisal(org_name: str, year: int, criteria: Sequence[Criterion], of_units: Sequence[ScoredRow],
                     of_community: Sequence[ScoredRow], community_total: Decimal | None,
                     thresholds: Thresholds, printed_on: dt.date | None = None) -> tuple[bytes, int]:
    """PDF bytes and page count."""
    title = f"{org_name}{year}年度共驻共建双向评议结果"
    weights = "、".join(f"{c.name}{_score(c.weight)}" for c in criteria)
    blocks: list[Block] = [
        Title(title),
        Para((f"评分内容及权重：{weights}。各项满分100分，总分按权重折算为百分制；等次：好（{_score(thresholds.good)}分及以上）、"
              f"较好（{_score(thresholds.fairly_good)}分及以上）、一般（{_score(thresholds.fair)}分及以上）、差。",)),
    ]
    if of_units:
        blocks.append(score_table(of_units, criteria, f"一、{org_name}对共建单位的评议"))
    if of_community:
        blocks.append(score_table(of_community, criteria, f"二、共建单位对{org_name}的评议"))
        if community_total is not None:
            blocks.append(Para((f"共建单位对{org_name}的平均评分为{community_total:.2f}分。",)))
    if not of_units and not of_community:
        blocks.append(Para(("本年度尚未录入评议分数。",)))
    blocks.append(Signature(org_name, printed_on or dt.date.today()))
    return render_counted(DocSpec(tuple(blocks), title=title, author=org_name, keywords=("双向评议", str(year))))


def print_appraisal(services: Any, round_id: int, printed_on: dt.date | None = None) -> tuple[bytes, int]:
    """The year's appraisal of one organisation as the records hold it."""
    appraisals = services.appraisals
    r = next((x for x in appraisals.rounds() if x.id == round_id), None)
    if r is None:
        from app.domain.kit.errors import NotFoundError

        raise NotFoundError("找不到这一年度的双向评议，可能已被删除，请刷新")
    return render_appraisal(r.org_name, r.year, r.criteria, appraisals.table(round_id, OF_UNIT),
                            appraisals.table(round_id, OF_COMMUNITY), appraisals.community_total(round_id),
                            appraisals.thresholds(), printed_on)
