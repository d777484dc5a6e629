"""Starting the GUI: fonts, error handling, the database, the first-start wizard, the window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.domain.errors import AppError
from app.paths import default_db, forms_dir, load_config, save_config
from app.services.container import Services
from app.ui import fonts
from app.ui.errors import install_excepthook, setup_logging, show_error
from app.ui.main_window import MainWindow
from app.ui.wizard import FirstStartDialog


def process_age() -> float:
    """Seconds since this process started (from /proc where there is one)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter()


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
        if wizard and services.is_empty():
            if not FirstStartDialog(services, self.window).exec():
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


def apply_stylesheet(app: QApplication) -> None:
    path = forms_dir() / "style.qss"
    if path.is_file():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(db: str | None, self_test: bool = False) -> int:
    if not _has_display():
        if not self_test:
            print("没有可用的图形界面（未设置 DISPLAY）。请在桌面环境中启动，"
                  "或用 dangjian 的命令行子命令（dangjian --help）。", file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a headless smoke test still builds every tab
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    fonts.install(app)
    apply_stylesheet(app)
    log_path = setup_logging()
    config = load_config()
    target = db or config.get("last_db") or str(default_db())
    if db is None and config.get("last_db") and not Path(config["last_db"]).exists() and "://" not in target:
        target = str(default_db())

    if self_test:
        return _self_test(app, target, config)

    install_excepthook(log_path)
    controller = GuiController(app, config)
    if not controller.open(target):
        return 0
    app.aboutToQuit.connect(controller.shutdown)
    return app.exec()


def _self_test(app: QApplication, db: str, config: dict) -> int:
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
        print(f"self-test ok: window shown {elapsed * 1000:.0f} ms after process start; "
              f"tabs: {'、'.join(tabs)}; database: {services.db.path or services.db.url}")
        window.close()
        return 0
    except AppError as exc:
        print(f"自检失败：{exc.message}", file=sys.stderr)
        return 1
    finally:
        services.close()
