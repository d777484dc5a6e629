"""The open database and its main window: first-start wizard, switching databases, self-test."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.errors import AppError
from app.paths import save_config
from app.services.container import Services
from app.ui.errors import show_error
from app.ui.main_window import MainWindow
from app.ui.startup import process_age
from app.ui.wizard import FirstStartDialog


class GuiController:
    """Owns the open database and the main window; switches databases on request."""

    def __init__(self, app: QApplication, config: dict) -> None:
        self.app = app
        self.config = config
        self.window: MainWindow | None = None
        self.services: Services | None = None

    def open(self, db: str, *, wizard: bool = True) -> bool:
        try:
            services = Services.open(db)
        except AppError as exc:
            show_error(self.window, exc)
            return False
        if wizard and services.is_empty() and not FirstStartDialog(services, self.window).exec():
            services.close()
            return False
        old_window, old_services = self.window, self.services
        self.services = services
        self.window = MainWindow(services, self.config)
        self.window.open_requested.connect(self._switch)
        self.config["last_db"] = db
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_services is not None:
            old_services.close()
        self.window.show()
        return True

    def _switch(self, path: str) -> None:
        # Deferred so the old window's menu action finishes before the window goes.
        QTimer.singleShot(0, lambda: self.open(path))

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.close()
        save_config(self.config)
        if self.services is not None:
            self.services.close()


def self_test(app: QApplication, db: str, config: dict, splash_ms: float | None = None) -> int:
    """Builds every tab, shows the window, reports the start-up time and exits."""
    services = Services.open(db)
    try:
        window = MainWindow(services, config)
        window.show()
        app.processEvents()
        if not window.isVisible():
            print("自检失败：主窗口没有显示", file=sys.stderr)
            return 1
        elapsed = process_age()
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        first = f"splash shown {splash_ms:.0f} ms, " if splash_ms is not None else ""
        print(f"self-test ok: {first}window shown {elapsed * 1000:.0f} ms after process start; "
              f"tabs: {'、'.join(tabs)}; database: {services.db.path or services.db.url}")
        window.close()
        return 0
    except AppError as exc:
        print(f"自检失败：{exc.message}", file=sys.stderr)
        return 1
    finally:
        services.close()
