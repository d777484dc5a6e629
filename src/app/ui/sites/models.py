"""The 阵地队伍 tab's tables: sites, the people who run the work, brands, grid visits — their
columns and cell texts; paging, caching and sorting are the kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject

from app.domain.sites.fields import BRAND_SPEC, SITE_SPEC, STAFF_SPEC, VISIT_SPEC, staff_keys
from app.domain.sites.rules import BRAND_STEPS
from app.services.sites.rows import BrandRow, SiteRow, SitesQuery, StaffRow, VisitRow
from app.ui.kit.colours import GREY, RED
from app.ui.kit.paged_model import Column, PagedTableModel, RowSource
from app.ui.kit.spec_columns import field, text

SITE_COLUMNS: tuple[Column[SiteRow], ...] = (
    field(SITE_SPEC, "name", "文化路社区党群服务中心"),
    field(SITE_SPEC, "kind", "共享型组织生活基地"),
    text("org_id", "所在社区", "文化路社区党委", lambda r: r.org_name, "org_id"),
    text("unit_id", "共建单位", "青山县人民医院", lambda r: r.unit_name),
    text("area", "面积（平方米）", "1234.50", lambda r: r.area_m2, "area"),
    field(SITE_SPEC, "address", "和平路128号居委会一楼"),
    field(SITE_SPEC, "owner", "街道办事处"),
    field(SITE_SPEC, "opened_on", "2026-01-01"),
    field(SITE_SPEC, "standardised_year", "标准化"),
    text("status", "状态", "已停用", lambda r: r.status, None, lambda r: GREY if r.closed_on else None),
)


def _own(r: StaffRow, key: str) -> str:
    """是/否 for a kind that holds the field; empty for the others (a 第一书记 has no 持证上岗)."""
    return STAFF_SPEC.display(key, getattr(r, key)) if key in staff_keys(r.kind) else ""


def _staff_post(r: StaffRow) -> str:
    return r.post or (r.kind if r.kind in ("第一书记", "副书记") else "")


STAFF_COLUMNS: tuple[Column[StaffRow], ...] = (
    field(STAFF_SPEC, "name", "欧阳秀英"),
    field(STAFF_SPEC, "kind", "专职党务工作者"),
    text("org_id", "所在社区", "文化路社区党委", lambda r: r.org_name, "org_id"),
    text("post", "职务", "副主任", _staff_post, "post"),
    field(STAFF_SPEC, "home_unit", "县委组织部"),
    field(STAFF_SPEC, "term_start", "2026-01-01"),
    field(STAFF_SPEC, "term_end", "2026-01-01"),
    field(STAFF_SPEC, "hired_year", "招聘年份"),
    field(STAFF_SPEC, "hire_way", "公开招聘"),
    text("certified", "持证上岗", "持证", lambda r: _own(r, "certified")),
    text("cross_post", "交叉任职", "交叉", lambda r: _own(r, "cross_post")),
    field(STAFF_SPEC, "id_number", "110***********1234", None),
)


def _step_column(i: int, step: str) -> Column[BrandRow]:
    def when(r: BrandRow) -> str:
        day = r.step_on(step)
        return day.isoformat() if day else ""

    return text(f"step{i}", step, "2026-01-01", when)


BRAND_COLUMNS: tuple[Column[BrandRow], ...] = (
    field(BRAND_SPEC, "name", "银发先锋志愿"),
    text("org_id", "所在社区", "文化路社区党委", lambda r: r.org_name, "org_id"),
    text("stage", "当前进度", "评比验收", lambda r: r.stage),
    *(_step_column(i, s) for i, s in enumerate(BRAND_STEPS)),
    text("description", "品牌简介", "党建引领物业服务，物业企业党员亮身份", lambda r: r.description.split("\n")[0]),
)


def _state_colour(r: VisitRow) -> str | None:
    return RED if r.follow_state == "已逾期" else None


VISIT_COLUMNS: tuple[Column[VisitRow], ...] = (
    field(VISIT_SPEC, "visited_on", "2026-01-01"),
    field(VISIT_SPEC, "visitor", "欧阳秀英"),
    field(VISIT_SPEC, "visitor_role", "党员中心户"),
    field(VISIT_SPEC, "household", "12号楼3单元501"),
    text("state", "跟进状态", "跟进状态", lambda r: r.follow_state, None, _state_colour),
    text("follow_up", "跟进事项", "报物业维修更换", lambda r: r.follow_up.split("\n")[0]),
    field(VISIT_SPEC, "due_on", "2026-01-01"),
    field(VISIT_SPEC, "done_on", "2026-01-01"),
    text("matters", "反映事项", "楼道灯损坏，夜间出行不便", lambda r: r.matters.split("\n")[0]),
    field(VISIT_SPEC, "grid", "第三网格"),
    text("org_id", "所在社区", "文化路社区党委", lambda r: r.org_name, "org_id"),
)


class SitesTableModel(PagedTableModel[SitesQuery, Any]):
    """One list of the tab over its service, with its columns."""

    def __init__(self, source: RowSource[SitesQuery, Any], columns: Sequence[Column[Any]], query: SitesQuery,
                 parent: QObject | None = None, *, row_foreground: Callable[[Any], str | None] | None = None) -> None:
        super().__init__(source, columns, query, parent, row_foreground=row_foreground)
