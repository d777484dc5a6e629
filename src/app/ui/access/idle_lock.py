"""Locks the program after an idle period; the password brings everything back as it was.

Open dialogs are covered, not closed, so unsaved input survives the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.services.container import Services
from app.ui.access.login import LoginDialog
from app.ui.kit.fonts import relative_pt

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class Cover(QLabel):
    """A plain panel over a window while the program is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__("已锁定", window)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"background: #eceff1; color: #607d8b; font-size: {relative_pt(2)};")
        self.setGeometry(window.rect())
        self.show()
        self.raise_()


class IdleLock(QObject):
    def __init__(self, services: Services, *, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clock = clock
        self.last_input = clock()
        self.locked = False
        self.dialog: LoginDialog | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def minutes(self) -> int:
        return int(self.services.settings.get("idle_lock_minutes") or 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and not self.locked:
            self.last_input = self.clock()
        return False

    def check(self) -> None:
        minutes = self.minutes()
        if minutes > 0 and not self.locked and self.clock() - self.last_input >= minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Covers every window and asks for the signed-in user's password until it is given."""
        if self.locked or self.services.actor.role is None:
            return
        self.locked = True
        covers = [Cover(w) for w in QApplication.topLevelWidgets() if w.isVisible() and not isinstance(w, Cover)]
        try:
            while True:
                self.dialog = LoginDialog(self.services, unlock_as=self.services.actor.name)
                self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
                if self.dialog.exec() and self.dialog.actor is not None:
                    self.services.act_as(self.dialog.actor)
                    break
        finally:
            self.dialog = None
            for cover in covers:
                cover.deleteLater()
            self.locked = False
            self.last_input = self.clock()
