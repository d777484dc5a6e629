"""The 阵地队伍 tab driven in pytest-qt over real services: overdue follow-ups named on opening
and shown by the banner's button, each page's form refusing hostile input and saving good input,
each staff kind's form showing only its fields, brand steps in order, a follow-up recorded done,
a read-only role, the models through qtmodeltester, and each page rendered to PNG."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from app.services.container import Services
from app.services.kit.base import Actor
from app.services.sites.rows import BrandInput, SiteInput, SitesQuery, StaffInput, VisitInput
from app.ui.kit.changes import ChangeBus
from app.ui.sites.models import (
    BRAND_COLUMNS,
    SITE_COLUMNS,
    STAFF_COLUMNS,
    VISIT_COLUMNS,
    SitesTableModel,
)
from app.ui.sites.tab import SitesTab
from tests.services.cobuild.helpers import Tree, build_tree, unit

TODAY = dt.date.today()
PNG_DIR = os.environ.get("SITES_PNG_DIR")  # set to keep the rendered pages for a look


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    s = services
    u = s.units.create(unit(t.community, "青山县人民医院"))
    s.sites.create(SiteInput("和平社区党群服务中心", "党群服务中心", t.community, address="和平路1号", area="320.5",
                             owner="街道办事处", opened_on=TODAY.replace(year=TODAY.year - 3), standardised_year=2024))
    s.sites.create(SiteInput("医院党员活动室", "共享型组织生活基地", t.community, unit_id=u.id, menu="会议室\n投影"))
    s.staff.create(StaffInput("第一书记", "王建国", t.community, home_unit="县财政局", id_number="11010519491231002X",
                              term_start=TODAY.replace(year=TODAY.year - 1)))
    s.staff.create(StaffInput("专职党务工作者", "李敏", t.community, hired_year=TODAY.year, hire_way="公开招聘",
                              certified=True, certificate="社会工作者职业水平证书"))
    b = s.brands.create(BrandInput("红色物业", t.community, description="物业党建"))
    s.brands.record_step(b.id, "品牌申报", TODAY - dt.timedelta(days=60), "已申报")
    late = TODAY - dt.timedelta(days=20)
    s.grid_visits.create(VisitInput("李秀兰", t.community, "3号楼2单元501", late, visitor_role="社区干部",
                                    grid="第一网格", matters="楼道灯坏", follow_up="报物业维修",
                                    due_on=late + dt.timedelta(days=5)))
    s.grid_visits.create(VisitInput("张伟", t.community, "5号楼", TODAY, visitor_role="党员中心户", matters="无"))
    return t


@pytest.fixture
def tab(qtbot, services: Services, tree: Tree) -> SitesTab:
    widget = SitesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def test_overdue_follow_ups_are_named_and_shown(tab: SitesTab) -> None:
    assert tab.banner.isVisible()
    assert "进格入户有1项跟进事项已过办理期限仍未办结：李秀兰走访3号楼2单元501" in tab.banner_text.text()
    tab.show_overdue.click()
    assert tab.pages.currentWidget() is tab.visits
    model = tab.visits.model
    assert model.rowCount() == 1
    state = next(i for i, c in enumerate(model.columns) if c.key == "state")
    assert model.data(model.index(0, state)) == "已逾期"


def test_the_site_form_refuses_hostile_input_and_saves_good_input(tab: SitesTab, services: Services,
                                                                  tree: Tree) -> None:
    page = tab.sites
    assert page.model.rowCount() == 2
    dialog = page.dialog()
    form = dialog.form
    form.set_value("name", "老年活动室")
    form.set_value("kind", "活动场所")
    for key, bad, words in (("area", "-5", "不能为负数"), ("area", "12.345", "两位小数"), ("area", "=1+1", "应为数字"),
                            ("name", "", "阵地名称不能为空"), ("name", "长" * 70, "过长"),
                            ("standardised_year", "3000", "不对"),
                            ("opened_on", TODAY + dt.timedelta(days=5), "晚于今天")):
        good = form.value(key)
        form.set_value(key, bad)
        dialog.save()
        assert words in dialog.error.text(), (key, dialog.error.text())
        form.set_value(key, good)
    assert services.sites.count(SitesQuery()) == 2
    form.set_value("area", "86.5")
    dialog.save()
    assert dialog.result() and dialog.result_row.area == 8650
    row = services.sites.get(dialog.result_row.id)
    edit = page.dialog(row)
    assert edit.form.value("area") == "86.50"  # shown in m², as it was typed
    edit.save()
    assert services.sites.get(row.id).area == 8650


def test_each_staff_kind_has_its_own_form(tab: SitesTab, services: Services) -> None:
    page = tab.staff
    worker = page.dialog("专职党务工作者")
    assert "hire_way" in worker.form.widgets and "home_unit" not in worker.form.widgets
    assert "kind" not in worker.form.widgets
    worker.form.set_value("name", "赵强")
    worker.form.set_value("hired_year", "1800")
    worker.save()
    assert "招聘年份“1800”不对" in worker.error.text()
    worker.form.set_value("hired_year", str(TODAY.year))
    worker.form.set_value("hire_way", "选调")
    worker.save()
    assert worker.result_row.kind == "专职党务工作者" and worker.result_row.hire_way == "选调"
    committee = page.dialog("两委成员")
    assert "post" in committee.form.widgets and "hired_year" not in committee.form.widgets
    committee.form.set_value("name", "孙丽")
    committee.save()
    assert "请填写两委职务" in committee.error.text()
    posted = page.dialog("第一书记")
    assert posted.form.widgets["kind"].count() == 3  # (empty), 第一书记, 副书记
    ids = page.model.ids()
    secretary = next(r for r in page.model.source.rows(ids) if r.name == "王建国")
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "id_number")
    row = page.model.row_number(secretary.id)
    assert page.model.data(page.model.index(row, column)) == "110***********002X"


def test_brand_steps_run_in_order_from_the_page(tab: SitesTab, services: Services) -> None:
    page = tab.brands
    page.table.select_ids(page.model.ids()[:1], page.model.ids()[0])
    row = page.current()
    dialog = page.step_dialog(row)
    assert dialog is not None and dialog.windowTitle() == "红色物业：组织实施"
    dialog.date.set_value(TODAY - dt.timedelta(days=90))  # before 品牌申报
    dialog.confirm()
    assert "早于上一步“品牌申报”" in dialog.error.text()
    dialog.date.set_value(TODAY)
    dialog.confirm()
    assert dialog.result_row.stage == "组织实施"
    page.apply()
    stage = next(i for i, c in enumerate(page.model.columns) if c.key == "stage")
    assert page.model.data(page.model.index(0, stage)) == "组织实施"


def test_a_follow_up_recorded_done_leaves_the_banner(tab: SitesTab, services: Services) -> None:
    tab.open_overdue()
    page = tab.visits
    page.table.select_ids(page.model.ids(), page.model.ids()[0])
    dialog = page.finish_dialog(page.current())
    dialog.text.setPlainText("已更换灯泡")  # type: ignore[union-attr]
    dialog.confirm()
    assert dialog.result_row.done_on == TODAY and dialog.result_row.result == "已更换灯泡"
    assert not tab.banner.isVisible()  # the change notice reloaded the tab
    assert page.model.rowCount() == 0


def test_a_read_only_role_cannot_add(qtbot, services: Services, tree: Tree) -> None:
    from app.domain.access.permissions import Role

    services.act_as(Actor("查看员", Role.VIEWER.value))
    widget = SitesTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.sites.actions_["addSite"].isEnabled()
    assert widget.sites.actions_["exportSites"].isEnabled()
    assert widget.reveal_box is not None and not widget.reveal_box.isVisible()


def test_the_models_pass_qtmodeltester(qtmodeltester, services: Services, tree: Tree) -> None:
    for source, columns, query in ((services.sites, SITE_COLUMNS, SitesQuery()),
                                   (services.staff, STAFF_COLUMNS, SitesQuery()),
                                   (services.brands, BRAND_COLUMNS, SitesQuery()),
                                   (services.grid_visits, VISIT_COLUMNS, SitesQuery(sort="visited_on"))):
        model = SitesTableModel(source, columns, query)
        model.set_query(query)
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_each_page_renders(tab: SitesTab, tmp_path: Path) -> None:
    out = Path(PNG_DIR) if PNG_DIR else tmp_path
    for i, name in enumerate(("sites", "staff", "brands", "visits")):
        tab.pages.setCurrentIndex(i)
        path = out / f"sites-{name}.png"
        tab.grab().save(str(path))
        assert path.stat().st_size > 1000


def test_the_forms_render(tab: SitesTab, tmp_path: Path) -> None:
    out = Path(PNG_DIR) if PNG_DIR else tmp_path
    for name, dialog in (("site-form", tab.sites.dialog()), ("worker-form", tab.staff.dialog("专职党务工作者")),
                         ("visit-form", tab.visits.dialog())):
        dialog.show()
        dialog.grab().save(str(out / f"sites-{name}.png"))
        dialog.close()
        assert (out / f"sites-{name}.png").stat().st_size > 1000
