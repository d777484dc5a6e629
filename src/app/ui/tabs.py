"""Which tabs the main window shows, in order. Each capability adds its tab here."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.container import Services
from app.ui.changes import ChangeBus
from app.ui.member_tab import MemberTab
from app.ui.org_tab import OrgTab


def build_tabs(services: Services, bus: ChangeBus) -> list[QWidget]:
    return [OrgTab(services.orgs, bus),
            MemberTab(services.members, services.orgs, services.settings, bus, exports=services.exports)]
