"""The shell every record area's tab shares: the organisation tree on the left; on the right an
optional notice banner, the area's pages, and the box that shows numbers in full.

An area's tab names its pages, what changes concern it, and what its banner says; the shell
lays them out, reads the records when the tab is first shown (not when the window opens),
passes the chosen organisation to every page, locks the pages for a user who may only read,
and reloads when a change that concerns the tab arrives. The 共建, 服务, 经费 and 党费 tabs and the
organisation-life tabs are built on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.services.access.auth import can
from app.services.container import Services
from app.ui.kit.changes import ChangeBus
from app.ui.orgs.scope import OrgScope

BANNER_STYLE = "QFrame#{name} {{ background: #fff4e5; border: 1px solid #f0b070; border-radius: 4px; }}"


class ScopedPage(Protocol):
    """What the shell asks of a page: the organisation whose records it shows."""

    def set_scope(self, org_id: int | None) -> None: ...


class Banner(QFrame):
    """A pale orange strip above the pages: one sentence and a button that shows what it names."""

    def __init__(self, name: str, button_text: str, on_click: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(BANNER_STYLE.format(name=name))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(button_text)
        self.button.clicked.connect(on_click)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def say(self, sentence: str) -> None:
        """Shows the sentence, or hides the banner when there is nothing to say."""
        self.text.setText(sentence)
        self.setVisible(bool(sentence))


class RecordAreaTab(QWidget):
    """Subclasses set ``title`` and ``concerns``, build their pages, then call ``set_pages``."""

    title = ""
    concerns: frozenset[Change] = frozenset()

    def __init__(self, services: Services, bus: ChangeBus, tree_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope = OrgScope(services.orgs, services.settings, tree_key)
        self.pages = QTabWidget()
        self.reveal_box: QCheckBox | None = None
        self._page_list: list[QWidget] = []
        self._right = QVBoxLayout()
        self._right.setContentsMargins(0, 0, 0, 0)
        right = QWidget()
        right.setLayout(self._right)
        splitter = QSplitter()
        splitter.addWidget(self.scope)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        splitter.setSizes([18 * em, 72 * em])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.scope.changed.connect(self.reload)
        bus.changed.connect(self._on_changed)
        self._loaded = False

    # --- building ---------------------------------------------------------------------------
    def set_pages(self, object_name: str, pages: Iterable[tuple[QWidget, str]], *, banner: Banner | None = None,
                  top: QWidget | None = None, reveal: tuple[str, str] | None = None) -> None:
        """The pages with their titles, in order; ``reveal`` is (object name, label) of the box
        that shows ID and phone numbers in full, offered only to a role that may see them; ``top``
        is a row shown above the pages (the 经费 tab's balances and buttons)."""
        self.pages.setObjectName(object_name)
        self.pages.setTabBarAutoHide(True)  # a tab of one page shows it without a tab bar
        for page, title in pages:
            self.pages.addTab(page, title)
            self._page_list.append(page)
        if banner is not None:
            self._right.addWidget(banner)
        if top is not None:
            self._right.addWidget(top)
        self._right.addWidget(self.pages, 1)
        if reveal is not None:
            box = QCheckBox(reveal[1])
            box.setObjectName(reveal[0])
            box.setVisible(can(self.services.actor, Permission.SHOW_SENSITIVE))
            box.toggled.connect(self.reveal)
            self.reveal_box = box
            self._right.addWidget(box, 0, Qt.AlignmentFlag.AlignRight)
        editable = can(self.services.actor, Permission.EDIT_RECORDS)
        for page in self._page_list:
            set_editable = getattr(page, "set_editable", None)
            if set_editable is not None:
                set_editable(editable)

    def all_pages(self) -> tuple[Any, ...]:
        return tuple(self._page_list)

    # --- what subclasses may override -------------------------------------------------------
    def update_banner(self) -> None:
        """Called after every reload; the default tab has nothing to announce."""

    def reveal(self, on: bool) -> None:
        """Shows (or masks again) the numbers on every page whose model can show them."""
        for page in self._page_list:
            model = getattr(page, "model", None)
            if model is not None and hasattr(model, "set_context"):
                model.set_context(reveal=on)

    # --- loading ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        org_id = self.scope.scope_id()
        for page in self._page_list:
            set_scope = getattr(page, "set_scope", None)
            if set_scope is not None:
                set_scope(org_id)
        self.update_banner()

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded or not (set(changes) & (self.concerns | {Change.ALL})):
            return
        if Change.ORGS in changes or Change.ALL in changes:
            self.scope.reload()
        self.reload()
