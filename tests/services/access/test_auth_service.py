"""Accounts, signing in, lockout after wrong passwords, and refusing what a role may not do."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from app.domain.access.permissions import Permission, Role
from app.domain.kit.errors import ConflictError, PermissionDenied, ValidationError
from app.services.access.auth import AuthService, LoginRefused, can, require
from app.services.container import Services
from app.services.kit.base import Actor

PASSWORD = "dangwu2026"


class Clock:
    def __init__(self) -> None:
        self.t = dt.datetime(2026, 7, 1, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.t


def auth_for(services: Services, clock: Clock, actor: Actor | None = None) -> AuthService:
    a = AuthService(services.db, actor or services.actor, services.hub)
    a.now = clock
    return a


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(services: Services, clock: Clock) -> AuthService:
    a = auth_for(services, clock)
    a.create_admin("wangfang", PASSWORD, "王芳")
    return a


def as_admin(services: Services, clock: Clock) -> AuthService:
    return auth_for(services, clock, Actor("wangfang", Role.ADMIN.value))


def audit_actions(services: Services) -> list[str]:
    return [r.action for r in reversed(services.audit.recent())]


def test_the_first_account_is_the_administrator_and_only_once(services: Services, clock: Clock) -> None:
    a = auth_for(services, clock)
    assert not a.has_users()
    row = a.create_admin("wangfang", PASSWORD, "王芳")
    assert row.role is Role.ADMIN and row.label == "王芳（wangfang）"
    with pytest.raises(ConflictError):
        a.create_admin("lisi", PASSWORD)
    assert "创建管理员" in audit_actions(services)


def test_passwords_are_stored_as_argon2id_with_enough_memory(auth: AuthService, services: Services) -> None:
    from sqlalchemy import text

    with services.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    m = re.search(r"m=(\d+),t=(\d+)", stored)
    assert m and int(m.group(1)) >= 19456 and int(m.group(2)) >= 2


@pytest.mark.parametrize(("password", "words"), [
    ("abc12", "太短"), ("abcdefghij", "字母和数字"), ("wangfang123", "用户名"),
])
def test_easy_passwords_are_refused(services: Services, clock: Clock, password: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        auth_for(services, clock).create_admin("wangfang", password)
    assert words in info.value.message


def test_the_demo_database_may_have_admin_with_password_demo(services: Services, clock: Clock) -> None:
    a = auth_for(services, clock)
    a.create_admin("admin", "demo", "演示管理员", enforce_strength=False)
    assert a.login("admin", "demo") == Actor("admin", "管理员")


def test_signing_in_gives_an_actor_with_the_role(auth: AuthService, services: Services, clock: Clock) -> None:
    as_admin(services, clock).add_user("lisi", "党务工作者", "Spring-2026a")
    actor = auth.login("lisi", "Spring-2026a")
    assert actor == Actor("lisi", "党务工作者")
    assert auth.get_user("lisi").last_login == clock.t
    assert audit_actions(services)[-1] == "登录"


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_across_restarts(
    auth: AuthService, services: Services, db_path: Path, clock: Clock
) -> None:
    messages = []
    for _ in range(5):
        with pytest.raises(LoginRefused) as info:
            auth.login("wangfang", "wrong-password1")
        messages.append(info.value.message)
    assert "再输错2次" in messages[2] and "再输错1次" in messages[3]
    assert "暂时锁定" in messages[4] and "09:15" in messages[4]
    with pytest.raises(LoginRefused, match="暂时锁定"):
        auth.login("wangfang", PASSWORD)  # the right password does not help while locked

    services.close()
    reopened = Services.open(db_path, Actor("测试员"))
    try:
        again = auth_for(reopened, clock)
        clock.t += dt.timedelta(minutes=14)
        with pytest.raises(LoginRefused, match="暂时锁定"):
            again.login("wangfang", PASSWORD)
        clock.t += dt.timedelta(minutes=1)
        assert again.login("wangfang", PASSWORD).role == "管理员"
        assert again.get_user("wangfang").failed_count == 0
        failed = [a for a in audit_actions(reopened) if a == "登录失败"]
        assert len(failed) == 7
    finally:
        reopened.close()


def test_after_a_lock_runs_out_the_count_starts_afresh(auth: AuthService, clock: Clock) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            auth.login("wangfang", "nope-nope1")
    clock.t += dt.timedelta(minutes=16)
    with pytest.raises(LoginRefused) as info:
        auth.login("wangfang", "nope-nope1")
    assert "暂时锁定" not in info.value.message
    assert auth.get_user("wangfang").failed_count == 1


def test_unknown_and_deactivated_users_cannot_sign_in(auth: AuthService, services: Services, clock: Clock) -> None:
    admin = as_admin(services, clock)
    admin.add_user("zhaoliu", "查看", "Autumn-2026x")
    admin.deactivate("zhaoliu")
    with pytest.raises(LoginRefused, match="用户名或密码不正确"):
        auth.login("nobody", PASSWORD)
    with pytest.raises(LoginRefused, match="停用"):
        auth.login("zhaoliu", "Autumn-2026x")
    admin.reactivate("zhaoliu")
    assert auth.login("zhaoliu", "Autumn-2026x").role == "查看"


def test_the_administrator_can_lift_a_lock(auth: AuthService, services: Services, clock: Clock) -> None:
    admin = as_admin(services, clock)
    admin.add_user("lisi", "党务工作者", "Spring-2026a")
    for _ in range(5):
        with pytest.raises(LoginRefused):
            auth.login("lisi", "x-wrong-1")
    admin.unlock_account("lisi")
    assert auth.login("lisi", "Spring-2026a").name == "lisi"


def test_only_the_administrator_manages_users(auth: AuthService, services: Services, clock: Clock) -> None:
    as_admin(services, clock).add_user("lisi", "党务工作者", "Spring-2026a")
    worker = auth_for(services, clock, Actor("lisi", "党务工作者"))
    for attempt in (lambda: worker.add_user("x1", "查看", "abc-12345"), worker.list_users,
                    lambda: worker.set_role("lisi", "管理员"), lambda: worker.reset_password("wangfang", "new-pass-1")):
        with pytest.raises(PermissionDenied, match="管理用户"):
            attempt()


def test_at_least_one_administrator_stays(auth: AuthService, services: Services, clock: Clock) -> None:
    admin = as_admin(services, clock)
    with pytest.raises(ConflictError, match="至少要保留一个"):
        admin.set_role("wangfang", "查看")
    with pytest.raises(ConflictError, match="自己"):
        admin.deactivate("wangfang")
    admin.add_user("zhangwei", "管理员", "Winter-2026")
    admin.set_role("zhangwei", "审计员")
    assert [r.role for r in admin.list_users()] == [Role.ADMIN, Role.AUDITOR]


def test_users_change_their_own_password_only_with_the_old_one(auth: AuthService, services: Services, clock: Clock) -> None:
    me = auth_for(services, clock, Actor("wangfang", "管理员"))
    with pytest.raises(PermissionDenied, match="原密码不正确"):
        me.change_password("wangfang", "guess-123", "newpass-2027")
    me.change_password("wangfang", PASSWORD, "newpass-2027")
    assert auth.login("wangfang", "newpass-2027").name == "wangfang"
    as_admin(services, clock).add_user("lisi", "党务工作者", "Spring-2026a")
    lisi = auth_for(services, clock, Actor("lisi", "党务工作者"))
    with pytest.raises(PermissionDenied):
        lisi.change_password("wangfang", "newpass-2027", "hijack-2027")


def test_a_user_cannot_be_added_before_the_administrator(services: Services, clock: Clock) -> None:
    with pytest.raises(ConflictError, match="管理员"):
        auth_for(services, clock).add_user("lisi", "查看", "Spring-2026a")


def test_unlocking_the_idle_screen_checks_the_password_again(auth: AuthService, services: Services) -> None:
    with pytest.raises(LoginRefused):
        auth.unlock_screen("wangfang", "wrong-123a")
    assert auth.unlock_screen("wangfang", PASSWORD).role == "管理员"
    assert audit_actions(services)[-1] == "解除锁屏"


def test_require_follows_the_table_and_lets_the_program_itself_through() -> None:
    require(Actor("系统"), Permission.RESTORE)
    assert can(Actor("a", "审计员"), Permission.READ_AUDIT)
    assert not can(Actor("a", "审计员"), Permission.VIEW_RECORDS)
    with pytest.raises(PermissionDenied, match="查看完整身份证号"):
        require(Actor("v", "查看"), Permission.SHOW_SENSITIVE)
