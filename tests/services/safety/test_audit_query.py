"""Searching the audit trail in SQL: words, kind of operation, who, dates, pages, permission."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import PermissionDenied
from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.orgs.service import OrgInput
from app.services.safety.audit_query import AuditQueryService

PASSWORD = "Heping2026"


@pytest.fixture
def office(services: Services) -> Services:
    root = init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.act_as(services.auth.login("admin", PASSWORD))
    for name in ("第一网格党支部", "第二网格党支部"):
        services.orgs.create(OrgInput(name, OrgType.GRID_BRANCH, root.id))
    services.orgs.create(OrgInput("100%_党支部", OrgType.BRANCH, root.id))
    services.auth.add_user("shenji", "审计员", "Sj-Audit-2026")
    services.auth.add_user("lisi", "党务工作者", "Dangwu-Work-2026")
    return services


def query(services: Services) -> AuditQueryService:
    return AuditQueryService(services.db, services.actor, services.hub)


def test_newest_first_in_pages(office: Services) -> None:
    q = query(office)
    total = q.count()
    assert total == office.audit.count() >= 8
    first = q.search(limit=3)
    second = q.search(limit=3, offset=3)
    assert [r.id for r in first] == sorted((r.id for r in first), reverse=True)
    assert first[-1].id > second[0].id
    everything = q.search(limit=1000)
    assert len(everything) == total and everything[0].action == "新增用户"


def test_words_match_actor_action_or_summary(office: Services) -> None:
    q = query(office)
    branches = q.search("网格党支部")
    assert len(branches) == 2 and q.count("网格党支部") == 2
    assert all("网格党支部" in r.summary for r in branches)
    assert len(q.search("第一 网格")) == 1  # every word must appear
    assert [r.action for r in q.search("登录")] == ["登录"]  # the action's name
    assert q.count("测试员") == q.count(actor="测试员") > 0  # the actor's name
    # % and _ are ordinary characters, not wildcards
    assert len(q.search("100%_")) == 1 and q.count("%") == 1 and q.count("_") == 1


def test_kind_of_operation_actor_and_dates(office: Services) -> None:
    q = query(office)
    actions = q.actions()
    assert "新增用户" in actions and "登录" in actions and actions == sorted(actions)
    users = q.search(action="新增用户")
    assert {r.summary for r in users} == {"新增用户“shenji”（审计员）", "新增用户“lisi”（党务工作者）"}
    assert q.count(action="新增用户", text="lisi") == 1
    assert q.count(actor="admin") == len(q.search(actor="admin")) > 0
    assert "admin" in q.actors()
    today = dt.date.today()
    assert q.count(since=today, until=today) == q.count()
    assert q.count(until=today - dt.timedelta(days=1)) == 0
    assert q.count(since=today + dt.timedelta(days=1)) == 0
    assert q.count(since=dt.datetime.now() + dt.timedelta(hours=1)) == 0


def test_only_roles_that_may_read_the_trail(office: Services) -> None:
    office.act_as(office.auth.login("shenji", "Sj-Audit-2026"))
    assert query(office).count() > 0
    office.act_as(office.auth.login("lisi", "Dangwu-Work-2026"))
    with pytest.raises(PermissionDenied, match="查看操作记录"):
        query(office).search()
    with pytest.raises(PermissionDenied):
        query(office).actions()
