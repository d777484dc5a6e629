"""Expected problems, each with a plain Chinese sentence for the user.

Anything that is not an AppError is a bug and goes to the crash dialog.
"""

from __future__ import annotations

# A value quoted in a message (“…”) longer than this is cut, saying how long it was: a 10 MB
# name typed or read from a file is never echoed whole. The whole message is bounded as well.
QUOTED_LIMIT = 80
MESSAGE_LIMIT = 4000


def bounded(message: str) -> str:
    """``message`` with over-long quoted values cut (one pass, linear in its length)."""
    if len(message) <= QUOTED_LIMIT:
        return message
    parts: list[str] = []
    pos = 0
    while (start := message.find("“", pos)) >= 0 and (end := message.find("”", start + 1)) >= 0:
        value = message[start + 1:end]
        parts.append(message[pos:start])
        parts.append(f"“{value[:QUOTED_LIMIT]}…”（共{len(value)}字）" if len(value) > QUOTED_LIMIT
                     else f"“{value}”")
        pos = end + 1
    parts.append(message[pos:])
    text = "".join(parts)
    if len(text) > MESSAGE_LIMIT:
        text = f"{text[:MESSAGE_LIMIT]}…（消息过长，其余{len(text) - MESSAGE_LIMIT}字从略）"
    return text


class AppError(Exception):
    """An expected problem: bad input, a locked file, a full disk.

    ``message`` says what happened and what to do, in Chinese, naming the record and field.
    """

    title = "操作未完成"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        message = bounded(message)
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


class FileWriteError(StorageError):
    """A file the program hands out (an export, a PDF, a backup copy) cannot be written where the
    user asked: the folder is missing, the file is open in another program, the disk is full.
    Its title does not speak of the database, which is fine."""

    title = "文件无法保存"


class PermissionDenied(AppError):
    title = "没有权限"


def os_error_text(exc: BaseException, where: object = None) -> str:
    """One Chinese sentence for an operating-system error (what happened and what to do), in
    place of its English text ("No space left on device", "[Errno 2] …"). ``where`` names the
    file or folder concerned."""
    import errno

    from app.domain.kit.text import clip

    code = getattr(exc, "errno", None)
    place = clip(where if where is not None else getattr(exc, "filename", None) or "", 120)
    named = f"“{place}”" if place else "文件"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or "database or disk is full" in str(exc):
        if not place:
            return "磁盘空间不足，写入没有完成。请清理磁盘或换一个位置后重试。"
        return f"磁盘空间不足，{named}没有写完（已有的文件没有被改动）。请清理磁盘或换一个位置后重试。"
    if code == errno.EROFS:
        return f"{named}所在的磁盘是只读的（如写保护的U盘、光盘），无法写入。请换一个位置。"
    if code == errno.EISDIR:
        return f"{named}是一个文件夹，不是文件。请给出文件名。"
    if code == errno.ENOTDIR:
        return f"{named}的路径中有一部分不是文件夹。请检查路径。"
    if code == errno.ENOENT:
        return f"找不到{named}（文件或它所在的文件夹不存在）。请检查路径是否写对。"
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return f"没有权限使用{named}：文件可能正被其他程序（如Excel、WPS、PDF阅读器）打开，或当前用户不能写这个位置。请关闭它或换一个位置。"
    if code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return f"{named}正被其他程序使用。请关闭那个程序后重试。"
    if code == errno.ENAMETOOLONG:
        return "文件名或路径太长。请换一个短一些的名称或位置。"
    if code == errno.EIO:
        return f"读写{named}时磁盘出错（U盘是否已被拔出？磁盘是否损坏？）。请检查后重试。"
    if code == errno.EEXIST:
        return f"{named}已经存在。"
    if code == errno.EINVAL:
        return f"{named}的名称中有系统不允许的字符。请换一个名称。"
    return f"无法读写{named}（系统错误代码{code if code is not None else '未知'}）。请检查这个位置后重试；详细情况已记入日志。"
