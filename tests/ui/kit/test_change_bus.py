"""The "what changed" signal reaches the tabs in the GUI thread, also after a write made by work
running in the background (an import run by the kit's runner): Qt queues a signal emitted in
another thread for receivers connected in the GUI thread, plain functions included."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from app.domain.kit.changes import Change
from app.services.kit.base import ChangeHub
from app.ui.kit import runner
from app.ui.kit.changes import ChangeBus


class Listener:
    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def heard(self, _changes: object) -> None:
        self.threads.append(threading.current_thread())


class Tab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def heard(self, _changes: object) -> None:
        self.threads.append(threading.current_thread())


def test_a_change_made_in_the_background_is_announced_in_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    hub = ChangeHub()
    bus = ChangeBus(hub)
    tab, plain, lambdas = Tab(), Listener(), []
    qtbot.addWidget(tab)
    bus.changed.connect(tab.heard)
    bus.changed.connect(plain.heard)
    bus.changed.connect(lambda _c: lambdas.append(threading.current_thread()))
    worker: list[threading.Thread] = []

    def write(_task: runner.Task) -> str:
        worker.append(threading.current_thread())
        hub.notify({Change.FUNDS})
        return "写好了"

    with qtbot.waitSignal(bus.changed, timeout=5000) as caught:
        assert runner.run_modal(None, "正在导入…", write, cancellable=False) == "写好了"
    assert caught.args == [frozenset({Change.FUNDS})]
    assert worker and worker[0] is not threading.main_thread()
    assert tab.threads == plain.threads == lambdas == [threading.main_thread()]
