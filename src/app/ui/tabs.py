"""Which tabs the main window shows, in order, for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.access.permissions import Permission
from app.services.access.auth import can
from app.services.container import Services
from app.ui.briefings.tab import BriefingTab
from app.ui.cobuild.tab import CobuildTab
from app.ui.funds.dues_tab import DuesTab
from app.ui.funds.tab import FundsTab
from app.ui.kit.changes import ChangeBus
from app.ui.members.tab import MemberTab
from app.ui.orglife.tab import OrglifeTab
from app.ui.orgs.tab import OrgTab
from app.ui.safety.audit_tab import AuditTab
from app.ui.service.tab import ServiceTab
from app.ui.sites.tab import SitesTab


def build_tabs(services: Services, bus: ChangeBus, config: dict[str, Any] | None = None) -> list[QWidget]:
    """``config``: the app config the tabs keep their column widths in."""
    tabs: list[QWidget] = []
    actor = services.actor
    if can(actor, Permission.VIEW_RECORDS):
        tabs.append(OrgTab(services.orgs, bus))
        tabs.append(MemberTab(services.members, services.orgs, services.settings, bus, exports=services.exports,
                              config=config))
        tabs.append(OrglifeTab(services, bus, config))
        tabs.append(CobuildTab(services, bus, config))
        tabs.append(ServiceTab(services, bus, config))
        tabs.append(FundsTab(services, bus, config))
        tabs.append(DuesTab(services, bus, config))
        tabs.append(SitesTab(services, bus, config))
    if can(actor, Permission.PRINT_REPORTS) or can(actor, Permission.VIEW_RECORDS):
        tabs.append(BriefingTab(services, bus))
    if actor.role is not None and can(actor, Permission.READ_AUDIT):
        tabs.append(AuditTab(services.audit, bus, query=services.audit_query, services=services))
    return tabs
