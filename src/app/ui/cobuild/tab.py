"""The 共建 tab: co-building of the organisation chosen on the left.

Above the pages, the agreements ending within the warning period (a setting, 30 days) are listed
as soon as the tab opens, with a button that shows them. The pages: 驻区单位 (units, their members
and agreements), 共建协议 (by status; sign, terminate, renew, commitments, print), 三张清单 (needs,
resources, projects by status), 联席会 (joint meetings by year, attending units, decisions made
into projects, the sign-in sheet), 双向评议 (the community's yearly appraisal: criteria and
weights, the score grid both ways, totals, ranks and grades, the printed table). Records are read
when the tab is first shown.
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
from app.domain.cobuild.agreements import Status
from app.domain.kit.changes import Change, Changes
from app.services.access.auth import can
from app.services.container import Services
from app.ui.cobuild.agreements_page import AgreementsPage
from app.ui.cobuild.appraisal_page import AppraisalPage
from app.ui.cobuild.lists_page import ListsPage
from app.ui.cobuild.meetings_page import MeetingsPage
from app.ui.cobuild.units_page import UnitsPage
from app.ui.kit.changes import ChangeBus
from app.ui.orgs.scope import OrgScope

SHOWN_ENDING = 5  # agreements named in the banner; the button shows them all
BANNER_STYLE = "QFrame#endingBanner { background: #fff4e5; border: 1px solid #f0b070; border-radius: 4px; }"
CONCERNS = {Change.COBUILD, Change.ORGS, Change.MEMBERS, Change.SETTINGS, Change.ALL}


class CobuildTab(QWidget):
    title = "共建"

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope = OrgScope(services.orgs, services.settings, "cobuildOrgTree")
        self.units = UnitsPage(services, config)
        self.agreements = AgreementsPage(services, config)
        self.lists = ListsPage(services, config)
        self.meetings = MeetingsPage(services, config)
        self.appraisal = AppraisalPage(services, config)
        self.pages = QTabWidget()
        self.pages.setObjectName("cobuildPages")
        for page, title in ((self.units, "驻区单位"), (self.agreements, "共建协议"), (self.lists, "三张清单"),
                            (self.meetings, "联席会"), (self.appraisal, "双向评议")):
            self.pages.addTab(page, title)

        self.banner = QFrame()
        self.banner.setObjectName("endingBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.show_ending = QPushButton("查看即将到期的协议")
        self.show_ending.clicked.connect(self.open_ending)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.show_ending)
        self.banner.hide()

        self.reveal_box = QCheckBox("显示完整电话号码")
        self.reveal_box.setObjectName("cobuildReveal")
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
        for page in self.all_pages():
            page.set_editable(editable)
        self.scope.changed.connect(self.reload)
        bus.changed.connect(self._on_changed)
        self._loaded = False

    def all_pages(self) -> tuple[UnitsPage | AgreementsPage | ListsPage | MeetingsPage | AppraisalPage, ...]:
        return self.units, self.agreements, self.lists, self.meetings, self.appraisal

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        org_id = self.scope.scope_id()
        for page in self.all_pages():
            page.set_scope(org_id)
        self.update_banner()

    def update_banner(self) -> None:
        """The agreements of the scope that end within the warning period, soonest first."""
        days = self.services.agreements.warn_days()
        ending = self.services.agreements.ending_within(days, self.scope.scope_id())
        self.banner.setVisible(bool(ending))
        if not ending:
            self.banner_text.clear()
            return
        named = "；".join(f"{a.unit_name}（{a.number}，{'今天' if a.days_left() == 0 else f'{a.days_left()}天后'}到期）"
                         for a in ending[:SHOWN_ENDING])
        more = f"等{len(ending)}份" if len(ending) > SHOWN_ENDING else ""
        self.banner_text.setText(f"有{len(ending)}份共建协议将在{days}天内到期，请及时续签：{named}{more}。")

    def open_ending(self) -> None:
        self.pages.setCurrentWidget(self.agreements)
        self.agreements.show_status(Status.ENDING.value)

    def _reveal(self, on: bool) -> None:
        for page in (self.units, self.agreements, self.lists, self.meetings):
            page.model.set_context(reveal=on)

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded or not (set(changes) & CONCERNS):
            return
        if Change.ORGS in changes or Change.ALL in changes:
            self.scope.reload()
        self.reload()
