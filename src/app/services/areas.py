"""The record areas, in one explicit list: what each adds to the shared machinery.

Reading this list tells what the product holds. Nothing registers itself by being imported:
the organisation service asks the areas whether an organisation may close, the demo builder
asks each area to add its records (and which tables to empty on ``demo --force``, children
first). The command line's areas are listed in app.cli.registry, the tabs in app.ui.tabs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.services.cobuild import demo as cobuild_demo
from app.services.cobuild.agreements import refuse_closing_with_agreements
from app.services.cobuild.units import refuse_closing_with_units
from app.services.funds import demo as funds_demo
from app.services.funds.closing import refuse_closing_with_funds
from app.services.members import demo as member_demo
from app.services.members.service import refuse_closing_with_members
from app.services.orglife import candidates_demo
from app.services.orglife import demo as orglife_demo
from app.services.service import demo as service_demo
from app.services.service.reports import refuse_closing_with_service
from app.services.sites import demo as sites_demo
from app.services.sites.records import refuse_closing_with_sites

if TYPE_CHECKING:
    from app.db.models import Organization
    from app.services.container import Services
    from app.services.demo import DemoCounty

CloseCheck = Callable[[Session, "Organization"], None]
DemoBuilder = Callable[["Services", "DemoCounty", random.Random, dict[str, Any]], None]


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    # Each raises ConflictError to refuse closing an organisation its records hang on.
    close_checks: tuple[CloseCheck, ...] = ()
    demo: DemoBuilder | None = None  # adds the area's records to the demonstration county
    tables: tuple[str, ...] = ()  # the area's tables, children first (emptied on demo --force)


AREAS: tuple[Area, ...] = (
    Area("orgs", "组织"),
    Area("members", "党员", close_checks=(refuse_closing_with_members,), demo=member_demo.add_demo_members,
         tables=("member_events", "members")),
    # Before the other areas: the candidates it admits join the roster, so dues, attendance and
    # service see them as they see every member.
    Area("candidates", "发展党员", demo=candidates_demo.add_demo_candidates, tables=("candidates",)),
    Area("cobuild", "共建", close_checks=(refuse_closing_with_units, refuse_closing_with_agreements),
         demo=cobuild_demo.add_demo_cobuild,
         tables=("appraisal_scores", "appraisal_rounds", "meeting_decisions", "meeting_units", "meetings",
                 "list_items", "agreement_files", "agreement_items", "agreements", "unit_members", "secondments",
                 "council_members", "units")),
    Area("service", "服务", close_checks=(refuse_closing_with_service,), demo=service_demo.add_demo_service,
         tables=("service_certificates", "service_signups", "service_records", "service_activities",
                 "service_post_claims", "service_posts", "service_reports", "service_team_members", "service_teams",
                 "volunteers")),
    # The sources and categories stay: the migration gave them and offices edit them.
    Area("funds", "经费", close_checks=(refuse_closing_with_funds,), demo=funds_demo.add_demo_funds,
         tables=("dues_remittances", "dues_payments", "dues_assessments", "fund_budgets", "fund_month_totals", "fund_year_totals",
                 "fund_closings", "fund_entry_files", "fund_entries", "fund_project_steps", "fund_projects")),
    # A branch with meetings may close: its record book is kept with the closed branch.
    Area("orglife", "组织生活", demo=orglife_demo.add_demo_orglife,
         tables=("orglife_appraisals", "orglife_attendance", "orglife_meeting_files", "orglife_meetings")),
    Area("sites", "阵地队伍", close_checks=(refuse_closing_with_sites,), demo=sites_demo.add_demo_sites,
         tables=("grid_visits", "brand_files", "brand_steps", "brands", "staff", "sites")),
)


def close_checks() -> list[CloseCheck]:
    return [check for area in AREAS for check in area.close_checks]


def wipe_tables() -> list[str]:
    """Every area's tables, later areas first (they hang on the earlier ones)."""
    return [table for area in reversed(AREAS) for table in area.tables]
