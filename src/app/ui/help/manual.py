"""使用说明: the offline manual (resources/manual/*.html, pictures taken from the program) in a
window beside the main window, so a clerk can read a step and do it. F1 opens the page of
the tab in front; 帮助 → 使用说明 opens the contents."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.paths import resources_dir

# The chapters, in reading order (file, title in the contents list).
PAGES: list[tuple[str, str]] = [
    ("index.html", "目录：十五分钟上手"),
    ("start.html", "1. 安装与第一次打开"),
    ("import.html", "2. 导入本单位的党员名册"),
    ("briefing.html", "3. 打印工作汇报和简报"),
    ("backup.html", "4. 备份与恢复"),
    ("users.html", "5. 用户和角色"),
    ("orgs.html", "组织页签"),
    ("members.html", "党员页签"),
    ("orglife.html", "组织生活页签"),
    ("cobuild.html", "共建页签"),
    ("service.html", "服务页签"),
    ("funds.html", "经费和党费页签"),
    ("sites.html", "阵地队伍页签"),
    ("audit.html", "审计页签"),
    ("problems.html", "遇到问题时"),
]
# The page F1 opens for each tab (a tab may instead name its own in a `help_page` attribute).
TAB_PAGES: dict[str, str] = {"组织": "orgs.html", "党员": "members.html", "组织生活": "orglife.html", "共建": "cobuild.html", "服务": "service.html",
                             "经费": "funds.html", "党费": "funds.html", "阵地队伍": "sites.html", "材料": "briefing.html", "审计": "audit.html"}
PAGE_ROLE = Qt.ItemDataRole.UserRole
LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#]+)(?:#[^"']*)?["']""", re.IGNORECASE)


def manual_dir() -> Path:
    return resources_dir() / "manual"


def page_for(tab: QWidget | None) -> str:
    """The manual page for a tab of the main window (the contents if it has none)."""
    if tab is None:
        return "index.html"
    own = getattr(tab, "help_page", None)
    return own or TAB_PAGES.get(getattr(tab, "title", tab.objectName()), "index.html")


def referenced_files(page: str) -> list[str]:
    """The pictures and pages one page links to, relative to the manual folder."""
    text = (manual_dir() / page).read_text(encoding="utf-8")
    return [ref for ref in LINK.findall(text) if "://" not in ref and not ref.startswith("mailto:")]


def missing_files() -> list[str]:
    """Chapters and the files they link to that are not in the manual folder."""
    missing: list[str] = []
    for page, _title in PAGES:
        if not (manual_dir() / page).is_file():
            missing.append(page)
            continue
        missing += [f"{page} → {ref}" for ref in referenced_files(page) if not (manual_dir() / ref).is_file()]
    return missing


class ManualDialog(QDialog):
    """The contents on the left, the page on the right; stays open beside the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} 使用说明")
        self.setModal(False)
        self.resize(980, 720)
        self.contents = QListWidget()
        for page, title in PAGES:
            item = QListWidgetItem(title)
            item.setData(PAGE_ROLE, page)
            self.contents.addItem(item)
        self.contents.itemActivated.connect(lambda item: self.open_page(item.data(PAGE_ROLE)))
        self.contents.itemClicked.connect(lambda item: self.open_page(item.data(PAGE_ROLE)))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(manual_dir())])
        self.browser.document().setDefaultStyleSheet(
            "body { font-size: 12pt; } h1 { color: #b71c1c; } h2 { color: #8e1b1b; } "
            "kbd { background: #eeeeee; } p.note { color: #555555; }"
        )
        self.browser.sourceChanged.connect(self._follow)
        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setSizes([230, 750])
        row = QHBoxLayout()
        for text, slot in (("后退", self.browser.backward), ("前进", self.browser.forward),
                           ("目录", lambda: self.open_page("index.html")),
                           ("字大一些", lambda: self.browser.zoomIn(1)), ("字小一些", lambda: self.browser.zoomOut(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.browser.zoomIn(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.browser.zoomOut(1))

    def open_page(self, page: str) -> None:
        """Shows a page ("members.html", or with an anchor: "members.html#search")."""
        name, _, anchor = page.partition("#")
        folder = manual_dir().resolve()
        target = (folder / name).resolve()
        if target.parent != folder or target.suffix != ".html" or not target.is_file():
            name, anchor = "index.html", ""
        url = QUrl.fromLocalFile(str(manual_dir() / name))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _follow(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).name
        for row in range(self.contents.count()):
            if self.contents.item(row).data(PAGE_ROLE) == name:
                self.contents.setCurrentRow(row)
                return


def show_manual(parent: QWidget, page: str = "index.html") -> ManualDialog:
    """Opens (or brings forward) the parent's manual window at a page."""
    dialog = parent.findChild(ManualDialog)
    if dialog is None:
        dialog = ManualDialog(parent)
    dialog.open_page(page)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
