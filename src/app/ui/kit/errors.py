"""Showing problems: a plain sentence for expected ones, a crash dialog for the rest."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.domain.kit.errors import AppError
from app.paths import log_dir

log = logging.getLogger("dangjian")


def show_error(parent: QWidget | None, exc: AppError) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, exc.title, exc.message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def setup_logging() -> Path:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dangjian.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class CrashDialog(QDialog):
    """Says that something unexpected happened, where it was logged, and offers the details."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序遇到意外问题")
        layout = QVBoxLayout(self)
        where = f"详细情况已记录在：{log_path}" if log_path else ""
        text = QLabel(
            "程序遇到了一个意外问题，刚才的操作可能没有完成，已保存的数据不受影响。\n"
            "请把下面的详细信息复制给技术支持人员。" + ("\n" + where if where else "")
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 220)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("复制详细信息", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


def install_excepthook(log_path: Path | None) -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, AppError):
            show_error(QApplication.activeWindow(), exc)
            return
        details = f"{APP_NAME} {__version__}\n" + "".join(traceback.format_exception(kind, exc, tb))
        log.error("未处理的异常\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, exc, tb)
            return
        CrashDialog(details, log_path, QApplication.activeWindow()).exec()

    sys.excepthook = hook
