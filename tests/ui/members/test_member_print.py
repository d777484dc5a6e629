"""Printing from the 党员 tab: the roster list of the current filter and a sign-in sheet."""

from __future__ import annotations

import pytest

from app.domain.kit.masking import mask_id
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.service import MemberQuery
from app.ui.kit.changes import ChangeBus
from app.ui.kit.pdf_preview import PdfPreviewDialog
from app.ui.members import printing as member_print
from app.ui.members.tab import MemberTab
from tests.reports.kit.pdfcheck import reader, text


@pytest.fixture
def tab(qtbot, demo_services: Services) -> MemberTab:
    widget = MemberTab(demo_services.members, demo_services.orgs, demo_services.settings,
                       ChangeBus(demo_services.hub))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def previews(monkeypatch) -> list[PdfPreviewDialog]:
    """Print previews are recorded instead of being shown."""
    seen: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: seen.append(self) or 0)
    return seen


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def shown_names(tab: MemberTab) -> list[str]:
    ids = tab.members.search_ids(tab.query())
    return [m.name for m in tab.members.rows(ids)]


def test_roster_list_of_the_current_filter_is_landscape_and_masked(tab: MemberTab, previews) -> None:
    tab.select_org(a_branch_of(tab))
    tab.sex.setCurrentIndex(tab.sex.findText("女"))
    names = shown_names(tab)
    assert names
    dialog = member_print.print_roster(tab)
    assert dialog is previews[0]
    doc = reader(dialog.pdf)
    box = doc.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    t = flat(dialog.pdf)
    for name in names:
        assert name in t
    outside = set(m.name for m in tab.members.rows(tab.members.search_ids(MemberQuery()))) - set(names)
    assert not any(f"{n}男" in t for n in outside)  # the men are filtered out
    first = tab.members.rows(tab.members.search_ids(tab.query()))[0]
    assert first.id_number not in t and mask_id(first.id_number) in t
    assert f"共{len(names)}名" in t


def a_branch_of(tab: MemberTab) -> int:
    """A branch with a handful of members on record and no groups below it."""
    for org in tab.orgs.list():
        n = tab.members.count(MemberQuery(org_id=org.id))
        if 3 <= n <= 30 and len(tab.orgs.subtree_ids(org.id)) == 1:
            return org.id
    raise AssertionError("the demo has no small branch")


def test_roster_list_shows_full_numbers_when_asked_and_allowed(tab: MemberTab, previews) -> None:
    tab.select_org(a_branch_of(tab))
    tab.sensitive_action.setChecked(True)
    assert tab.may_show_sensitive()
    dialog = member_print.print_roster(tab)
    first = tab.members.rows(tab.members.search_ids(tab.query()))[0]
    assert first.id_number in flat(dialog.pdf)


def test_the_print_actions_are_on_the_toolbar_and_follow_the_role(qtbot, demo_services: Services) -> None:
    demo_services.act_as(Actor("小李", role="查看"))
    viewer = MemberTab(demo_services.members, demo_services.orgs, demo_services.settings,
                       ChangeBus(demo_services.hub))
    qtbot.addWidget(viewer)
    assert viewer.actions_["roster_print"].isEnabled() and viewer.actions_["signin"].isEnabled()
    assert viewer.actions_["roster_print"].text() == "打印花名册…"
    assert not viewer.may_show_sensitive()


def test_sign_in_sheet_lists_the_branch_members(qtbot, tab: MemberTab) -> None:
    branch = a_branch_of(tab)
    dialog = member_print.SigninDialog(tab.members, tab.orgs, branch, tab)
    qtbot.addWidget(dialog)
    org = tab.orgs.get(branch)
    assert dialog.org.org_id() == branch
    dialog.meeting.setText("主题党日")
    assert dialog.heading.text() == f"{org.name}主题党日签到表"
    dialog.place.setText("社区党群服务中心")
    names = [m.name for m in tab.members.rows(tab.members.search_ids(MemberQuery(org_id=branch)))]
    assert f"在册党员{len(names)}名" in dialog.count.text()
    pdf = dialog.build()
    assert pdf is not None
    t = flat(pdf)
    for name in names:
        assert name in t
    assert "社区党群服务中心" in t and f"应到{len(names)}人" in t
    box = reader(pdf).pages[0].mediabox
    assert float(box.width) < float(box.height)


def test_print_signin_opens_the_preview(monkeypatch, tab: MemberTab, previews) -> None:
    tab.select_org(a_branch_of(tab))

    def fill(dialog: member_print.SigninDialog) -> int:
        dialog.place.setText("会议室")
        return 1 if dialog.build() is not None else 0

    monkeypatch.setattr(member_print.SigninDialog, "exec", fill)
    shown = member_print.print_signin(tab)
    assert shown is previews[0] and shown.pdf.startswith(b"%PDF")


def test_an_empty_filter_prints_nothing_and_says_why(tab: MemberTab, previews, shown_messages) -> None:
    tab.search.setText("没有这个人")
    tab.apply_filters()
    assert tab.model.rowCount() == 0
    assert member_print.print_roster(tab) is None
    assert previews == [] and "没有可打印的名册" in shown_messages[-1]
