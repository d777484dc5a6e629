"""Signals emitted from Python cannot use up Python's True (PySide6 6.12.0 took a reference each
time and aborted the interpreter after a few thousand)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from app.ui.kit import pyside_fixes


class Sender(QObject):
    changed = Signal(object)
    relayed = Signal(object)


def test_true_keeps_ample_references_after_many_emits(qapp) -> None:
    s = Sender()
    seen: list[int] = []
    s.changed.connect(s.relayed.emit)  # a signal-to-signal connection still works
    s.relayed.connect(seen.append)
    for i in range(5000):
        s.changed.emit(i)
    assert seen[-1] == 4999
    if pyside_fixes.emit_loses_references():  # this PySide has the fault: it must have been met
        assert pyside_fixes._installed and sys.getrefcount(True) > pyside_fixes.SPARE // 2
