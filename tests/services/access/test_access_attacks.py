"""Hostile user names in failed logins, the commonest passwords, one's own password."""

from __future__ import annotations

import pytest

from app.domain.access.permissions import Role
from app.domain.kit.errors import PermissionDenied, ValidationError
from app.services.access.passwords import check_new_password, common_passwords
from app.services.container import Services
from app.services.kit.base import Actor

PASSWORD = "dangwu2026"


@pytest.fixture
def admin(services: Services) -> Services:
    services.auth.create_admin("wangfang", PASSWORD)
    services.act_as(services.auth.login("wangfang", PASSWORD))
    return services


@pytest.mark.parametrize("typed", [
    "x" * 5000,
    "wangfang\n2026-07-01 09:00 wangfang（管理员）登录成功",
    "wang\rfang\x1b[2J\u202eevil\u200b",
])
def test_a_hostile_user_name_is_recorded_cleaned_and_cut(admin: Services, typed: str) -> None:
    with pytest.raises(PermissionDenied):
        admin.auth.login(typed, "whatever")
    rows = [r for r in admin.audit.recent() if r.action == "登录失败"]
    record = rows[0]
    for text in (record.summary, record.entity_id):
        assert "\n" not in text and "\r" not in text and "\x1b" not in text
        assert "\u202e" not in text and "\u200b" not in text
    assert len(record.entity_id) <= 40
    assert len(record.summary) < 120
    if len(typed) > 40:
        assert f"（共{len(typed)}字）" in record.summary
    assert admin.audit.verify().ok


@pytest.mark.parametrize("weak", ["Passw0rd", "P@ssw0rd", "a1a1a1a1", "abc12345", "1qaz2wsx", "Woaini1314",
                                  "qq123456", "ab1ab1ab1", "12qw12qw12qw"])
def test_the_commonest_passwords_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError, match="这个密码太常见"):
        check_new_password(weak, "wangfang")


def test_the_list_ships_with_the_program_and_a_good_password_passes() -> None:
    assert len(common_passwords()) > 2000
    check_new_password("Qing-Shan-Hu-58", "wangfang")


def test_the_commonest_password_cannot_be_given_to_a_new_user(admin: Services) -> None:
    with pytest.raises(ValidationError, match="这个密码太常见"):
        admin.auth.add_user("lisi", "党务工作者", "Passw0rd")
    with pytest.raises(ValidationError, match="这个密码太常见"):
        admin.auth.change_password("wangfang", PASSWORD, "a1a1a1a1")


def test_an_administrator_may_not_reset_their_own_password_without_the_old_one(admin: Services) -> None:
    with pytest.raises(PermissionDenied, match="须先输入原密码"):
        admin.auth.reset_password("WangFang", "Bright-Moon-58")
    admin.auth.login("wangfang", PASSWORD)  # unchanged
    with pytest.raises(PermissionDenied, match="原密码不正确"):
        admin.auth.change_password("wangfang", "not-the-old-1", "Bright-Moon-58")
    admin.auth.change_password("wangfang", PASSWORD, "Bright-Moon-58")
    admin.auth.login("wangfang", "Bright-Moon-58")
    # Someone else's password the administrator still resets.
    admin.auth.add_user("lisi", Role.WORKER, "Spring-2026a")
    admin.auth.reset_password("lisi", "Summer-2026b")
    Services(admin.db, Actor("x")).auth.login("lisi", "Summer-2026b")
