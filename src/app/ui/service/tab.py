"""The 服务 tab: volunteer service of the organisation chosen on the left.

The pages: 服务记录 (record, confirm or return, correct; the records waiting for confirmation are
named above the pages when the tab opens), 报到登记 (in-service members reporting in, who has not),
志愿者 (members and residents), 服务队伍 (teams, their members and leader), 服务岗位 (posts to
claim), 服务活动 (sign-up, attendance, the records it makes), 时长统计 (hours by person, team, unit,
category, activity; progress against the quota and who is behind; the points ranking; the quota
and points settings). Records are read when the tab is first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.kit.changes import Change
from app.domain.service.record_fields import RecordStatus
from app.services.container import Services
from app.services.service.rows import RecordQuery
from app.ui.kit.area_tab import Banner, RecordAreaTab
from app.ui.kit.changes import ChangeBus
from app.ui.service.activities_page import ActivitiesPage
from app.ui.service.hours_page import HoursPage
from app.ui.service.people_page import ReportsPage, VolunteersPage
from app.ui.service.posts_page import PostsPage
from app.ui.service.records_page import RecordsPage
from app.ui.service.teams_page import TeamsPage


class ServiceTab(RecordAreaTab):
    title = "服务"
    concerns = frozenset({Change.SERVICE, Change.COBUILD, Change.ORGS, Change.MEMBERS, Change.SETTINGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "serviceOrgTree", parent)
        self.records = RecordsPage(services, config)
        self.reports = ReportsPage(services, config)
        self.volunteers = VolunteersPage(services, config)
        self.teams = TeamsPage(services, config)
        self.posts = PostsPage(services, config)
        self.activities = ActivitiesPage(services, config)
        self.hours = HoursPage(services)
        self.banner = Banner("pendingBanner", "查看待确认的记录",
                             lambda: self.records.show_status(RecordStatus.PENDING.value))
        self.banner_text, self.show_pending = self.banner.text, self.banner.button
        self.set_pages("servicePages", ((self.records, "服务记录"), (self.reports, "报到登记"), (self.volunteers, "志愿者"),
                                        (self.teams, "服务队伍"),
                                        (self.posts, "服务岗位"),
                                        (self.activities, "服务活动"), (self.hours, "时长统计")),
                       banner=self.banner, reveal=("serviceReveal", "显示完整身份证号和电话"))

    def update_banner(self) -> None:
        waiting = self.services.service_records.count(RecordQuery(org_id=self.scope.scope_id(),
                                                                  status=RecordStatus.PENDING.value))
        self.banner.say(f"有{waiting}条服务记录等待确认；确认后才计入服务时长。" if waiting else "")
