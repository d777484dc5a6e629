"""The briefing's figures, area by area: the one list that says which figures a 简报 knows.

Each area declares its figures, charts and tables in its own module with ``@figure``,
``@chart`` and ``@table`` (app.reports.briefings.figures); declaring files them under the
module, and the briefing reads exactly the modules listed here, in this order (the figure
catalogue, the template help and the checks of a template follow it). A module left out of
the list is not used, whoever imports it.

Adding an area's figures is one line: ``FigureArea("orglife", "figures_orglife"),``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

PACKAGE = "app.reports.briefings"


@dataclass(frozen=True)
class FigureArea:
    key: str  # the area's key, as in app.services.areas.AREAS ("general" for the document's own facts)
    module: str  # the module of app.reports.briefings that declares them (or a full dotted name)

    def load(self) -> ModuleType:
        return importlib.import_module(self.module if "." in self.module else f"{PACKAGE}.{self.module}")


FIGURE_AREAS: tuple[FigureArea, ...] = (
    FigureArea("general", "figures"),  # 组织名称, 期间, 截止日期, 印发日期 …
    FigureArea("orgs", "figures_orgs"),
    FigureArea("members", "figures_members"),
    FigureArea("cobuild", "figures_cobuild"),
    FigureArea("service", "figures_service"),
    FigureArea("funds", "figures_funds"),
    FigureArea("orglife", "figures_orglife"),
    FigureArea("candidates", "figures_candidates"),
    FigureArea("sites", "figures_sites"),
    FigureArea("derived", "figures_derived"),  # {名称较上期增减}, thresholds
    FigureArea("findings", "findings"),  # 台账问题数 and the [问题清单]
)


def area_modules() -> list[ModuleType]:
    """The listed modules, loaded."""
    return [area.load() for area in FIGURE_AREAS]
