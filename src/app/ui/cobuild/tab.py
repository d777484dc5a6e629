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

from PySide6.QtWidgets import QWidget

from app.domain.cobuild.agreements import Status
from app.domain.kit.changes import Change
from app.services.container import Services
from app.ui.cobuild.agreements_page import AgreementsPage
from app.ui.cobuild.appraisal_page import AppraisalPage
from app.ui.cobuild.lists_page import ListsPage
from app.ui.cobuild.meetings_page import MeetingsPage
from app.ui.cobuild.units_page import UnitsPage
from app.ui.kit.area_tab import Banner, RecordAreaTab
from app.ui.kit.changes import ChangeBus

SHOWN_ENDING = 5  # agreements named in the banner; the button shows them all


class CobuildTab(RecordAreaTab):
    title = "共建"
    concerns = frozenset({Change.COBUILD, Change.ORGS, Change.MEMBERS, Change.SETTINGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "cobuildOrgTree", parent)
        self.units = UnitsPage(services, config)
        self.agreements = AgreementsPage(services, config)
        self.lists = ListsPage(services, config)
        self.meetings = MeetingsPage(services, config)
        self.appraisal = AppraisalPage(services, config)
        self.banner = Banner("endingBanner", "查看即将到期的协议", self.open_ending)
        self.banner_text, self.show_ending = self.banner.text, self.banner.button
        self.set_pages("cobuildPages", ((self.units, "驻区单位"), (self.agreements, "共建协议"), (self.lists, "三张清单"),
                                        (self.meetings, "联席会"), (self.appraisal, "双向评议")),
                       banner=self.banner, reveal=("cobuildReveal", "显示完整电话号码"))

    def update_banner(self) -> None:
        """The agreements of the scope that end within the warning period, soonest first."""
        days = self.services.agreements.warn_days()
        ending = self.services.agreements.ending_within(days, self.scope.scope_id())
        if not ending:
            self.banner.say("")
            return
        named = "；".join(f"{a.unit_name}（{a.number}，{'今天' if a.days_left() == 0 else f'{a.days_left()}天后'}到期）"
                         for a in ending[:SHOWN_ENDING])
        more = f"等{len(ending)}份" if len(ending) > SHOWN_ENDING else ""
        self.banner.say(f"有{len(ending)}份共建协议将在{days}天内到期，请及时续签：{named}{more}。")

    def open_ending(self) -> None:
        self.pages.setCurrentWidget(self.agreements)
        self.agreements.show_status(Status.ENDING.value)
