"""Password hashing (Argon2id) and the rule a new password must meet."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type

from app.domain.kit.errors import ValidationError

# Argon2id, 46 MiB, 2 passes: above the OWASP minimum (19 MiB, t=2) and about a tenth of a
# second on an older office PC, short enough not to be noticed at login.
HASHER = PasswordHasher(time_cost=2, memory_cost=47104, parallelism=1, type=Type.ID)

MIN_LENGTH = 8
COMMON_FILE = ("passwords", "common.txt")  # under resources/, made by scripts/make_common_passwords.py


@functools.cache
def common_passwords() -> frozenset[str]:
    """The commonest passwords (lower case), shipped with the program; empty if the file is gone."""
    from app.paths import resources_dir

    try:
        text = resources_dir().joinpath(*COMMON_FILE).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


def _is_repeated(password: str) -> bool:
    """Made of one short piece said again and again: a1a1a1a1, abcabcabc, 12qw12qw."""
    n = len(password)
    return any(n % size == 0 and password == password[:size] * (n // size) for size in range(1, min(4, n // 2) + 1))


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("未使用的占位口令")


def burn_time(password: str) -> None:
    """Checked for unknown user names, so that a wrong name takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)


def needs_rehash(stored: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def check_new_password(password: str, username: str = "") -> None:
    """Raises ValidationError when a new password is too easy to guess."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码太短：至少需要{MIN_LENGTH}个字符。", field="密码")
    kinds = sum((
        any(c.isalpha() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ))
    if kinds < 2:
        raise ValidationError("密码需要同时包含字母和数字（或符号），不能只用一种。", field="密码")
    if username and username.lower() in password.lower():
        raise ValidationError("密码中不能包含用户名。", field="密码")
    if password.lower() in common_passwords() or _is_repeated(password.lower()):
        raise ValidationError("这个密码太常见，很容易被猜到（如 Passw0rd、a1a1a1a1、abc12345）。"
                              "请换一个只有自己知道的密码，例如把一句话的拼音首字母和数字组合起来。", field="密码")
