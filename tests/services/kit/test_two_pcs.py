"""Two PCs on one PostgreSQL server: an edit made on one is refused on the other if it was made
from an out-of-date copy; a change made on one reaches the other's tabs as a change notice; 简报
numbers and the audit chain stay whole when both write at the same moment."""

from __future__ import annotations

import datetime as dt
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.kit.errors import ConflictError
from app.services.briefings.service import IssueInput
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.kit.notices import EVERYTHING, Listener, parse, payload
from app.services.kit.versions import StaleRecord
from tests import pg
from tests.services.members.helpers import Tree, build_tree, member

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="DANGJIAN_TEST_PG names no PostgreSQL server")
SRC = Path(__file__).resolve().parents[3] / "src"


@pytest.fixture
def server() -> Iterator[str]:
    with pg.database() as url:
        yield url


@pytest.fixture
def pcs(server: str) -> Iterator[tuple[Services, Services]]:
    a = Services.open(server, Actor("zhangsan", "党务工作者"))
    b = Services.open(server, Actor("lisi", "党务工作者"))
    yield a, b
    a.close()
    b.close()


class Heard:
    """What one PC's tabs are told: its hub's notices, local and from the other PCs."""

    def __init__(self, services: Services) -> None:
        self.changes: queue.Queue[frozenset[str]] = queue.Queue()
        services.hub.subscribe(self.changes.put)
        self.listener = Listener(services.db.engine.url, services.hub, services.hub.notify).start()
        assert self.listener.listening.wait(10)

    def next(self, timeout: float = 10) -> frozenset[str]:
        return self.changes.get(timeout=timeout)

    def nothing_more(self, wait: float = 1.0) -> bool:
        try:
            self.changes.get(timeout=wait)
        except queue.Empty:
            return True
        return False


CHANGE_ELSEWHERE = """
import sys
from dataclasses import replace
from app.services.container import Services
from app.services.kit.base import Actor
s = Services.open(sys.argv[1], Actor("wangwu", "党务工作者"))
row = s.members.get(int(sys.argv[2]))
s.members.update(row.id, replace(row.as_input(), post="楼栋长"), version=row.version)
s.close()
"""


def test_a_change_on_one_pc_reaches_the_other_and_a_stale_edit_is_refused(pcs, server: str) -> None:  # type: ignore[no-untyped-def]
    a, b = pcs
    tree: Tree = build_tree(a)
    on_a = a.members.create(member(tree.branch_a, "张三丰"))
    heard_on_a = Heard(a)
    try:
        on_b = b.members.get(on_a.id)
        b.members.update(on_b.id, replace(on_b.as_input(), phone="13900001111"), version=on_b.version)
        assert heard_on_a.next() == frozenset({"members"})  # from b, through the server

        with pytest.raises(StaleRecord) as refused:
            a.members.update(on_a.id, replace(on_a.as_input(), address="幸福路8号"), version=on_a.version)
        assert refused.value.message.startswith("该记录已被lisi于 ")
        assert refused.value.message.endswith("修改，请刷新后再改")

        # a's own change is told to a's tabs once (by its hub), not a second time by the server.
        fresh = a.members.get(on_a.id)
        a.members.update(fresh.id, replace(fresh.as_input(), address="幸福路8号"), version=fresh.version)
        assert heard_on_a.next() == frozenset({"members"})
        assert heard_on_a.nothing_more()

        # Another program altogether (another PC): its change arrives too.
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        subprocess.run([sys.executable, "-c", CHANGE_ELSEWHERE, server, str(on_a.id)], check=True, env=env,
                       timeout=120)
        assert heard_on_a.next() == frozenset({"members"})
        assert a.members.get(on_a.id).post == "楼栋长"
    finally:
        heard_on_a.listener.stop()


def test_a_change_rolled_back_is_never_announced(pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = pcs
    tree = build_tree(a)
    heard_on_a = Heard(a)
    try:
        first = b.members.create(member(tree.branch_a, "李建国"))
        assert heard_on_a.next() == frozenset({"members"})
        with pytest.raises(ConflictError):  # the same ID number again: refused, rolled back
            b.members.create(member(tree.branch_a, "李建国", id_number=first.id_number))
        assert heard_on_a.nothing_more()
    finally:
        heard_on_a.listener.stop()


def test_notices_that_are_garbled_or_our_own_are_ignored() -> None:
    hub = object()
    mine = payload(hub, {"members"})
    assert parse(mine, own="someone-else") == frozenset({"members"})
    from app.services.kit.notices import origin

    assert parse(mine, own=origin(hub)) is None
    for bad in ("", "not json", "[1, 2]", '{"from": "x"}', '{"from": "x", "changes": "members"}',
                '{"from": "x", "changes": [1]}'):
        assert parse(bad, own="y") is None
    assert frozenset({"all"}) == EVERYTHING


def _issue(number: int, org_id: int) -> IssueInput:
    return IssueInput(kind="简报", number=number, title=f"第{number}期", issued_on=dt.date(2026, 7, 1),
                      pdf=b"%PDF-1.4 test", pages=1, org_id=org_id)


def test_briefing_numbers_have_no_gaps_or_duplicates_when_two_pcs_issue_at_once(pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = pcs
    issued: list[int] = []
    refused: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    errors: list[BaseException] = []
    issuer = build_tree(a).community

    def clerk(services: Services) -> None:
        start.wait()
        for _ in range(8):
            try:
                number = services.briefings.next_number(issuer, "简报", 2026)
                row = services.briefings.issue(_issue(number, issuer))
            except ConflictError as exc:  # the other PC took this number first: make it again
                with lock:
                    refused.append(exc.message)
                continue
            except BaseException as exc:  # reported below
                errors.append(exc)
                return
            with lock:
                issued.append(row.number)

    threads = [threading.Thread(target=clerk, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    numbers = sorted(r.number for r in a.briefings.list(kind="简报", year=2026))
    assert len(numbers) >= 8  # each PC issued some: a refused number was made again
    assert numbers == list(range(1, len(numbers) + 1)) == sorted(issued)
    assert all("已经印发" in m for m in refused)


def test_the_audit_chain_stays_whole_when_both_pcs_write_at_once(pcs) -> None:  # type: ignore[no-untyped-def]
    a, b = pcs
    tree = build_tree(a)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def clerk(services: Services, names: list[str]) -> None:
        start.wait()
        try:
            for name in names:
                services.members.create(member(tree.branch_a, name))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(a, [f"甲{i}" for i in "一二三四五六七八"])),
               threading.Thread(target=clerk, args=(b, [f"乙{i}" for i in "一二三四五六七八"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    auditor = Services.open(a.db.url, Actor("审计"))
    try:
        report = auditor.audit.verify()
        assert report.ok, report.problem
        assert sorted({r.actor for r in auditor.audit.recent(16)}) == ["lisi", "zhangsan"]
    finally:
        auditor.close()
