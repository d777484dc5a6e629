"""Every item model in the GUI passes Qt's model tester with records in it: the models written
here and the ones Qt's item widgets (QTableWidget, QTreeWidget, QListWidget) keep. A model class
added to app.ui without a check here fails the last test."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

import app.ui
from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from app.services.members.query import MemberQuery

CHECKED: set[str] = set()  # model classes of app.ui checked below


def check(qtmodeltester, model: QAbstractItemModel, *, rows: int = 1) -> None:
    assert model.rowCount() >= rows, "the model has records in it"
    qtmodeltester.check(model, force_py=True)
    CHECKED.add(type(model).__qualname__)


@pytest.fixture
def admin(demo_services: Services) -> Services:
    demo_services.act_as(demo_services.auth.login(DEMO_ADMIN, DEMO_PASSWORD))
    return demo_services


_ALIVE: list[QWidget] = []


@pytest.fixture(scope="module", autouse=True)
def _delete_widgets_at_the_end(qapp: QApplication) -> Iterator[None]:
    yield
    while _ALIVE:
        _ALIVE.pop().deleteLater()
    QCoreApplication.sendPostedEvents()
    qapp.processEvents()


def _keep(qtbot, widget: QWidget) -> QWidget:
    """Kept until this file's tests end: the model tester looks at its last model after the test,
    so the widget that owns it must not be deleted at the test's end."""
    _ALIVE.append(widget)
    widget.setProperty("keep_across_tests", True)
    return widget


def test_member_table_model(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.members.model import MemberTableModel

    model = MemberTableModel(admin.members)
    model.set_query(MemberQuery(include_left=True))
    check(qtmodeltester, model, rows=201)  # more than one page
    CHECKED.add("PagedTableModel")


def test_org_tree_model_on_the_tab_and_in_the_move_dialog(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.orgs.dialogs import MoveDialog
    from app.ui.orgs.model import OrgTreeModel

    model = OrgTreeModel()
    model.load(admin.orgs.list())
    check(qtmodeltester, model, rows=1)
    assert any(model.rowCount(model.index(r, 0)) for r in range(model.rowCount()))  # children too
    org = admin.orgs.list()[-1]
    dialog = _keep(qtbot, MoveDialog(admin.orgs, org))
    check(qtmodeltester, dialog.tree.model())


def test_audit_model(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.kit.changes import ChangeBus
    from app.ui.safety.audit_tab import AuditTab

    tab = _keep(qtbot, AuditTab(admin.audit, ChangeBus(admin.hub), services=admin))
    tab.refresh()
    check(qtmodeltester, tab.model, rows=10)


def test_import_preview_list_models(qtbot, qtmodeltester, services: Services, tmp_path) -> None:
    from app.ui.members.io import ImportPreviewDialog, IoServices, build_preview
    from tests.services.members.helpers import build_tree, member
    from tests.ui.members.test_member_io_ui import roster

    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    existing = services.members.create(member(tree.branch_a, "李四", phone="13712345678"))
    io = IoServices.of(services.members, services.orgs, services.settings, services.exports)
    preview = build_preview(None, io, roster(tmp_path, existing.id_number))
    assert preview is not None
    dialog = _keep(qtbot, ImportPreviewDialog(io, preview))
    for model in (dialog.add_model, dialog.update_model, dialog.problem_model):
        check(qtmodeltester, model)


def test_issued_list(qtbot, qtmodeltester, admin: Services) -> None:
    from app.services.briefings.service import IssueInput
    from app.ui.briefings.issued_list import IssuedList

    org = admin.orgs.list()[0].id
    for _ in (1, 2):
        n = admin.briefings.next_number(org, "简报", dt.date.today().year)
        admin.briefings.issue(IssueInput(kind="简报", number=n, title=f"第{n}期简报", issued_on=dt.date.today(),
                                         pdf=b"%PDF-1.4\n%%EOF\n", pages=1, org_id=org))
    issued = _keep(qtbot, IssuedList(admin.briefings, can_print=True))
    issued.refresh()
    check(qtmodeltester, issued.table.model(), rows=2)


def test_users_and_backups_lists(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.access.users_dialog import UsersDialog
    from app.ui.safety.backup_dialog import BackupDialog

    admin.backups.backup_now()
    users = _keep(qtbot, UsersDialog(admin))
    check(qtmodeltester, users.table.model())
    backups = _keep(qtbot, BackupDialog(admin))
    check(qtmodeltester, backups.table.model())


def test_member_figures_and_history_trees(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.members.detail import MemberDetailDialog
    from app.ui.members.stats_panel import MemberStatsPanel

    stats = _keep(qtbot, MemberStatsPanel(admin.members))
    stats.show_org(None)
    check(qtmodeltester, stats.model, rows=3)
    person = admin.members.rows(admin.members.search_ids(MemberQuery())[:1])[0]
    admin.members.add_event(person.id, "外出流动", dt.date.today(), "广东省深圳市")
    detail = _keep(qtbot, MemberDetailDialog(admin.members, person.id))
    check(qtmodeltester, detail.history.model())


def test_briefing_problem_list(qtbot, qtmodeltester, admin: Services) -> None:
    from app.reports.briefings import templates
    from app.ui.briefings.tab import BriefingTab
    from app.ui.kit.changes import ChangeBus

    tab = _keep(qtbot, BriefingTab(admin, ChangeBus(admin.hub)))
    tab.editor.setPlainText(templates.builtin("工作汇报") + "另有{不存在的数字}和{也没有}。\n")
    tab.generate()
    check(qtmodeltester, tab.problems.model(), rows=2)


def test_cobuild_page_models(qtbot, qtmodeltester, admin: Services) -> None:
    from app.ui.cobuild.tab import CobuildTab
    from app.ui.kit.changes import ChangeBus

    tab = _keep(qtbot, CobuildTab(admin, ChangeBus(admin.hub)))
    tab.show()  # the pages read their records when the tab is first shown
    for i in range(tab.pages.count()):
        tab.pages.setCurrentIndex(i)
        QCoreApplication.processEvents()
        model = getattr(tab.pages.widget(i), "model", None)
        if isinstance(model, QAbstractItemModel) and model.rowCount():  # 双向评议 waits for a community
            check(qtmodeltester, model)


# Models whose check (qtmodeltester, with records in them) sits with their tab's own tests.
CHECKED_WITH_THEIR_TAB = {
    "PagedTableModel": "tests/ui/kit/test_throwaway_field.py (a spec-built table over the kit model)",
    "ScoreGridModel": "tests/ui/cobuild/test_cobuild_tab.py::test_the_score_grid_passes_qt_model_tester",
    "ActivityTableModel": "tests/ui/service/test_service_tab.py::test_the_models_pass_qtmodeltester",
    "RecordTableModel": "tests/ui/service/test_service_tab.py::test_the_models_pass_qtmodeltester",
    "ReportTableModel": "tests/ui/service/test_service_tab.py::test_the_models_pass_qtmodeltester",
    "VolunteerTableModel": "tests/ui/service/test_service_tab.py::test_the_models_pass_qtmodeltester",
    "TeamTableModel": "tests/ui/service/test_teams_posts_pages.py::test_the_team_and_post_models_pass_qtmodeltester",
    "PostTableModel": "tests/ui/service/test_teams_posts_pages.py::test_the_team_and_post_models_pass_qtmodeltester",
    "EntryTableModel": "tests/ui/funds/test_funds_tabs.py::test_models_pass_qt_model_tester",
    "UnpaidTableModel": "tests/ui/funds/test_funds_tabs.py::test_models_pass_qt_model_tester",
    "SitesTableModel": "tests/ui/sites/test_sites_tab.py::test_the_models_pass_qtmodeltester",
    "OrgMeetingTableModel": "tests/ui/orglife/test_orglife_tab.py::test_the_models_pass_qtmodeltester",
    "RateTableModel": "tests/ui/orglife/test_orglife_tab.py::test_the_models_pass_qtmodeltester",
    "ProjectTableModel": "tests/ui/funds/test_projects_page.py::test_the_project_model_passes_qt_model_tester",
    "RemittanceTableModel": "tests/ui/funds/test_catalog_and_dues_pages.py::test_the_remittance_model_passes_qt_model_tester",
    "CandidateTableModel": "tests/ui/orglife/test_candidates_page.py::test_the_model_passes_qtmodeltester",
}


def _model_classes() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QAbstractItemModel) and obj.__module__ == module.__name__:
                found.add(obj.__qualname__)
    return found


def test_every_model_class_of_the_gui_is_checked_here(request: pytest.FixtureRequest) -> None:
    """Runs after the checks above (file order): a new model class needs its check."""
    here = [i for i in request.session.items if i.module is request.module and i.name != request.node.name]
    if len(here) < len([n for n in dir(request.module) if n.startswith("test_")]) - 1:
        pytest.skip("only when every check of this file runs")
    assert _model_classes() <= CHECKED | set(CHECKED_WITH_THEIR_TAB), sorted(_model_classes() - CHECKED)
