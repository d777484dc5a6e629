"""The 发展党员 page driven in pytest-qt over real services: candidates listed by stage, a new
applicant refused when under age or with a bad ID number and saved when right, the step to the
next stage with its warnings confirmed, admission with two introducers making the member record,
a probationary introducer refused; and the model passes qtmodeltester."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.orglife.candidates_rows import AdvanceInput, CandidateQuery
from app.ui.orglife.candidates_model import CandidateTableModel
from app.ui.orglife.candidates_page import AdvanceDialog, CandidatesPage
from tests.services.orglife.candidate_helpers import (
    TODAY,
    candidate,
    candidate_id_number,
    setup,
    years_ago,
)

SHOTS = Path("/tmp/h-cand-shots")


@pytest.fixture
def place(services: Services) -> dict[str, int]:
    tree, one, two, prob = setup(services)
    services.settings.set("office_org_id", tree.county)
    services.candidates.create(candidate(tree.branch_a, "李明"))
    services.candidates.create(candidate(tree.branch_a, "王芳", activist_on=years_ago(2)))
    services.candidates.create(candidate(tree.branch_b, "赵强", activist_on=years_ago(3), target_on=years_ago(1)))
    return {"community": tree.community, "branch": tree.branch_a, "one": one, "two": two, "prob": prob}


@pytest.fixture
def page(qtbot, services: Services, place: dict[str, int]) -> CandidatesPage:
    widget = CandidatesPage(services)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.set_scope(place["community"])
    return widget


def _select(page: CandidatesPage, name: str) -> None:
    ids = page.services.candidates.search_ids(CandidateQuery(text=name))
    page.table.select_ids(ids, ids[0])


def _texts(page: CandidatesPage, column: int = 0) -> list[str]:
    m = page.model
    return [m.data(m.index(r, column)) for r in range(m.rowCount())]


def test_candidates_are_listed_and_filtered_by_stage(page: CandidatesPage) -> None:
    assert page.count_label.text() == "共 3 名"
    assert sorted(_texts(page)) == sorted(["李明", "王芳", "赵强"])
    page.stage_box.setCurrentIndex(page.stage_box.findData("发展对象"))
    assert _texts(page) == ["赵强"] and _texts(page, 1) == ["发展对象"]
    ids = page.model.columns[9].key
    assert ids == "id_number" and "*" in page.model.data(page.model.index(0, 9))  # masked


def test_a_new_applicant_refused_then_saved(page: CandidatesPage, place: dict[str, int]) -> None:
    dialog = page.dialog()
    dialog.form.set_value("name", "孙小红")
    dialog.form.set_value("org_id", place["branch"])
    young = candidate_id_number(born=years_ago(17), sex="女")
    dialog.form.set_value("id_number", young)
    dialog.form.set_value("applied_on", TODAY)
    dialog.save()
    assert not dialog.result() and "未满18周岁" in dialog.error.text()
    good = candidate_id_number(sex="女")
    dialog.form.set_value("id_number", good[:-1] + ("1" if good[-1] != "1" else "2"))
    dialog.save()
    assert "校验位" in dialog.error.text()
    dialog.form.set_value("id_number", good)
    dialog.form.set_value("applied_on", TODAY + dt.timedelta(days=3))
    dialog.save()
    assert "晚于今天" in dialog.error.text()
    dialog.form.set_value("applied_on", TODAY)
    dialog.save()
    assert dialog.result_row is not None and dialog.result_row.stage == "入党申请人"
    assert dialog.result_row.sex == "女"


def test_advancing_shows_the_warning_and_asks_again(page: CandidatesPage) -> None:
    _select(page, "王芳")  # an 积极分子 of two years: no warning
    dialog = page.advance_dialog(page.current())
    assert "发展对象" in dialog.windowTitle()
    dialog.training.setText("街道党校培训班")
    dialog.confirm()
    assert dialog.result_row is not None and dialog.result_row.stage == "发展对象"
    _select(page, "李明")
    row = page.current()
    page.services.candidates.advance(row.id, AdvanceInput(years_ago(0, 30)))
    page.apply()
    _select(page, "李明")
    dialog = page.advance_dialog(page.current())  # 积极分子 a month: not a year
    dialog.confirm()
    assert dialog.result_row is None and dialog.warning.isVisibleTo(dialog)
    assert "不满一年" in dialog.warning.text() and dialog.buttons.buttons()[0].text() == "仍然推进"
    dialog.confirm()
    assert dialog.result_row is not None and dialog.result_row.stage == "发展对象"


def test_admission_needs_two_full_members_and_makes_the_member(page: CandidatesPage,
                                                               place: dict[str, int]) -> None:
    _select(page, "赵强")
    dialog = page.advance_dialog(page.current())
    one, two = dialog.introducers
    assert one.findData(place["prob"]) == -1  # a 预备党员 is not offered
    one.setCurrentIndex(one.findData(place["one"]))
    dialog.confirm()
    assert "两名入党介绍人" in dialog.error.text()
    # a 预备党员 slipped in (an old list): refused by the service, nothing made
    two.addItem("赵新", place["prob"])
    two.setCurrentIndex(two.count() - 1)
    dialog.confirm()
    dialog.confirm()
    assert "须由正式党员担任" in dialog.error.text()
    assert page.services.members.count(MemberQuery(text="赵强")) == 0
    two.setCurrentIndex(two.findData(place["two"]))
    dialog.review.setText("政审合格")
    dialog.review_on.set_value(years_ago(0, 20))
    dialog.training_on.set_value(years_ago(0, 25))
    dialog.confirm()
    if dialog.result_row is None:
        dialog.confirm()
    assert dialog.result_row is not None and dialog.result_row.stage == "预备党员"
    m = page.services.members.get(dialog.result_row.member_id)  # type: ignore[arg-type]
    assert (m.name, m.member_type, m.introducers) == ("赵强", "预备党员", "王建国、李秀英")


def test_the_model_passes_qtmodeltester(qtmodeltester, services: Services, place: dict[str, int]) -> None:
    model = CandidateTableModel(services.candidates)
    model.set_query(CandidateQuery())
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_the_page_and_the_step_render(page: CandidatesPage) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "candidates.png"))
    _select(page, "赵强")
    dialog = page.advance_dialog(page.current())
    dialog.show()
    dialog.grab().save(str(SHOTS / "advance.png"))
    assert (SHOTS / "candidates.png").stat().st_size > 1000
    assert isinstance(dialog, AdvanceDialog)
