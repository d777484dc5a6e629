"""The kit's one runner for long work: off the GUI thread, answers in the GUI thread, a 请稍候
box with 取消 when the user waits, and the automatic backup and roster printing on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.domain.kit.errors import AppError, ValidationError
from app.services.access.setup import init_office
from app.services.container import Services
from app.ui.kit import runner
from app.ui.safety.auto_backup import AutoBackup


@pytest.fixture(autouse=True)
def _pool_drained():
    yield
    QThreadPool.globalInstance().waitForDone()


def _box(parent: QWidget) -> QProgressDialog:
    return parent.findChildren(QProgressDialog)[-1]


def _cancel_button(box: QProgressDialog) -> QPushButton | None:
    return next((b for b in box.findChildren(QPushButton) if b.text() == "取消"), None)


def test_work_runs_off_the_gui_thread_and_answers_in_it(qtbot) -> None:
    seen: dict[str, object] = {}

    def work(task: runner.Task) -> int:
        seen["work thread"] = threading.current_thread()
        for i in range(3):
            assert task.report(i + 1, 3)
        return 42

    progress: list[tuple[int, int]] = []
    done: list[object] = []
    task = runner.start(work, on_done=lambda r: (done.append(r), seen.setdefault("done thread",
                                                                                 threading.current_thread())),
                        on_progress=lambda d, t: progress.append((d, t)))
    qtbot.waitUntil(lambda: bool(done))
    assert done == [42] and progress == [(1, 3), (2, 3), (3, 3)]
    assert seen["work thread"] is not threading.main_thread()
    assert seen["done thread"] is threading.main_thread()
    assert not task.running()


def test_a_failure_arrives_as_the_exception(qtbot) -> None:
    failed: list[BaseException] = []
    runner.start(lambda _t: 1 / 0, on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(failed))
    assert isinstance(failed[0], ZeroDivisionError)


def test_cancel_tells_the_work_to_stop(qtbot) -> None:
    started, steps = threading.Event(), []

    def work(task: runner.Task) -> str:
        started.set()
        while task.report(len(steps), 0):
            steps.append(1)
            threading.Event().wait(0.001)
        return "停了"

    done: list[object] = []
    task = runner.start(work, on_done=done.append)
    started.wait(10)
    task.cancel()
    assert task.wait(10) and task.cancelled
    qtbot.waitUntil(lambda: done == ["停了"])


def test_the_box_shows_progress_and_returns_the_result(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    go_on = threading.Event()
    seen: list[tuple[int, int]] = []

    def work(task: runner.Task) -> str:
        task.report(4, 10)
        go_on.wait(30)
        return "排好了"

    def look() -> None:
        box = _box(parent)
        if box.maximum() != 10:
            QTimer.singleShot(5, look)
            return
        seen.append((box.value(), box.maximum()))
        assert box.windowTitle() == "请稍候" and box.labelText() == "正在排版…"
        go_on.set()

    QTimer.singleShot(0, look)
    assert runner.run_modal(parent, "正在排版…", work) == "排好了"
    assert seen == [(4, 10)]
    assert parent.findChildren(QProgressDialog) == [] or not _box(parent).isVisible()


def test_a_cancelled_job_is_discarded(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def slow(_task: runner.Task) -> str:
        release.wait(30)
        return "排好的名册"

    def cancel() -> None:
        button = _cancel_button(_box(parent))
        assert button is not None
        button.click()
        release.set()  # the work ends afterwards; its result must be thrown away

    QTimer.singleShot(0, cancel)
    assert runner.run_modal(parent, "正在排版…", slow) is None
    assert runner.run_modal(parent, "正在排版…", lambda _t: 42) == 42


def test_work_that_must_stop_cleanly_is_waited_for_after_cancel(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    stopped = threading.Event()

    def careful(task: runner.Task) -> str:
        while task.report(0, 0):
            threading.Event().wait(0.002)
        threading.Event().wait(0.05)  # finishing what it was doing
        stopped.set()
        return "写到一半"

    QTimer.singleShot(20, lambda: _cancel_button(_box(parent)).click())
    assert runner.run_modal(parent, "正在导入…", careful, wait_after_cancel=True) is None
    assert stopped.is_set()  # run_modal returned only after the work had stopped


def test_without_cancel_there_is_no_cancel_button(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    buttons: list[object] = []
    QTimer.singleShot(0, lambda: buttons.append(_cancel_button(_box(parent))))
    assert runner.run_modal(parent, "正在备份…", lambda _t: threading.Event().wait(0.05) or "好",
                            cancellable=False) == "好"
    assert buttons == [None]


def test_an_expected_problem_is_shown_and_anything_else_raised(qtbot, shown_messages) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def refuse(_t: runner.Task) -> None:
        raise ValidationError("当前条件下没有党员，没有可打印的名册。")

    assert runner.run_modal(parent, "正在排版…", refuse) is None
    assert shown_messages == ["当前条件下没有党员，没有可打印的名册。"]
    with pytest.raises(KeyError):
        runner.run_modal(parent, "正在排版…", lambda _t: {}["缺"])


# ---- the automatic backup on the runner ---------------------------------------------------------

@pytest.fixture
def office(services: Services) -> Services:
    init_office(services, "和平社区党委", "社区党委")
    return services


def test_the_automatic_backup_runs_on_the_runner_one_at_a_time(qtbot, office: Services, monkeypatch) -> None:
    messages: list[str] = []
    gate = threading.Event()
    original = office.backups.maybe_backup
    threads: list[threading.Thread] = []

    def held(reason: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        gate.wait(30)
        return original(reason)

    monkeypatch.setattr(office.backups, "maybe_backup", held)
    job = AutoBackup(office.backups)
    job.message.connect(messages.append)
    assert job.start("start") and job.busy()
    assert not job.start("timer")  # one at a time
    gate.set()
    job.wait()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[0].startswith("已自动备份：") and threads[0] is not threading.main_thread()
    assert not job.busy()


@pytest.mark.parametrize(("problem", "said"), [(AppError("磁盘已满，请清理后再备份。"), "自动备份没有完成：磁盘已满"),
                                               (OSError("设备未就绪"), "详情见日志")])
def test_a_failed_automatic_backup_is_reported_not_raised(qtbot, office: Services, monkeypatch, problem,
                                                          said) -> None:
    def fail(_reason: str):  # type: ignore[no-untyped-def]
        raise problem

    monkeypatch.setattr(office.backups, "maybe_backup", fail)
    messages: list[str] = []
    job = AutoBackup(office.backups)
    job.message.connect(messages.append)
    job.start("timer")
    qtbot.waitUntil(lambda: bool(messages))
    assert said in messages[0]
    job.run_now("exit")  # at exit, in the calling thread: reported the same way
    assert said in messages[-1] and len(messages) == 2
