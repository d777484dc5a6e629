"""字号: 标准 / 大 / 特大 scales the whole interface, is remembered, and is applied at start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.paths import load_config
from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from app.ui.kit import fonts
from app.ui.kit.record_table import WIDTHS_KEY
from app.ui.main_window import MainWindow
from app.ui.members.tab import MemberTab
from app.ui.startup import prepare_app

BASE = fonts.BASE_POINT_SIZE


@pytest.fixture(autouse=True)
def _back_to_standard(qapp: QApplication) -> Iterator[None]:
    yield
    fonts.apply_size(qapp, fonts.DEFAULT_SIZE)
    qapp.setStyleSheet("")


@pytest.fixture
def window(qtbot, demo_services: Services) -> MainWindow:
    demo_services.act_as(demo_services.auth.login(DEMO_ADMIN, DEMO_PASSWORD))
    w = MainWindow(demo_services, {})
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.tabs.setCurrentIndex(next(i for i in range(w.tabs.count()) if w.tabs.tabText(i) == "党员"))
    return w


def member_tab(window: MainWindow) -> MemberTab:
    tab = window.tabs.currentWidget()
    assert isinstance(tab, MemberTab)
    return tab


def test_the_view_menu_offers_three_sizes_with_standard_chosen(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    sizes = {a.text(): a for a in menus["视图(&V)"].actions()}["字号"].menu()
    texts = [a.text() for a in sizes.actions()]
    assert texts == ["标准", "大（125%）", "特大（150%）"]
    assert [a.isChecked() for a in sizes.actions()] == [True, False, False]


def test_choosing_large_scales_letters_rows_and_paddings_at_once(qapp: QApplication, window: MainWindow) -> None:
    fonts.apply_size(qapp, fonts.DEFAULT_SIZE)
    tab = member_tab(window)
    label_before = tab.count_label.fontInfo().pointSizeF()
    row_before = tab.table.rowHeight(0)
    column_before = tab.table.horizontalHeader().sectionSize(0)
    window.size_actions["特大"].trigger()
    assert qapp.font().pointSizeF() == pytest.approx(BASE * 1.5)
    assert tab.count_label.fontInfo().pointSizeF() == pytest.approx(label_before * 1.5, rel=0.1)
    assert tab.table.rowHeight(0) > row_before * 1.3
    assert tab.table.horizontalHeader().sectionSize(0) > column_before * 1.3  # the columns grow too
    assert "padding: 6px 21px" in qapp.styleSheet()  # QPushButton { padding: 4px 14px; } in style.qss
    small = [w.text() for w in window.findChildren(QLabel)
             if w.isVisible() and w.text() and w.fontInfo().pointSizeF() < BASE * 1.5 - 0.5]
    assert small == []  # no label kept its old size
    assert window.size_actions["特大"].isChecked() and not window.size_actions["标准"].isChecked()


def test_the_choice_is_kept_in_the_config_and_applied_at_start(qapp: QApplication, window: MainWindow) -> None:
    window.size_actions["大"].trigger()
    assert window.config[fonts.CONFIG_KEY] == "大"
    saved = load_config()  # written at once, not only when the program closes
    assert saved[fonts.CONFIG_KEY] == "大"
    fonts.apply_size(qapp, fonts.DEFAULT_SIZE)
    prepare_app(qapp, saved)  # the next start
    assert qapp.font().pointSizeF() == pytest.approx(BASE * 1.25)


def test_column_widths_kept_in_characters_survive_a_new_size(qapp: QApplication, window: MainWindow) -> None:
    tab = member_tab(window)
    header = tab.table.horizontalHeader()
    header.resizeSection(0, 200)
    kept = window.config[WIDTHS_KEY]["memberTable"]["name"]
    window.size_actions["大"].trigger()
    assert window.config[WIDTHS_KEY]["memberTable"]["name"] == kept  # the same number of characters
    assert header.sectionSize(0) == pytest.approx(200 * 1.25, rel=0.12)


@pytest.mark.parametrize("stored", [None, "巨大", 3, ["大"], ""])
def test_a_strange_stored_size_means_standard(qapp: QApplication, stored) -> None:
    config = {fonts.CONFIG_KEY: stored}
    assert fonts.size_name(config) == "标准"
    prepare_app(qapp, config)
    assert qapp.font().pointSizeF() == pytest.approx(BASE)


def test_stylesheet_sizes_scale_but_hairlines_stay() -> None:
    text = "QPushButton { padding: 4px 14px; border: 1px solid #ccc; font-size: 12pt; }"
    assert fonts.scaled_stylesheet(text, 1.5) == \
        "QPushButton { padding: 6px 21px; border: 1px solid #ccc; font-size: 18pt; }"
    assert fonts.scaled_stylesheet(text, 1.0) == text
