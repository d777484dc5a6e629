"""One way to run long work off the GUI thread: a job in Qt's thread pool that reports back
through signals (done, failed, progress), and, when the user should wait for it, a modal
请稍候 box with 取消.

The work is a function of one argument, the Task: it may call ``task.report(done, total)``,
which also answers whether to go on (False once the user pressed 取消). The signals arrive
in the GUI thread, so their handlers may touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.kit.errors import AppError

Work = Callable[["Task"], Any]
_alive: set[Task] = set()  # tasks whose outcome has not been delivered yet


class Task(QObject):
    """One piece of work. ``done(result)``, ``failed(exception)`` and ``progress(done, total)``
    are emitted in the thread the task was made in (the GUI thread)."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)
    _finished = Signal(object, object)  # from the worker: result, exception
    _reported = Signal(int, int)

    def __init__(self, work: Work, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.name = name
        self._cancel = threading.Event()
        self._over = threading.Event()
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._reported.connect(self.progress, Qt.ConnectionType.QueuedConnection)

    # ---- for the work (any thread) -------------------------------------------------------
    def report(self, done: int, total: int) -> bool:
        """Tells how far the work is; False when it should stop (the user cancelled)."""
        self._reported.emit(int(done), int(total))
        return not self._cancel.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # ---- for the GUI ---------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def running(self) -> bool:
        return not self._over.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until the work has returned (its signals may still be on their way); False
        when ``timeout`` seconds passed first."""
        return self._over.wait(timeout)

    def _run(self) -> None:  # in the worker thread
        try:
            result = self.work(self)
        except BaseException as exc:  # reported to the GUI thread, which shows or raises it
            self._over.set()
            self._finished.emit(None, exc)
        else:
            self._over.set()
            self._finished.emit(result, None)

    @Slot(object, object)
    def _deliver(self, result: Any, exc: BaseException | None) -> None:
        _alive.discard(self)
        if exc is not None:
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class _Job(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


def start(work: Work, *, name: str = "", on_done: Callable[[Any], None] | None = None,
          on_failed: Callable[[BaseException], None] | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> Task:
    """Starts ``work`` in the thread pool and returns at once; the handlers run in the GUI
    thread when it reports, finishes or fails."""
    task = Task(work, name)
    if on_done is not None:
        task.done.connect(on_done)
    if on_failed is not None:
        task.failed.connect(on_failed)
    if on_progress is not None:
        task.progress.connect(on_progress)
    _alive.add(task)  # kept until its outcome is delivered, whoever holds it
    QThreadPool.globalInstance().start(_Job(task))
    return task


def run_modal(parent: QWidget | None, text: str, work: Work, *, cancellable: bool = True,
              wait_after_cancel: bool = False) -> Any | None:
    """Runs ``work`` while a modal 请稍候 box (with 取消 when ``cancellable``) is shown; the
    progress the work reports moves its bar.

    Returns the result; None when the user cancelled (the result is thrown away when it
    comes, or, with ``wait_after_cancel``, awaited first: for work that must stop cleanly).
    An AppError is shown to the user (None returned); anything else is raised here."""
    from app.ui.kit.errors import show_error

    box = QProgressDialog(text, "取消" if cancellable else "", 0, 0, parent)
    box.setWindowTitle("请稍候")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(0)
    box.setAutoClose(False)
    box.setAutoReset(False)
    if not cancellable:
        box.setCancelButton(None)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finished(result: Any, exc: BaseException | None) -> None:
        outcome.setdefault("result", result)
        outcome.setdefault("error", exc)
        loop.quit()

    def cancelled() -> None:  # also emitted when the box is closed after the work is done
        if "error" in outcome:
            return
        outcome["cancelled"] = True
        task.cancel()
        if wait_after_cancel:
            box.setLabelText("正在取消，请稍候…")
            box.show()
        else:
            loop.quit()

    def moved(done: int, total: int) -> None:
        if total > 0 and box.maximum() != total:
            box.setMaximum(total)
        box.setValue(min(done, max(total, 0)))

    task = start(work, name=text, on_done=lambda r: finished(r, None), on_failed=lambda e: finished(None, e),
                 on_progress=moved)
    box.canceled.connect(cancelled)
    box.show()
    loop.exec()
    box.canceled.disconnect(cancelled)
    box.close()
    box.deleteLater()
    if "cancelled" in outcome:
        return None
    error = outcome.get("error")
    if isinstance(error, AppError):
        show_error(parent, error)
        return None
    if error is not None:
        raise error
    return outcome.get("result")
