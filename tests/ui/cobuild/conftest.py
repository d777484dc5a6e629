"""The 共建 tab's test data: a county tree, two units, an ending agreement, a draft, a need;
and the tab over them, shown."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.cobuild.agreement_rows import AgreementInput
from app.services.cobuild.list_rows import ListItemInput
from app.services.container import Services
from app.ui.cobuild.tab import CobuildTab
from app.ui.kit.changes import ChangeBus
from tests.services.cobuild.helpers import Tree, build_tree, unit

TODAY = dt.date.today()


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    services.settings.set("office_org_id", t.county)
    return t


@pytest.fixture
def data(services: Services, tree: Tree) -> dict[str, int]:
    u = services.units
    hospital = u.create(unit(tree.community, "青山县人民医院", unit_type="事业单位")).id
    shop = u.create(unit(tree.other_community, "东湖超市", unit_type="非公企业", credit_code="", party_org_type="未建",
                         party_org_name="", secretary="")).id
    start = TODAY - dt.timedelta(days=350)
    ending = services.agreements.create(AgreementInput(org_id=tree.community, unit_id=hospital, starts_on=start,
                                                       ends_on=start + dt.timedelta(days=364), signed_on=start)).id
    draft = services.agreements.create(AgreementInput(org_id=tree.other_community, unit_id=shop, starts_on=TODAY,
                                                      ends_on=TODAY + dt.timedelta(days=364))).id
    item = services.lists.create(ListItemInput(kind="需求清单", title="楼道加装扶手", org_id=tree.community,
                                               raised_on=TODAY - dt.timedelta(days=5))).id
    return {"hospital": hospital, "shop": shop, "ending": ending, "draft": draft, "item": item}


@pytest.fixture
def tab(qtbot, services: Services, data: dict[str, int]) -> CobuildTab:
    widget = CobuildTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget
