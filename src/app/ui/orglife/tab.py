"""The 组织生活 tab: organisation life of the organisation chosen on the left. Pages: 三会一课
(meetings and lessons by year and kind, attendance, sign-in sheet and 会议记录), 民主评议 (the year's
results per member), 落实情况 (branches behind schedule this quarter, members' attendance rates)
and 发展党员 (applicants through to full members: stages, introducers, the waiting times).
One more page is one more line in ``PAGES``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.kit.changes import Change
from app.services.container import Services
from app.ui.kit.area_tab import RecordAreaTab
from app.ui.kit.changes import ChangeBus
from app.ui.orglife.appraisal_page import AppraisalPage
from app.ui.orglife.candidates_page import CandidatesPage
from app.ui.orglife.meetings_page import OrgMeetingsPage
from app.ui.orglife.schedule_page import SchedulePage


class OrglifeTab(RecordAreaTab):
    title = "组织生活"
    concerns = frozenset({Change.ORGLIFE, Change.ORGS, Change.MEMBERS, Change.SETTINGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "orglifeOrgTree", parent)
        self.meetings = OrgMeetingsPage(services, config)
        self.appraisal = AppraisalPage(services)
        self.schedule = SchedulePage(services, config)
        self.candidates = CandidatesPage(services, config)
        pages: list[tuple[QWidget, str]] = [
            (self.meetings, "三会一课"),
            (self.appraisal, "民主评议"),
            (self.schedule, "落实情况"),
            (self.candidates, "发展党员"),
        ]
        self.set_pages("orglifePages", pages)
