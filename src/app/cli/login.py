"""The command line acts as a named user with that user's permissions.

The user comes from --user or DANGJIAN_USER; the password from DANGJIAN_PASSWORD (for scripts)
or is asked at the terminal. A database without accounts keeps acting as the OS user.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from app.domain.kit.errors import PermissionDenied, ValidationError

if TYPE_CHECKING:  # the database layer loads only when a command opens a database
    from app.services.kit.base import Actor

PASSWORD_ENV = "DANGJIAN_PASSWORD"
USER_ENV = "DANGJIAN_USER"


def ask_password(prompt: str, password_env: str | None = PASSWORD_ENV, *, confirm: bool = False) -> str:
    """The password from the environment variable, else typed at the terminal (not echoed)."""
    if password_env and os.environ.get(password_env):
        return os.environ[password_env]
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(f"需要密码：请在终端中运行，或用环境变量 {password_env or PASSWORD_ENV} 提供密码。")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一致，没有修改。")
    return first


def user_name(user: str | None) -> str | None:
    return user or os.environ.get(USER_ENV) or None


def authenticate_cli(services, user: str | None, password_env: str | None = PASSWORD_ENV) -> Actor:
    """Signs in as ``user`` (or $DANGJIAN_USER); every service then acts as that user.

    A database whose accounts were all removed outside the program is refused (AccountsLost)."""
    if not services.auth.has_users():
        if services.auth.accounts_lost():
            from app.services.access.auth import AccountsLost

            raise AccountsLost()
        return services.actor
    name = user_name(user)
    if not name:
        raise PermissionDenied(f"这个数据库需要登录：请用 --user 用户名 指定用户（或设置环境变量 {USER_ENV}）。")
    actor = services.auth.login(name, ask_password(f"{name} 的密码：", password_env))
    services.act_as(actor)
    return actor
