"""The 服务 tab driven in pytest-qt over real services: the waiting records named on opening,
records searched and filtered, a form that refuses hostile input and saves good input, many
confirmed at once, returned with a reason, a correction kept beside the original, reporting in,
the hours by unit, read-only roles, and models that pass qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.container import Services
from app.services.kit.base import Actor
from app.services.service.rows import (
    ActivityInput,
    ActivityQuery,
    RecordQuery,
    ReportQuery,
    VolunteerQuery,
)
from app.ui.kit.changes import ChangeBus
from app.ui.service.activities_page import ActivityTableModel
from app.ui.service.models import RecordTableModel, ReportTableModel, VolunteerTableModel
from app.ui.service.tab import ServiceTab
from tests.services.cobuild.helpers import in_service
from tests.services.service.helpers import DAY, Place, build_place, record


@pytest.fixture
def place(services: Services) -> Place:
    p = build_place(services)
    services.settings.set("office_org_id", p.tree.county)
    r = services.service_records
    first = r.create(record(p, content="调解邻里纠纷"))
    r.create(record(p, p.volunteer_ids[1], content="陪老人看病"))
    r.create(record(p, p.resident_id, content="清扫楼道", start="14:00", end="16:00"))
    r.confirm([first.id])
    return p


@pytest.fixture
def tab(qtbot, services: Services, place: Place) -> ServiceTab:
    widget = ServiceTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def test_nothing_is_read_before_the_tab_is_shown(qtbot, services: Services, place: Place) -> None:
    widget = ServiceTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    assert widget.records.model.rowCount() == 0
    widget.show()
    assert widget.records.model.rowCount() == 3 and widget.records.count_label.text() == "共 3 条"


def test_waiting_records_are_named_when_the_tab_opens(tab: ServiceTab) -> None:
    assert tab.banner.isVisible() and "有2条服务记录等待确认" in tab.banner_text.text()
    tab.show_pending.click()
    assert tab.records.model.rowCount() == 2
    assert {tab.records.model.data(tab.records.model.index(r, 8)) for r in range(2)} == {"待确认"}


def test_records_search_by_pinyin_and_content(tab: ServiceTab, place: Place) -> None:
    page = tab.records
    page.search.setText("wang")
    page.apply()
    assert [r.volunteer_name for r in page.model.source.rows(page.model.ids())] == ["王阿姨"]
    page.search.setText("纠纷")
    page.apply()
    assert page.model.rowCount() == 1
    page.search.setText("'; DROP TABLE service_records;--")
    page.apply()
    assert page.model.rowCount() == 0


def test_the_record_form_refuses_hostile_input_and_saves_good_input(tab: ServiceTab, services: Services,
                                                                   place: Place) -> None:
    dialog = tab.records.dialog()
    form = dialog.form
    form.set_value("volunteer_id", place.volunteer_ids[0])
    form.set_value("served_on", DAY - dt.timedelta(days=1))
    form.set_value("content", "义务理发")
    for key, bad, words in (("hours", "=1+1", "无法识别"), ("hours", "30", "超过了24小时"),
                            ("start_time", "25:99", "无法识别为时间"), ("content", "", "服务内容"),
                            ("served_people", "<script>", "应为整数")):
        good = form.value(key)
        form.set_value(key, bad)
        dialog.save()
        assert words in dialog.error.text(), (key, dialog.error.text())
        form.set_value(key, good)
    assert services.service_records.count_all() == 3
    form.set_value("hours", "2小时")
    dialog.save()
    assert dialog.result() and dialog.result_row.hours == 20 and dialog.result_row.status == "待确认"


def test_confirm_many_at_once_and_return_one_with_a_reason(tab: ServiceTab, services: Services) -> None:
    page = tab.records
    page.show_status("待确认")
    ids = page.model.ids()
    page.table.select_ids(ids[:1], ids[0])
    assert page.send_back("服务对象没写") == 1
    page.show_status("待确认")
    rest = page.model.ids()
    page.table.select_ids(rest, rest[0])
    assert page.confirm() == len(rest)
    assert services.service_records.count(RecordQuery(status="已确认")) == 1 + len(rest)
    assert services.service_records.get(ids[0]).return_reason == "服务对象没写"


def test_a_correction_stays_beside_the_original(tab: ServiceTab, services: Services, place: Place,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    page = tab.records
    page.show_status("已确认")
    confirmed = page.model.ids()[0]
    page.table.select_ids([confirmed], confirmed)
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("实际服务1小时", True))
    dialog = page.dialog(page.current(), correcting=True)
    dialog.form.set_value("end_time", "10:00")
    dialog.save()
    assert dialog.result_row.replaces_id == confirmed
    page.table.select_ids([dialog.result_row.id], dialog.result_row.id)
    text = page.versions_text()
    assert f"第{confirmed}号（已确认）" in text and "更正原因：实际服务1小时" in text


def test_reporting_in_through_the_form_and_the_not_reported_list(tab: ServiceTab, services: Services,
                                                                place: Place) -> None:
    late = in_service(services, place.tree.branch_a, "孙未报", work_unit="青山县人民医院")
    page = tab.reports
    assert page.model.rowCount() == 2
    assert "孙未报" in page.not_reported_text() and "【青山县人民医院】" in page.not_reported_text()
    dialog = page.dialog()
    dialog.form.set_value("member_id", late)
    dialog.form.set_value("unit_id", place.unit_id)
    dialog.form.set_value("slip_no", "号" * 40)
    dialog.save()
    assert "过长" in dialog.error.text()
    dialog.form.set_value("slip_no", "BD099")
    dialog.save()
    assert dialog.result_row.member_name == "孙未报"
    assert "孙未报" not in page.not_reported_text()


def test_hours_by_unit_and_who_is_behind(tab: ServiceTab) -> None:
    page = tab.hours
    page.by_box.setCurrentIndex(page.by_box.findData("unit"))
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "青山县人民医院"
    assert page.table.item(0, 2).text() == "2.0"
    page.show_behind()
    assert page.table.rowCount() == 2 and "还差" in page.table.item(0, 3).text()


def test_a_viewer_may_look_but_not_write_or_confirm(qtbot, services: Services, place: Place) -> None:
    services.act_as(Actor("查看者", role="查看"))
    widget = ServiceTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    page = widget.records
    page.table.select_ids(page.model.ids()[:1], page.model.ids()[0])
    assert not page.actions_["addRecord"].isEnabled() and not page.actions_["confirmRecords"].isEnabled()
    assert page.actions_["recordVersions"].isEnabled()
    assert not widget.reveal_box.isVisibleTo(widget)


def test_the_models_pass_qtmodeltester(qtmodeltester, services: Services, place: Place) -> None:
    services.activities.create(ActivityInput(title="义诊", category="健康医疗", org_id=place.tree.community, held_on=DAY))
    for model, query in ((RecordTableModel(services.service_records), RecordQuery()),
                         (ReportTableModel(services.reports), ReportQuery()),
                         (VolunteerTableModel(services.volunteers), VolunteerQuery()),
                         (ActivityTableModel(services.activities), ActivityQuery())):
        model.set_query(query)
        assert model.rowCount() > 0 or isinstance(model, ActivityTableModel)
        qtmodeltester.check(model)


def test_the_tab_renders(tab: ServiceTab, tmp_path) -> None:
    tab.grab().save(str(tmp_path / "service.png"))
    assert (tmp_path / "service.png").stat().st_size > 1000


def test_the_list_opens_on_the_last_three_months(tab: ServiceTab, services: Services, place: Place) -> None:
    old = services.service_records.create(record(place, day=dt.date.today() - dt.timedelta(days=200), content="旧记录"))
    page = tab.records
    page.apply()
    assert old.id not in page.model.ids() and page.model.rowCount() == 3
    page.period_box.setCurrentIndex(page.period_box.findData(366))
    assert old.id in page.model.ids()
    page.period_box.setCurrentIndex(0)
    page.show_status("待确认")  # the banner's button shows every waiting record, whenever
    assert old.id in page.model.ids()


def test_an_activity_from_the_form_to_the_records_of_those_who_came(tab: ServiceTab, services: Services,
                                                                    place: Place) -> None:
    page = tab.activities
    dialog = page.dialog()
    form = dialog.form
    form.set_value("title", "义诊进社区")
    form.set_value("category", "健康医疗")
    form.set_value("held_on", DAY - dt.timedelta(days=2))
    form.set_value("start_time", "下午3点")
    form.set_value("end_time", "14:00")
    dialog.save()
    assert "不晚于开始时间" in dialog.error.text()
    form.set_value("end_time", "17:30")
    dialog.save()
    act = dialog.result_row
    assert act.start_time == "15:00" and act.end_time == "17:30"
    page.apply()
    page.table.select_ids([act.id], act.id)
    picker = page.sign_up_dialog(page.current())
    picker.tick([place.volunteer_ids[0], place.resident_id])
    assert sorted(picker.chosen()) == sorted([place.volunteer_ids[0], place.resident_id])
    assert page.sign_up(picker.chosen()) == 2
    made = page.all_came()
    assert made is not None and len(made) == 2
    rows = services.service_records.rows(made)
    assert {r.hours for r in rows} == {25} and {r.status for r in rows} == {"待确认"}
    assert page.model.data(page.model.index(0, 8)) == "2"


def test_certificate_table_and_feedback_are_shown_to_print(tab: ServiceTab, services: Services, place: Place,
                                                           shown_messages: list[str]) -> None:
    from app.ui.kit.pdf_preview import PdfPreviewDialog

    page = tab.volunteers
    page.table.select_ids([place.volunteer_ids[0]], place.volunteer_ids[0])
    shown = page.certificate(show=False)
    assert isinstance(shown, PdfPreviewDialog) and shown.preview.page_count() == 1
    assert "志愿服务记录证明（〔" in shown.windowTitle()
    assert services.certificates.issued(place.volunteer_ids[0])
    page.table.select_ids([place.volunteer_ids[1]], place.volunteer_ids[1])  # nothing confirmed yet
    assert page.certificate(show=False) is None
    assert "没有已确认的志愿服务记录" in shown_messages[-1]
    for made in (tab.hours.print_table(show=False), tab.hours.print_feedback(show=False)):
        assert isinstance(made, PdfPreviewDialog) and made.preview.page_count() >= 1
        made.close()


def test_an_activitys_place_is_offered_from_the_sites(tab: ServiceTab, services: Services, place: Place) -> None:
    from PySide6.QtWidgets import QComboBox

    from app.services.sites.rows import SiteInput

    services.sites.create(SiteInput("和平社区党群服务中心", "党群服务中心", place.tree.community))
    services.sites.create(SiteInput("东湖社区党群服务中心", "党群服务中心", place.tree.other_community))
    page = tab.activities
    page.scope = place.tree.community
    dialog = page.dialog()
    box = dialog.form.widgets["place"]
    assert isinstance(box, QComboBox) and box.isEditable()
    assert [box.itemText(i) for i in range(box.count())] == ["", "和平社区党群服务中心"]
    assert box.lineEdit().placeholderText() == "选择阵地，或直接填写地点"
    form = dialog.form
    form.set_value("title", "义诊进社区")
    form.set_value("category", "健康医疗")
    form.set_value("held_on", DAY)
    box.setCurrentIndex(1)
    dialog.save()
    assert dialog.result_row is not None and dialog.result_row.place == "和平社区党群服务中心"
    typed = page.dialog()
    typed.form.set_value("title", "楼道清扫")
    typed.form.set_value("category", "环境整治")
    typed.form.set_value("held_on", DAY)
    typed.form.set_value("place", "3号楼前空地")
    typed.save()
    assert typed.result_row is not None and typed.result_row.place == "3号楼前空地"
