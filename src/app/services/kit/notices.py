"""Change notices between PCs sharing a server: what one PC changes, the others show without
restarting.

After a write on the server the service sends the same "what changed" set its own ChangeHub
carries (e.g. {"members"}) with PostgreSQL's NOTIFY, inside the write transaction, so it is
delivered exactly when the change is committed and never for a change that was rolled back.
A Listener (a thread with its own connection, started by the GUI when the ledger is on a server)
receives the notices of the other PCs and hands each set to a callback, which feeds the local
ChangeHub, so each tab refreshes when the change concerns it. A PC ignores its own notices: its
hub has already told its tabs.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from app.domain.kit.changes import Change, Changes

CHANNEL = "dangjian_changes"
# Sent to the callback after the listener (re)connects: notices may have been missed meanwhile.
EVERYTHING: Changes = frozenset({Change.ALL})
_PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
log = logging.getLogger(__name__)


def origin(hub: object) -> str:
    """Who sends: this program and the hub its tabs listen to."""
    return f"{_PROCESS}:{id(hub):x}"


def payload(hub: object, changes: Iterable[str]) -> str:
    return json.dumps({"from": origin(hub), "changes": sorted(changes)}, ensure_ascii=False)


def announce(s: Session, hub: object, changes: Iterable[str]) -> None:
    """Queues the notice in the write transaction ``s`` (PostgreSQL sends it on commit)."""
    s.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload(hub, changes)})


def parse(message: str, own: str) -> Changes | None:
    """The change set of a notice from another PC; None for this PC's own or a garbled one.
    Kinds this release does not know (sent by a newer one) are passed over."""
    try:
        data = json.loads(message)
        if data.get("from") == own:
            return None
        changes = data["changes"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
        return None
    known = {c.value for c in Change}
    return frozenset(Change(c) for c in changes if c in known)


class Listener:
    """LISTENs on its own connection in a daemon thread; ``deliver`` is called in that thread
    (a GUI passes it on to its own thread). Reconnects after the server or network went away,
    and then delivers EVERYTHING, since notices may have been missed."""

    RETRY_S = 5.0
    POLL_S = 0.5

    def __init__(self, url: URL, hub: object, deliver: Callable[[Changes], None]) -> None:
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.own = origin(hub)
        self.deliver = deliver
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is in effect

    def start(self) -> Listener:
        self._thread = threading.Thread(target=self._run, name="change-notices", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10,
                                     application_name="dangjian-notices") as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if not first:
                        self.deliver(EVERYTHING)
                    first = False
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.POLL_S):
                            changes = parse(note.payload, self.own)
                            if changes:
                                self.deliver(changes)
            except psycopg.Error as exc:
                self.listening.clear()
                log.warning("change notices: %s; retrying in %.0f s", exc, self.RETRY_S)
                self._stop.wait(self.RETRY_S)
            except Exception:  # a bad callback must not end the notices
                log.exception("change notices")
                self._stop.wait(self.RETRY_S)
        self.listening.clear()
