"""The application-wide "what changed" signal, fed by the services' ChangeHub."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
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


class RemoteChanges(QObject):
    """Change notices from other PCs on the same server (app.services.kit.notices) brought to
    the GUI thread and into the hub, so tabs refresh just as after a change made here."""

    arrived = Signal(object)

    def __init__(self, services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = services.hub
        self.arrived.connect(self._deliver)  # queued: emitted in the listener's thread
        self.listener = services.listen_for_changes(self.arrived.emit)

    @Slot(object)
    def _deliver(self, changes: Changes) -> None:
        self.hub.notify(changes)

    def stop(self) -> None:
        self.listener.stop()
