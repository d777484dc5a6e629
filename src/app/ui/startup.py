"""Starting the GUI. Only Qt and light modules load before a window is on screen; the database
layer (SQLAlchemy is the slowest import) loads behind a splash screen."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from app import APP_NAME, __version__
from app.paths import default_db, load_config
from app.ui.kit import fonts
from app.ui.kit.errors import install_excepthook, setup_logging
from app.ui.kit.locale import install_chinese


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


def prepare_app(app: QApplication, config: dict) -> None:
    """Before the first window: the name, Chinese fonts, Qt's words in Chinese, the style."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    fonts.install(app)
    install_chinese(app)
    fonts.apply_size(app, fonts.size_name(config))  # the 字号 chosen last time, and the stylesheet


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
    config = load_config()
    prepare_app(app, config)
    log_path = setup_logging()
    target = db or config.get("last_db") or str(default_db())
    if db is None and config.get("last_db") and not Path(config["last_db"]).exists() and "://" not in target:
        target = str(default_db())

    splash = show_splash(app)
    splash_ms = process_age() * 1000
    from app.ui import controller as gui  # the database layer loads while the splash shows

    if self_test:
        splash.close()
        return gui.self_test(app, target, config, splash_ms)

    install_excepthook(log_path)
    controller = gui.GuiController(app, config)
    splash.close()
    if not controller.open(target):
        return 0
    app.aboutToQuit.connect(controller.shutdown)
    return app.exec()


def show_splash(app: QApplication) -> QLabel:
    pixmap = QPixmap(420, 160)
    pixmap.fill(QColor("#b71c1c"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("white"))
    title = QFont(app.font())
    title.setPointSize(22)
    title.setBold(True)
    painter.setFont(title)
    painter.drawText(pixmap.rect().adjusted(0, 0, 0, -40), Qt.AlignmentFlag.AlignCenter, APP_NAME)
    small = QFont(app.font())
    small.setPointSize(10)
    painter.setFont(small)
    painter.drawText(pixmap.rect().adjusted(0, 60, 0, 0), Qt.AlignmentFlag.AlignCenter, f"正在打开台账…  {__version__}")
    painter.end()
    # A plain label rather than QSplashScreen, whose show() waits up to a second for the
    # window system to confirm the window is exposed.
    splash = QLabel()
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.setPixmap(pixmap)
    splash.show()
    app.processEvents()
    return splash


