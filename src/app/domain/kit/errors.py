"""Expected problems, each with a plain Chinese sentence for the user.

Anything that is not an AppError is a bug and goes to the crash dialog.
"""

from __future__ import annotations


class AppError(Exception):
    """An expected problem: bad input, a locked file, a full disk.

    ``message`` says what happened and what to do, in Chinese, naming the record and field.
    """

    title = "操作未完成"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """Input that breaks a rule; nothing was changed."""

    title = "输入有误"


class NotFoundError(AppError):
    title = "找不到记录"


class ConflictError(AppError):
    """The change clashes with what is already recorded (duplicates, loops)."""

    title = "无法保存"


class StorageError(AppError):
    """The database file cannot be used: locked, read-only, disk full, damaged."""

    title = "数据库无法使用"


class PermissionDenied(AppError):
    title = "没有权限"
