"""Automatic backups off the GUI thread: a county database takes seconds to copy and check,
and the office should not wait for it. The one at exit runs to the end before the program closes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.domain.kit.errors import AppError
from app.services.safety.backup_rows import BackupRow
from app.services.safety.backups import BackupService
from app.ui.kit import runner
from app.ui.kit.errors import log


class AutoBackup(QObject):
    """Runs BackupService.maybe_backup on the kit's runner, one at a time; reports in Chinese."""

    message = Signal(str)

    def __init__(self, backups: BackupService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self.task: runner.Task | None = None

    def start(self, reason: str) -> bool:
        """Starts a backup in the background unless one is running; True when started."""
        if self.busy():
            return False
        self.task = runner.start(lambda _task: self.backups.maybe_backup(reason), name=f"backup-{reason}",
                                 on_done=self._done, on_failed=self._failed)
        return True

    def busy(self) -> bool:
        return self.task is not None and self.task.running()

    def wait(self) -> None:
        if self.task is not None:
            self.task.wait()

    def run_now(self, reason: str) -> None:
        """In the calling thread, after any backup still running (used at exit)."""
        self.wait()
        try:
            row = self.backups.maybe_backup(reason)
        except Exception as exc:  # a backup must never take the program down
            self._failed(exc)
            return
        self._done(row)

    def _done(self, row: BackupRow | None) -> None:
        if row is not None:
            self.message.emit(f"已自动备份：{row.path.name}")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            log.warning("自动备份失败：%s", exc.message)
            self.message.emit(f"自动备份没有完成：{exc.message}")
            return
        log.error("自动备份出错", exc_info=exc)
        self.message.emit("自动备份没有完成，详情见日志。")
