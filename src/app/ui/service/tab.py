"""The 服务 tab: volunteer service of the organisation chosen on the left.

The pages: 服务记录 (record, confirm or return, correct; the records waiting for confirmation are
named above the pages when the tab opens), 报到登记 (in-service members reporting in, who has not),
志愿者 (members and residents), 服务活动 (sign-up, attendance, the records it makes), 时长统计 (hours by person, team, unit, category, activity; who is
behind the quota). Records are read when the tab is first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.domain.service.record_fields import RecordStatus
from app.services.access.auth import can
from app.services.container import Services
from app.services.service.rows import RecordQuery
from app.ui.cobuild.tab import BANNER_STYLE
from app.ui.kit.changes import ChangeBus
from app.ui.orgs.scope import OrgScope
from app.ui.service.activities_page import ActivitiesPage
from app.ui.service.hours_page import HoursPage
from app.ui.service.people_page import ReportsPage, VolunteersPage
from app.ui.service.records_page import RecordsPage

CONCERNS = {Change.SERVICE, Change.COBUILD, Change.ORGS, Change.MEMBERS, Change.SETTINGS, Change.ALL}


class ServiceTab(QWidget):
    title = "服务"

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope = OrgScope(services.orgs, services.settings, "serviceOrgTree")
        self.records = RecordsPage(services, config)
        self.reports = ReportsPage(services, config)
        self.volunteers = VolunteersPage(services, config)
        self.activities = ActivitiesPage(services, config)
        self.hours = HoursPage(services)
        self.pages = QTabWidget()
        self.pages.setObjectName("servicePages")
        for page, title in ((self.records, "服务记录"), (self.reports, "报到登记"), (self.volunteers, "志愿者"),
                            (self.activities, "服务活动"), (self.hours, "时长统计")):
            self.pages.addTab(page, title)

        self.banner = QFrame()
        self.banner.setObjectName("pendingBanner")
        self.banner.setStyleSheet(BANNER_STYLE.replace("endingBanner", "pendingBanner"))
        self.banner_text = QLabel()
        self.show_pending = QPushButton("查看待确认的记录")
        self.show_pending.clicked.connect(lambda: self.records.show_status(RecordStatus.PENDING.value))
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.show_pending)
        self.banner.hide()

        self.reveal_box = QCheckBox("显示完整身份证号和电话")
        self.reveal_box.setObjectName("serviceReveal")
        self.reveal_box.setVisible(can(services.actor, Permission.SHOW_SENSITIVE))
        self.reveal_box.toggled.connect(self._reveal)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.pages, 1)
        right_layout.addWidget(self.reveal_box, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter()
        splitter.addWidget(self.scope)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        splitter.setSizes([18 * em, 72 * em])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        editable = can(services.actor, Permission.EDIT_RECORDS)
        for page in (self.records, self.reports, self.volunteers, self.activities):
            page.set_editable(editable)
        self.scope.changed.connect(self.reload)
        bus.changed.connect(self._on_changed)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        org_id = self.scope.scope_id()
        for page in (self.records, self.reports, self.volunteers, self.activities, self.hours):
            page.set_scope(org_id)
        self.update_banner()

    def update_banner(self) -> None:
        waiting = self.services.service_records.count(RecordQuery(org_id=self.scope.scope_id(),
                                                                  status=RecordStatus.PENDING.value))
        self.banner.setVisible(waiting > 0)
        self.banner_text.setText(f"有{waiting}条服务记录等待确认；确认后才计入服务时长。" if waiting else "")

    def _reveal(self, on: bool) -> None:
        for page in (self.records, self.reports, self.volunteers):
            page.model.set_context(reveal=on)

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded or not (set(changes) & CONCERNS):
            return
        if Change.ORGS in changes or Change.ALL in changes:
            self.scope.reload()
        self.reload()
