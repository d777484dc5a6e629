"""Work-arounds for faults of the installed PySide6, applied once when the GUI package loads.

PySide6 6.12.0 returns the result of ``SignalInstance.emit()`` (True) without taking a reference
to it, so every signal emitted from Python takes one reference from Python's True. On Python
3.11, where True is an ordinary object, a few thousand emits (one per saved change, per click on
the organisation tree, per progress report) bring its count to zero and the interpreter aborts
("bool_dealloc: deallocating True or False") or crashes later.

The fault is detected by emitting a probe signal. When present, True and False are given so
many references that no session can use them up — what Python 3.12 does for them anyway
("immortal" objects): they are never freed, so their count has no other meaning. (Wrapping
``emit`` instead breaks PySide's signal-to-signal connections, which must see its own method.)
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBES = 16
SPARE = 1 << 40  # references given to True and False: 10^12 emits before any risk
_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_loses_references() -> bool:
    """Whether emitting a signal from Python takes references from True (measured)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.fired.emit()
    return sys.getrefcount(True) <= before - PROBES // 2


def install() -> bool:
    """Gives True and False spare references when the fault is present (once); True if so."""
    global _installed
    if _installed or sys.version_info >= (3, 12) or not emit_loses_references():
        return _installed
    for value in (True, False):
        count = ctypes.c_ssize_t.from_address(id(value))  # ob_refcnt, the object's first field
        count.value += SPARE
    _installed = True
    return True
