"""The 阵地队伍 tab: sites, the people who run the work, brands and grid visits of the
organisation chosen on the left.

Above the pages, the grid-visit follow-ups past their due date are named as soon as the tab
opens, with a button that shows them. The pages: 阵地 (党群服务中心, 活动场所, 共享型组织生活基地),
书记和专职 (第一书记 / 副书记, 专职党务工作者, 两委成员), 特色品牌 (steps in order), 进格入户 (the
visit log). Records are read when the tab is first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.kit.changes import Change
from app.services.container import Services
from app.ui.kit.area_tab import Banner, RecordAreaTab
from app.ui.kit.changes import ChangeBus
from app.ui.sites.people_pages import SiteListPage, StaffPage
from app.ui.sites.work_pages import BrandsPage, VisitsPage

SHOWN_OVERDUE = 3  # follow-ups named in the banner; the button shows them all


class SitesTab(RecordAreaTab):
    title = "阵地队伍"
    concerns = frozenset({Change.SITES, Change.COBUILD, Change.ORGS, Change.SETTINGS})

    def __init__(self, services: Services, bus: ChangeBus, config: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, bus, "sitesOrgTree", parent)
        self.sites = SiteListPage(services, config)
        self.staff = StaffPage(services, config)
        self.brands = BrandsPage(services, config)
        self.visits = VisitsPage(services, config)
        self.banner = Banner("overdueBanner", "查看逾期未办结的事项", self.open_overdue)
        self.banner_text, self.show_overdue = self.banner.text, self.banner.button
        self.set_pages("sitesPages", ((self.sites, "阵地"), (self.staff, "书记和专职"), (self.brands, "特色品牌"),
                                      (self.visits, "进格入户")),
                       banner=self.banner, reveal=("sitesReveal", "显示完整身份证号"))

    def update_banner(self) -> None:
        late = self.services.grid_visits.overdue(self.scope.scope_id())
        if not late:
            self.banner.say("")
            return
        named = "；".join(f"{v.visitor}走访{v.household}（{v.due_on}到期）" for v in late[:SHOWN_OVERDUE])
        more = f"等{len(late)}项" if len(late) > SHOWN_OVERDUE else ""
        self.banner.say(f"进格入户有{len(late)}项跟进事项已过办理期限仍未办结：{named}{more}。")

    def open_overdue(self) -> None:
        self.pages.setCurrentWidget(self.visits)
        self.visits.show_overdue()
