"""The built-in manual: F1 opens the page of the tab in front, every tab has a page, every
picture and page the manual links to is there (and a missing one is reported)."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from app.ui.help import manual
from app.ui.help.manual import ManualDialog
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_services: Services) -> MainWindow:
    demo_services.act_as(demo_services.auth.login(DEMO_ADMIN, DEMO_PASSWORD))  # sees every tab
    w = MainWindow(demo_services, {})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _select(window: MainWindow, title: str) -> None:
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index(title))


def test_f1_on_the_members_tab_opens_the_members_page(qtbot, window: MainWindow) -> None:
    _select(window, "党员")
    window.activateWindow()
    window.tabs.currentWidget().setFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    dialog = window.findChild(ManualDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.current_page() == "members.html"
    assert "查找和筛选" in dialog.browser.toPlainText()
    assert dialog.contents.currentItem().text() == "党员页签"
    # F1 again on another tab reuses the same window and moves it to that tab's page.
    _select(window, "组织")
    window.menu_actions["本页签的说明"].trigger()
    assert window.findChildren(ManualDialog) == [dialog] and dialog.current_page() == "orgs.html"


def test_the_help_menu_opens_the_contents_and_links_are_followed(window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    assert [a.text() for a in help_menu.actions()][:2] == ["使用说明", "本页签的说明"]
    window.menu_actions["使用说明"].trigger()
    dialog = window.findChild(ManualDialog)
    assert dialog.current_page() == "index.html" and "十五分钟" in dialog.browser.toPlainText()
    dialog.open_page("backup.html#where")
    assert dialog.current_page() == "backup.html" and dialog.browser.source().fragment() == "where"
    dialog.browser.backward()
    assert dialog.current_page() == "index.html"


def test_every_tab_has_a_page(window: MainWindow) -> None:
    titles = []
    for i in range(window.tabs.count()):
        tab = window.tabs.widget(i)
        page = manual.page_for(tab)
        titles.append(window.tabs.tabText(i))
        assert page != "index.html", f"the {window.tabs.tabText(i)} tab has no page in the manual"
        assert (manual.manual_dir() / page).is_file()
    assert {"组织", "党员", "材料", "审计"} <= set(titles)


def test_every_picture_and_page_the_manual_links_to_exists() -> None:
    assert manual.missing_files() == []
    pictures = {ref for page, _ in manual.PAGES for ref in manual.referenced_files(page) if ref.endswith(".png")}
    # The path from installing to a printed briefing is shown with the program's own windows.
    assert {"images/first-start.png", "images/import-preview.png", "images/briefing.png",
            "images/backup.png", "images/users.png"} <= pictures


def test_a_missing_picture_or_page_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "manual"
    shutil.copytree(manual.manual_dir(), copy)
    (copy / "images" / "briefing.png").unlink()
    (copy / "users.html").unlink()
    monkeypatch.setattr(manual, "manual_dir", lambda: copy)
    missing = manual.missing_files()
    assert "briefing.html → images/briefing.png" in missing and "users.html" in missing


def test_an_unknown_page_opens_the_contents(qtbot) -> None:
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    for hostile in ("../../etc/passwd", "不存在.html", "", "members.html/../x", "../templates/简报.txt",
                    "images/briefing.png", "#where"):
        dialog.open_page(hostile)
        assert dialog.current_page() == "index.html"
