"""Automatic backups off the GUI thread: a county database takes seconds to copy and check,
and the office should not wait for it. The one at exit runs to the end before the program closes."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.domain.kit.errors import AppError
from app.services.safety.backups import BackupService
from app.ui.kit.errors import log


class AutoBackup(QObject):
    """Runs BackupService.maybe_backup in a worker thread, one at a time; reports in Chinese."""

    message = Signal(str)

    def __init__(self, backups: BackupService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self.worker: threading.Thread | None = None

    def start(self, reason: str) -> bool:
        """Starts a backup in the background unless one is running; True when started."""
        if self.busy():
            return False
        self.worker = threading.Thread(target=self._run, args=(reason,), name=f"backup-{reason}", daemon=True)
        self.worker.start()
        return True

    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def wait(self) -> None:
        if self.worker is not None:
            self.worker.join()

    def run_now(self, reason: str) -> None:
        """In the calling thread, after any backup still running (used at exit)."""
        self.wait()
        self._run(reason)

    def _run(self, reason: str) -> None:
        try:
            row = self.backups.maybe_backup(reason)
        except AppError as exc:
            log.warning("自动备份失败：%s", exc.message)
            self.message.emit(f"自动备份没有完成：{exc.message}")
            return
        except Exception:  # a backup must never take the program down
            log.exception("自动备份出错")
            self.message.emit("自动备份没有完成，详情见日志。")
            return
        if row is not None:
            self.message.emit(f"已自动备份：{row.path.name}")
