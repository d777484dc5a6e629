"""The 共建 tab driven in pytest-qt over real services: the ending agreements shown on opening,
units searched and filtered, forms that refuse hostile input and save good input, agreements and
list items moved along through their dialogs, read-only roles, and models that pass qtmodeltester."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit

from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.appraisal import OF_UNIT
from app.services.cobuild.list_rows import ListItemInput, ListQuery
from app.services.cobuild.meetings import MeetingQuery
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.cobuild.models import (
    AgreementTableModel,
    ListTableModel,
    MeetingTableModel,
    UnitTableModel,
)
from app.ui.cobuild.tab import CobuildTab
from app.ui.kit.changes import ChangeBus
from tests.services.cobuild.helpers import Tree, in_service, unit

TODAY = dt.date.today()


def test_nothing_is_read_before_the_tab_is_shown(qtbot, services: Services, data: dict[str, int]) -> None:
    widget = CobuildTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    assert widget.units.model.rowCount() == 0 and widget.agreements.model.rowCount() == 0
    widget.show()
    assert widget.units.model.rowCount() == 2 and widget.units.count_label.text() == "共 2 个单位"


def test_agreements_ending_soon_are_listed_when_the_tab_opens(tab: CobuildTab, data: dict[str, int]) -> None:
    assert tab.banner.isVisible()
    assert "有1份共建协议将在30天内到期" in tab.banner_text.text() and "青山县人民医院" in tab.banner_text.text()
    tab.show_ending.click()
    assert tab.pages.currentWidget() is tab.agreements
    assert tab.agreements.model.ids() == [data["ending"]]
    assert tab.agreements.model.data(tab.agreements.model.index(0, 6)) == "即将到期"


def test_the_scope_follows_the_tree(tab: CobuildTab, tree: Tree, data: dict[str, int]) -> None:
    tab.scope.select(tree.other_community)
    assert tab.units.model.ids() == [data["shop"]]
    assert not tab.banner.isVisible()  # the other community's agreement is a draft


def test_units_search_and_filters(tab: CobuildTab, data: dict[str, int]) -> None:
    page = tab.units
    page.search.setText("rmyy")
    page.apply()  # what the search-as-you-type timer does after the pause
    assert page.model.ids() == [data["hospital"]]
    page.search.setText("")
    page.type_box.setCurrentIndex(page.type_box.findData("非公企业"))
    assert page.model.ids() == [data["shop"]]
    page.status_box.setCurrentIndex(page.status_box.findData("已迁出"))
    assert page.model.ids() == [] and page.count_label.text() == "共 0 个单位"


def test_the_unit_form_refuses_hostile_input_and_saves_good_input(tab: CobuildTab, services: Services,
                                                                 tree: Tree) -> None:
    dialog = tab.units.dialog()
    form = dialog.form
    form.set_value("name", "青山县第二中学")
    form.set_value("org_id", tree.community)
    for key, bad, words in (("credit_code", "9135O100M000100Y43", "第5位不能是字母O"),
                            ("phone", "12345", "格式不对"), ("party_members", "=1+1", "应为整数"),
                            ("name", "长" * 61, "过长")):
        good = form.value(key)
        form.set_value(key, bad)
        dialog.save()
        assert words in dialog.error.text() and "color: #b00020" in form.labels[key].styleSheet()
        form.set_value(key, good)
    assert services.units.count_all() == 2
    form.set_value("credit_code", "91350100m000100y43")
    dialog.save()
    assert dialog.result() and dialog.result_row.credit_code == "91350100M000100Y43"


def test_editing_a_unit_fills_the_form_from_the_record(tab: CobuildTab, services: Services,
                                                      data: dict[str, int]) -> None:
    tab.units.table.select_ids([data["hospital"]], data["hospital"])
    row = tab.units.current()
    dialog = tab.units.dialog(row)
    assert dialog.form.value("name") == "青山县人民医院" and dialog.form.value("unit_type") == "事业单位"
    dialog.form.set_value("party_members", "300")
    dialog.save()
    assert services.units.get(data["hospital"]).party_members == 300


def test_the_unit_page_lists_its_members_and_agreements(tab: CobuildTab, services: Services, tree: Tree,
                                                       data: dict[str, int]) -> None:
    member = in_service(services, tree.branch_a, "张医生", "青山县人民医院")
    services.units.link_members(data["hospital"], [member])
    from app.ui.cobuild.unit_detail import UnitDetailDialog

    dialog = UnitDetailDialog(services, data["hospital"], tab)
    assert dialog.members.rowCount() == 1 and dialog.members.item(0, 0).text() == "张医生"
    assert dialog.agreements.rowCount() == 1 and dialog.agreements.item(0, 3).text() == "即将到期"


def test_signing_and_terminating_through_their_dialogs(tab: CobuildTab, services: Services,
                                                      data: dict[str, int]) -> None:
    page = tab.agreements
    draft = services.agreements.get(data["draft"])
    sign = page.sign_dialog(draft)
    sign.date.setText("2099-01-01")
    sign.confirm()
    assert "在今天之后" in sign.error.text() and services.agreements.get(draft.id).status == "草拟"
    sign.date.setText(TODAY.isoformat())
    sign.confirm()
    assert services.agreements.get(draft.id).status == "生效"
    stop = page.terminate_dialog(services.agreements.get(draft.id))
    stop.confirm()
    assert "须写明原因" in stop.error.text()
    assert isinstance(stop.text, QLineEdit)
    stop.text.setText("单位搬迁")
    stop.confirm()
    assert services.agreements.get(draft.id).status == "已终止"


def test_renewal_from_the_page(tab: CobuildTab, services: Services, data: dict[str, int]) -> None:
    page = tab.agreements
    page.apply()
    page.table.select_ids([data["ending"]], data["ending"])
    new = page.renew()
    assert new.previous_id == data["ending"] and page.table.current_id() == new.id


def test_an_item_is_claimed_started_and_finished_and_illegal_steps_are_refused(
        tab: CobuildTab, services: Services, data: dict[str, int], shown_messages: list[str]) -> None:
    page = tab.lists
    row = services.lists.get(data["item"])
    claim = page.claim_dialog(row)
    claim.confirm()
    assert "请选择认领方" in claim.error.text()
    assert claim.choice is not None
    claim.choice.setCurrentIndex(claim.choice.findText("单位：青山县人民医院"))
    claim.confirm()
    assert services.lists.get(row.id).claimant == "青山县人民医院"
    done = page.complete_dialog(services.lists.get(row.id))
    done.confirm()
    assert "“已认领”的事项不能完成，请先开始实施" in done.error.text()
    services.lists.start(row.id, TODAY)
    done = page.complete_dialog(services.lists.get(row.id))
    assert done.text is not None and done.number is not None
    done.text.setPlainText("加装扶手36处")  # type: ignore[union-attr]
    done.number.setText("很多")
    done.confirm()
    assert "应为整数" in done.error.text()
    done.number.setText("38")
    done.confirm()
    assert services.lists.get(row.id).status == "已完成"
    page.apply()
    assert page.status_box.itemText(page.status_box.findData("已完成")) == "已完成（1）"


def test_lists_filter_by_kind_status_and_overdue(tab: CobuildTab, services: Services, tree: Tree,
                                                 data: dict[str, int]) -> None:
    late = services.lists.create(ListItemInput(kind="项目清单", title="口袋公园", org_id=tree.community,
                                               raised_on=TODAY - dt.timedelta(days=30),
                                               deadline=TODAY - dt.timedelta(days=1))).id
    page = tab.lists
    page.kind_box.setCurrentIndex(page.kind_box.findData("项目清单"))
    assert page.model.ids() == [late]
    page.kind_box.setCurrentIndex(0)
    page.overdue_box.setChecked(True)
    assert page.model.ids() == [late]
    assert page.model.data(page.model.index(0, 8)) == "逾期"


def test_a_viewer_reads_but_every_writing_command_is_off(qtbot, services: Services, data: dict[str, int]) -> None:
    services.act_as(Actor("小李", role="查看"))
    widget = CobuildTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    widget.units.table.select_row(0)
    actions = widget.units.actions_
    assert not actions["addUnit"].isEnabled() and not actions["editUnit"].isEnabled()
    assert actions["unitDetail"].isEnabled() and actions["exportUnits"].isEnabled()
    assert not widget.agreements.actions_["signAgreement"].isEnabled()
    assert not widget.reveal_box.isVisibleTo(widget)
    assert widget.units.model.data(widget.units.model.index(0, 8)).count("*") == 4  # phones masked


def test_changes_elsewhere_refresh_the_tab(tab: CobuildTab, services: Services, tree: Tree) -> None:
    services.units.create(unit(tree.community, "新来的单位"))
    assert tab.units.model.rowCount() == 3


def test_import_and_export_from_the_page(tab: CobuildTab, services: Services, tmp_path: Path,
                                         shown_messages: list[str]) -> None:
    out = tmp_path / "单位.xlsx"
    assert tab.units.export_file(str(out)).count == 2
    from tests.io.kit.workbooks import write_xlsx

    path = write_xlsx(tmp_path / "新.xlsx", [["单位名称", "单位类型"], ["新单位甲", "机关"], ["", "外星"]])
    assert tab.units.import_file(str(path)) == 1
    assert any("第3行" in m for m in shown_messages)  # the refused row was listed before the question
    assert services.units.count(UnitQuery()) == 3


@pytest.mark.parametrize("which", ["units", "agreements", "lists", "meetings"])
def test_models_pass_qt_model_tester(qtmodeltester, demo_services: Services, which: str) -> None:
    model = {"units": lambda: UnitTableModel(demo_services.units),
             "agreements": lambda: AgreementTableModel(demo_services.agreements),
             "lists": lambda: ListTableModel(demo_services.lists),
             "meetings": lambda: MeetingTableModel(demo_services.meetings)}[which]()
    model.set_query({"units": UnitQuery(status="全部"), "agreements": AgreementQuery(),
                     "lists": ListQuery(), "meetings": MeetingQuery()}[which])
    assert model.rowCount() > 5
    qtmodeltester.check(model, force_py=True)
    model.sort(2)
    qtmodeltester.check(model, force_py=True)


def test_the_score_grid_passes_qt_model_tester(qtmodeltester, demo_services: Services) -> None:
    from app.ui.cobuild.appraisal_model import ScoreGridModel

    scored = next(r for r in demo_services.appraisals.rounds() if r.sheets)
    model = ScoreGridModel()
    model.set_rows(scored.criteria, demo_services.units.names(scored.org_id),
                   demo_services.appraisals.table(scored.id, OF_UNIT))
    assert model.rowCount() >= 3 and model.columnCount() == 1 + len(scored.criteria) + 4
    qtmodeltester.check(model, force_py=True)
    model.editable = True
    assert model.setData(model.index(0, 1), "88")
    qtmodeltester.check(model, force_py=True)


def test_the_tab_is_in_the_main_window(services: Services, qtbot) -> None:
    from app.ui.tabs import build_tabs

    titles = [getattr(t, "title", "") for t in build_tabs(services, ChangeBus(services.hub))]
    assert titles[:4] == ["组织", "党员", "组织生活", "共建"]


def test_commitments_and_scans_are_shown_inside_the_program(tab: CobuildTab, services: Services,
                                                            data: dict[str, int]) -> None:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    from app.reports.cobuild.agreement_doc import print_agreement
    from app.services.cobuild.agreement_rows import CommitmentInput
    from app.ui.cobuild.commitments import CommitmentsDialog
    from app.ui.kit.image_dialog import ImageDialog
    from app.ui.kit.pdf_preview import PdfPreviewDialog

    services.commitments.add(data["ending"], CommitmentInput("乙方", "每季度义诊", TODAY - dt.timedelta(days=1)))
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    services.agreement_files.attach(data["ending"], "签字页.png", bytes(buffer.data()))
    services.agreement_files.attach(data["ending"], "协议.pdf", print_agreement(services, data["ending"])[0])
    dialog = CommitmentsDialog(services, data["ending"], parent=tab)
    assert dialog.heading.text() == "共1项承诺，已兑现0项"
    assert dialog.items_table.item(0, 3).text() == "逾期未兑现"
    assert dialog.files_box.count() == 2
    shown = dialog.view_file()
    assert isinstance(shown, ImageDialog) and not shown.pixmap.isNull()
    shown.close()
    dialog.files_box.setCurrentIndex(1)
    preview = dialog.view_file()
    assert isinstance(preview, PdfPreviewDialog) and preview.preview.page_count() >= 1
    preview.close()
    done = dialog.done_dialog(dialog.items[0].id)
    assert done.text is not None
    done.text.setText("义诊签到表")  # type: ignore[union-attr]
    done.confirm()
    dialog.reload()
    assert dialog.heading.text() == "共1项承诺，已兑现1项"
