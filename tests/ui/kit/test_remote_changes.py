"""On a server, a change made on another PC reaches this window's tabs in the GUI thread."""

from __future__ import annotations

import threading

import pytest

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput
from app.ui.kit.changes import ChangeBus, RemoteChanges
from tests import pg

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="DANGJIAN_TEST_PG names no PostgreSQL server")


def test_another_pcs_change_is_announced_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pg.database() as url:
        here = Services.open(url, Actor("zhangsan"))
        there = Services.open(url, Actor("lisi"))
        try:
            bus = ChangeBus(here.hub)
            remote = RemoteChanges(here)
            assert remote.listener.listening.wait(10)
            threads: list[threading.Thread] = []
            bus.changed.connect(lambda _c: threads.append(threading.current_thread()))
            with qtbot.waitSignal(bus.changed, timeout=10000) as caught:
                there.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY))
            assert caught.args == [frozenset({"orgs"})]
            assert threads == [threading.main_thread()]
            remote.stop()
        finally:
            here.close()
            there.close()
