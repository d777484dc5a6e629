"""The briefing knows the figures of the modules listed in areas.FIGURE_AREAS, and only those:
declaring a figure in a module does not register it, listing the module does."""

from __future__ import annotations

import datetime as dt
import pkgutil
from types import SimpleNamespace

import pytest

import app.reports.briefings as package
from app.reports.briefings import areas, figures
from app.reports.briefings.figures import FigureContext, declared, evaluate, figure, lookup, table
from app.reports.briefings.period import Period

Q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026年第一季度")


@figure("试验区域数", "个", "试验", "只在本测试中声明")
def _trial(ctx: FigureContext) -> int:
    return 7


@table("试验表格")
def _trial_table(ctx: FigureContext) -> object:
    return None


def test_every_module_that_declares_figures_is_listed() -> None:
    listed = {m.__name__ for m in areas.area_modules()}
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.split(".")[-1].startswith(("figures", "findings")):
            __import__(info.name)
            d = declared(info.name)
            if d.figures or d.charts or d.tables or d.findings or d.derived:
                assert info.name in listed, f"{info.name} declares figures but is not in FIGURE_AREAS"


def test_no_two_areas_declare_the_same_name() -> None:
    seen: dict[str, str] = {}
    for module in areas.area_modules():
        d = declared(module.__name__)
        for name in (*d.figures, *d.charts, *d.tables):
            assert name not in seen, f"“{name}” is declared by {seen[name]} and {module.__name__}"
            seen[name] = module.__name__
    assert {"党员总数", "驻区单位数", "志愿服务时长", "经费收入总额", "组织名称", "台账问题数"} <= set(seen)


def test_a_module_not_listed_adds_nothing() -> None:
    assert lookup("试验区域数") is None and "试验区域数" not in figures.FIGURES
    assert "试验表格" not in figures.TABLES
    assert "试验区域数" not in [f.name for f in figures.catalogue(derived=True)]


def test_listing_a_module_is_the_one_line_that_adds_its_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(areas, "FIGURE_AREAS", (*areas.FIGURE_AREAS, areas.FigureArea("trial", __name__)))
    monkeypatch.setattr(figures, "_REGISTRY", [])  # as in a fresh start of the program
    assert figures.FIGURES["试验区域数"].group == "试验" and "试验表格" in figures.TABLES
    ctx = FigureContext(SimpleNamespace(), 1, Q1)
    assert evaluate("试验区域数", ctx).text() == "7个"
    # The derived names of a listed count figure come with it.
    assert lookup("试验区域数较上期增减") is not None


class _Members:
    def __init__(self) -> None:
        self.calls = 0

    def stats(self, org_id: int, day: dt.date, by_org: bool = False) -> SimpleNamespace:
        self.calls += 1
        return SimpleNamespace(total=10, full=8, probationary=2, by_sex={"男": 4, "女": 6}, lost_contact=1,
                               mobile=0, by_org={})


def test_an_area_reads_its_statistics_once_per_briefing() -> None:
    members = _Members()
    ctx = FigureContext(SimpleNamespace(members=members), 1, Q1)
    values = [evaluate(n, ctx).text() for n in ("党员总数", "正式党员数", "预备党员数", "女党员数", "失联党员数")]
    assert values == ["10名", "8名", "2名", "6名", "1名"]
    assert members.calls == 1
    assert not hasattr(ctx, "member_stats")  # the member figures ask their area, not the context


def test_without_the_member_area_its_figures_say_why() -> None:
    ctx = FigureContext(SimpleNamespace(), 1, Q1)
    with pytest.raises(figures.FigureUnavailable, match="尚未启用党员信息"):
        evaluate("党员总数", ctx)
