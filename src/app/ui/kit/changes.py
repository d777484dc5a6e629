"""The application-wide "what changed" signal, fed by the services' ChangeHub."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from app.domain.kit.changes import Changes
from app.services.kit.base import ChangeHub


class ChangeBus(QObject):
    """Emits ``changed(Changes)`` after each committed write; tabs refresh selectively."""

    changed = Signal(object)

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        hub.subscribe(self._emit)  # the hub's reference keeps this bus alive with the services

    def _emit(self, changes: Changes) -> None:
        if not isValid(self):  # its window has gone; stop listening
            self.hub.unsubscribe(self._emit)
            return
        self.changed.emit(changes)
