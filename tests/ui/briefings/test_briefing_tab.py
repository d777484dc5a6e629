"""The 材料 tab over the demonstration database: preview, problems, issuing, reprinting,
templates as files, and who may see and use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog

from app.reports.briefings import templates
from app.reports.briefings.briefing import Kind
from app.services.container import Services
from app.services.kit.base import Actor
from app.ui.briefings import issued_list
from app.ui.briefings.tab import BriefingTab
from app.ui.kit.changes import ChangeBus
from app.ui.tabs import build_tabs
from tests.reports.kit.pdfcheck import reader, text


@pytest.fixture
def tab(qtbot, demo_services: Services) -> BriefingTab:
    widget = BriefingTab(demo_services, ChangeBus(demo_services.hub))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def test_generating_a_preview_shows_the_pages_and_no_problems(tab: BriefingTab, demo_services) -> None:
    office = demo_services.orgs.get(int(demo_services.settings.get("office_org_id")))
    assert tab.form.org.org_id() == office.id and tab.form.issuer.text() == office.name
    assert "{党员总数}" in tab.template_text()
    assert not tab.buttons["print"].isEnabled() and not tab.buttons["issue"].isEnabled()
    result = tab.generate()
    assert result is not None and result.pages > 0
    assert tab.preview.page_count() == result.pages
    image = tab.preview.page_image(0)
    assert not image.isNull()
    assert any(image.pixelColor(x, y).name() != "#ffffff"
               for x in range(0, image.width(), 9) for y in range(0, image.height(), 9))
    assert tab.problem_list() == []
    assert tab.buttons["print"].isEnabled() and tab.buttons["issue"].isEnabled()
    assert "共在册党员" in flat(result.pdf) or "在册党员" in flat(result.pdf)


def test_an_unknown_placeholder_is_a_problem_and_stops_issuing(tab: BriefingTab, shown_messages) -> None:
    tab.editor.setPlainText(templates.builtin("工作汇报") + "另有{不存在的数字}。\n")
    tab.generate()
    problems = tab.problem_list()
    assert [p.placeholder for p in problems] == ["不存在的数字"]
    assert problems[0].line == len(tab.template_text().splitlines())
    assert tab.problems.isVisible() and "1处" in tab.problems_label.text()
    assert not tab.buttons["issue"].isEnabled()
    assert tab.issue() is None
    assert shown_messages and "不能正式印发" in shown_messages[-1]
    # Clicking the problem selects the placeholder in the template.
    tab.select_problem(tab.problems.item(0))
    assert tab.editor.textCursor().selectedText() == "{不存在的数字}"


def test_editing_after_the_preview_asks_for_a_new_one(tab: BriefingTab) -> None:
    tab.generate()
    assert tab.buttons["issue"].isEnabled()
    tab.form.title.setText("新的标题")
    assert not tab.buttons["issue"].isEnabled() and "重新生成预览" in tab.status.text()
    result = tab.generate()
    assert result.title == "新的标题" and tab.buttons["issue"].isEnabled()


def test_issuing_numbers_each_bulletin_and_keeps_it(tab: BriefingTab, demo_services, shown_messages,
                                                    monkeypatch, tmp_path: Path) -> None:
    tab.form.set_kind(Kind.BULLETIN)
    assert tab.template_text() == templates.builtin("简报")  # the kind's own template
    assert tab.form.recipients["报"].text() == "" and tab.form.copies.value() == 0  # nothing set yet
    tab.generate()
    first = tab.issue()
    assert first is not None and first.number == 1 and first.kind == "简报"
    assert any("第1期（总第1期）" in m for m in shown_messages)  # the confirmation names the number
    assert not tab.buttons["issue"].isEnabled()  # not twice by accident
    assert "第1期" in tab.status.text()
    tab.generate()
    second = tab.issue()
    assert second is not None and second.number == 2
    assert tab.issued.count() == 2
    shown = {tab.issued.table.item(r, 2).text() for r in range(2)}
    assert shown == {"第1期", "第2期"}
    assert tab.right_tabs.tabText(1) == "已印发（2）"
    assert "第2期" in flat(tab.result.pdf)

    # Reprinting and saving give the PDF exactly as issued.
    stored = demo_services.briefings.pdf(first.id)
    printed: list[bytes] = []
    monkeypatch.setattr(issued_list, "print_pdf", lambda parent, pdf, title: printed.append(pdf) or True)
    tab.issued.select(first.id)
    assert tab.issued.buttons["print"].isEnabled()
    tab.issued.buttons["print"].click()
    assert printed == [stored]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "第1期"), ""))
    path = tab.issued.save()
    assert path == tmp_path / "第1期.pdf" and path.read_bytes() == stored
    assert "第1期" in flat(stored)


def test_recipients_cleared_are_not_printed(tab: BriefingTab) -> None:
    tab.form.set_kind("简报")
    for edit in tab.form.recipients.values():
        edit.clear()
    tab.form.copies.setValue(0)
    result = tab.generate()
    t = flat(result.pdf)
    assert "报：" not in t and "共印" not in t
    tab.form.recipients["报"].setText("县委组织部")
    assert "报：县委组织部" in flat(tab.generate().pdf)


def test_the_issuer_and_its_distribution_follow_the_chosen_organisation(tab: BriefingTab, demo_services,
                                                                        shown_messages) -> None:
    office = demo_services.orgs.get(int(demo_services.settings.get("office_org_id")))
    community = demo_services.orgs.find_by_name("和平社区党委")
    assert community is not None
    tab.form.set_kind("简报")
    assert tab.form.issuer.text() == office.name
    # the community's own 版记, set once in the tab and kept as the community's
    tab.form.org.select(community.id)
    assert tab.form.issuer.text() == "和平社区党委"  # not the county's 组织部
    tab.form.recipients["报"].setText("城关街道党工委")
    tab.form.copies.setValue(35)
    tab.form.save_button.click()
    assert demo_services.briefings.issuer_settings(community.id).line("报") == "城关街道党工委"
    assert "默认版记" in tab.status.text()
    result = tab.generate()
    t = flat(result.pdf)
    assert "和平社区党委编" in t and "报：城关街道党工委" in t and "共印35份" in t
    # back to the county: its issuer and (empty) distribution; then the community again
    tab.form.org.select(office.id)
    assert tab.form.issuer.text() == office.name and tab.form.recipients["报"].text() == ""
    tab.form.org.select(community.id)
    assert tab.form.recipients["报"].text() == "城关街道党工委" and tab.form.copies.value() == 35
    # changed for one issue only: printed, but the community's default stays
    tab.form.recipients["发"].setText("各网格党支部")
    assert "发：各网格党支部" in flat(tab.generate().pdf)
    assert demo_services.briefings.issuer_settings(community.id).line("发") == ""
    row = tab.issue()
    assert row is not None and row.org_id == community.id and row.issuer == "和平社区党委"
    assert (row.number, row.total_number) == (1, 1)


def test_save_as_pdf_from_the_preview(tab: BriefingTab, monkeypatch, tmp_path: Path) -> None:
    result = tab.generate()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "汇报.pdf"), ""))
    path = tab.save_pdf()
    assert path == tmp_path / "汇报.pdf" and path.read_bytes() == result.pdf
    doc = reader(path.read_bytes())
    box = doc.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.3, 841.9), abs=1)


def test_templates_are_saved_and_opened_as_files(tab: BriefingTab, monkeypatch, tmp_path: Path,
                                                 shown_messages) -> None:
    own = "标题：{组织简称}{期间}工作情况\n共有党员{党员总数}。\n"
    tab.editor.setPlainText(own)
    target = tmp_path / "共享" / "我们的模板.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert tab.save_template() == target
    assert target.read_text(encoding="utf-8") == own
    tab.editor.setPlainText("别的内容")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    assert tab.open_template()
    assert tab.template_text() == own
    assert tab.template_choice.currentText() == "我们的模板"
    result = tab.generate()
    assert result.title.endswith("工作情况") and tab.problem_list() == []


def test_a_template_saved_in_the_office_folder_is_offered(tab: BriefingTab, monkeypatch) -> None:
    target = templates.user_dir() / "月度简报.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.save_template()
    names = [tab.template_choice.itemText(i) for i in range(tab.template_choice.count())]
    assert {"工作汇报", "简报", "月度简报"} <= set(names)


def test_insert_figure_puts_the_placeholder_at_the_cursor(tab: BriefingTab) -> None:
    tab.editor.setPlainText("共有党员。")
    cursor = tab.editor.textCursor()
    cursor.setPosition(4)
    tab.editor.setTextCursor(cursor)
    actions = [a for sub in tab.insert_button.menu().actions() if sub.menu()
               for a in sub.menu().actions()]
    total = next(a for a in actions if a.text().startswith("党员总数"))
    total.trigger()
    assert tab.template_text() == "共有党员{党员总数}。"


def test_period_choices_reach_the_document(tab: BriefingTab) -> None:
    tab.form.period.set_mode("季度")
    tab.form.period.quarter.setCurrentIndex(1)
    year = tab.form.period.year.value()
    request = tab.form.request(tab.template_text())
    assert request.period.label == f"{year}年第二季度"
    tab.form.period.set_mode("月份")
    tab.form.period.month.setValue(7)
    assert tab.form.request(tab.template_text()).period.label == f"{year}年7月"


def tab_titles(services: Services) -> dict[str, object]:
    bus = ChangeBus(services.hub)
    return {getattr(t, "title", ""): t for t in build_tabs(services, bus)}


def test_a_viewer_can_print_but_an_auditor_does_not_see_the_tab(qtbot, demo_services: Services) -> None:
    demo_services.act_as(Actor("小李", role="查看"))
    tabs = tab_titles(demo_services)
    for t in tabs.values():
        qtbot.addWidget(t)
    assert list(tabs)[:9] == ["组织", "党员", "组织生活", "共建", "服务", "经费", "党费", "阵地队伍", "材料"]
    materials = tabs["材料"]
    assert materials.buttons["generate"].isEnabled()
    assert materials.generate() is not None and materials.buttons["print"].isEnabled()
    demo_services.act_as(Actor("老王", role="审计员"))
    tabs = tab_titles(demo_services)
    for t in tabs.values():
        qtbot.addWidget(t)
    assert "材料" not in tabs


def test_the_preview_appears_once_the_organisation_is_chosen(tab: BriefingTab, qtbot, demo_services) -> None:
    qtbot.waitUntil(lambda: tab.result is not None, timeout=20000)  # no button pressed
    community = demo_services.orgs.find_by_name("和平社区党委")
    assert community is not None
    tab.form.org.select(community.id)
    assert tab._stale
    qtbot.waitUntil(lambda: not tab._stale, timeout=20000)
    assert "和平社区" in tab.result.title


def test_paragraphs_show_each_figure_as_its_value_and_are_edited_in_place(tab: BriefingTab, monkeypatch) -> None:
    from app.ui.briefings import editing

    tab.editor.setPlainText("标题：测试\n一、基本情况\n共有党员{党员总数}，女党员{女党员数}。\n")
    result = tab.generate()
    assert result is not None
    view = tab.area.paragraphs.view.toPlainText()
    total = tab.area.value_of("党员总数")
    assert total and total.endswith("名") and total in view and "{党员总数}" not in view
    assert "FFF1B8" in tab.area.paragraphs.view.toHtml().upper()  # figures are highlighted
    # choose the third paragraph and change it; the raw template follows
    paragraphs = tab.area.paragraphs
    paragraphs.select_line(2)
    assert paragraphs.edit.toPlainText() == "共有党员{党员总数}，女党员{女党员数}。"
    paragraphs.edit.setPlainText("共有在册党员{党员总数}。")
    assert tab.template_text().splitlines()[2] == "共有在册党员{党员总数}。"
    assert tab._stale
    # 插入数字 from the searchable list puts the figure at the cursor
    monkeypatch.setattr(editing, "pick_figure", lambda value_of, parent: "预备党员数")
    paragraphs.edit.moveCursor(QTextCursor.MoveOperation.End)
    paragraphs.insert_figure()
    assert tab.template_text().splitlines()[2] == "共有在册党员{党员总数}。{预备党员数}"
    paragraphs.remove_paragraph()
    assert "党员总数" not in tab.template_text()


def test_insert_figure_list_is_searchable_and_shows_current_values(tab: BriefingTab) -> None:
    from app.ui.briefings.figure_picker import FigurePicker

    tab.generate()
    picker = FigurePicker(tab.area.value_of, tab)
    picker.search.setText("党员总数")
    names = picker.visible_names()
    assert names[0] == "党员总数" and "党员总数较上期增减" in names
    assert tab.area.value_of("党员总数") in picker.list.currentItem().text()
    picker.search.setText("dyzs")  # pinyin initials
    assert picker.visible_names()[0] == "党员总数"
    picker.search.setText("没有这种数字")
    assert picker.visible_names() == [] and picker.chosen() is None


def test_thresholds_are_set_in_the_tab(tab: BriefingTab, demo_services) -> None:
    from decimal import Decimal

    from app.ui.briefings.thresholds import ThresholdDialog

    dialog = ThresholdDialog(demo_services.briefings, tab)
    dialog.boxes["年轻党员占比下限"].setValue(40)
    assert dialog.save()
    assert demo_services.briefings.thresholds()["年轻党员占比下限"] == Decimal(40)
