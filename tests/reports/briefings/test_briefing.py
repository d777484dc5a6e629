"""Briefings whose figures come from the records; unfilled placeholders; 第X期 numbering."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.domain.kit.errors import ConflictError, ValidationError
from app.reports.briefings import figures, templates
from app.reports.briefings.briefing import (
    BriefingRequest,
    Kind,
    briefing_service,
    issue_briefing,
    render_briefing,
)
from app.reports.briefings.period import parse_period
from tests.reports.kit.helpers import build_known
from tests.reports.kit.pdfcheck import fonts, reader, text

TODAY = dt.date.today()
PERIOD = parse_period(str(TODAY.year))


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def test_the_built_in_report_quotes_the_records(services) -> None:
    known = build_known(services)
    result = render_briefing(services, BriefingRequest(known.street, PERIOD, Kind.REPORT,
                                                       issued_on=dt.date(2026, 7, 1)))
    assert result.ok, [str(p) for p in result.problems]
    t = flat(result.pdf)
    assert f"城关街道{TODAY.year}年党建工作情况汇报" in t
    # 2 communities + 5 branches (3 grid, 1 retired, 1 joint) + 4 groups
    assert "下设各级党组织11个" in t
    assert "党支部5个（含网格党支部3个）" in t and "党小组4个" in t
    assert "共有在册党员7名" in t and "预备党员1名" in t and "在职党员3名" in t
    assert "离退休党员2名" in t
    assert "1个党组织已过届满日期尚未换届（和平社区党委）" in t  # its term ended in 2023
    assert "城关街道党工委" in t and "2026年7月1日" in t  # signature
    assert all(fonts(result.pdf).values())
    assert result.pages == len(reader(result.pdf).pages)


def test_figures_follow_the_chosen_subtree(services) -> None:
    known = build_known(services)
    tpl = "标题：测试\n党员{党员总数}，网格党支部{网格党支部数}，党小组{党小组数:数值}。\n"
    result = render_briefing(services, BriefingRequest(
        known.community, PERIOD, template_text=tpl))
    assert result.ok
    assert "党员3名，网格党支部2个，党小组2。" in flat(result.pdf)


def test_a_placeholder_the_records_cannot_fill_is_a_problem_not_a_blank(services) -> None:
    known = build_known(services, with_members=False)
    tpl = "标题：测试\n共有党员{党员总数}，另有{没有这个数}。\n[饼图：党员类别]\n"
    result = render_briefing(services, BriefingRequest(known.street, PERIOD, template_text=tpl))
    names = {p.placeholder for p in result.problems}
    assert names == {"党员总数", "没有这个数", "党员类别"}
    assert all(p.line in (2, 3) for p in result.problems)
    t = flat(result.pdf)
    assert "【党员总数？】" in t and "【没有这个数？】" in t  # shown in the preview
    with pytest.raises(ValidationError, match="党员总数"):
        issue_briefing(services, BriefingRequest(known.street, PERIOD, template_text=tpl))
    assert briefing_service(services).list() == []


def test_bulletin_numbers_continue_through_the_year_and_reprint_exactly(services) -> None:
    known = build_known(services)
    day = dt.date(2026, 7, 1)
    request = BriefingRequest(known.street, parse_period("2026Q2"), Kind.BULLETIN, issued_on=day)
    first, r1 = issue_briefing(services, request)
    second, r2 = issue_briefing(services, request)
    assert (first.number, second.number) == (1, 2)
    assert (first.total_number, second.total_number) == (1, 2)
    assert "第1期（总第1期）" in flat(r1.pdf) and "第2期（总第2期）" in flat(r2.pdf)
    assert "党建工作简报" in flat(r2.pdf)
    svc = briefing_service(services)
    assert svc.pdf(first.id) == r1.pdf
    assert [b.label for b in svc.list()] == ["2026年第2期", "2026年第1期"]
    # a new year starts again at 第1期 and 总第X期 goes on; a work report has its own sequence
    next_year = dataclasses.replace(request, issued_on=dt.date(2027, 1, 5))
    third, r3 = issue_briefing(services, next_year)
    assert (third.number, third.total_number) == (1, 3) and "第1期（总第3期）" in flat(r3.pdf)
    assert svc.next_number(known.street, "工作汇报", 2026) == 1
    # an issue whose number was taken meanwhile is refused, nothing kept twice
    stale = dataclasses.replace(request, number=2)
    with pytest.raises(ConflictError, match="第2期已经印发"):
        issue_briefing(services, stale)
    assert len(svc.list(year=2026)) == 2
    assert services.audit.recent(1)[0].action == "印发材料"


def test_every_registered_figure_is_computable_on_the_demo(demo_services) -> None:
    root = demo_services.settings.get("office_org_id")
    ctx = figures.FigureContext(demo_services, root, parse_period(str(TODAY.year)))
    for f in figures.catalogue():
        value = figures.evaluate(f.name, ctx)
        assert value.text() != ""
    for name, source in figures.CHARTS.items():
        assert source(ctx).labels, name
    for name, source in figures.TABLES.items():
        assert source(ctx).rows, name


def test_templates_parse_headings_markers_and_settings(tmp_path) -> None:
    tpl = templates.parse(templates.builtin("简报"))
    assert tpl.setting("报头") == "党建工作简报"
    assert not any(tpl.setting(k) for k in ("报", "送", "发", "印数"))  # 版记 belongs to the issuer
    kinds = [(line.kind, line.level) for line in tpl.lines]
    assert ("heading", 1) in kinds and ("chart", 0) in kinds
    for kind in ("工作汇报", "简报"):
        parsed = templates.parse(templates.builtin(kind))
        assert parsed.problems == ()
        used = {n for line in parsed.lines for n in templates.placeholders(line.text)}
        assert all(figures.lookup(n) is not None for n in used), kind
        assert "党员总数较上期增减" in used  # a derived figure
    # a template saved by Windows Notepad in GBK still opens
    path = tmp_path / "旧模板.txt"
    path.write_bytes("标题：测试\n党员{党员总数}\n".encode("gb18030"))
    assert "党员{党员总数}" in templates.load(path)
    saved = templates.save("我的汇报", "标题：x\n")
    assert templates.available()["我的汇报"] == saved


def test_report_and_bulletin_count_branches_the_same_way(services) -> None:
    known = build_known(services)
    day = dt.date(2026, 7, 1)
    for kind in (Kind.REPORT, Kind.BULLETIN):
        t = flat(render_briefing(services, BriefingRequest(known.street, PERIOD, kind, issued_on=day)).pdf)
        # 5 branches of which 3 are grid branches: never printed as if they were 8
        assert "党支部5个（含网格党支部3个）" in t, kind
        assert "网格党支部3个、" not in t and "党支部5个、网格党支部" not in t
