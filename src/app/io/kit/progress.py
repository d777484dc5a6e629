"""Progress reports and cancelling for long imports and exports, and safe file writing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain.kit.errors import AppError

# progress(done, total) -> False to cancel.
Progress = Callable[[int, int], bool]


class Cancelled(AppError):
    title = "已取消"

    def __init__(self, message: str = "已取消，没有写入任何内容。") -> None:
        super().__init__(message)


class Ticker:
    """Calls ``progress`` every ``step`` items (and at the end); raises Cancelled on False."""

    def __init__(self, progress: Progress | None, total: int, step: int = 200) -> None:
        self.progress = progress
        self.total = total
        self.step = max(1, min(step, total // 50))  # small jobs report every item
        self.done = 0

    def start(self) -> None:
        self._report()

    def tick(self, n: int = 1) -> None:
        before = self.done
        self.done += n
        if self.done // self.step != before // self.step or self.done >= self.total:
            self._report()

    def _report(self) -> None:
        if self.progress is not None and self.progress(min(self.done, self.total), self.total) is False:
            raise Cancelled()


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yields a temporary file beside ``path``; on success it replaces ``path`` in one step.

    On any failure (or Cancelled) the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise AppError(f"“{target}”是文件夹，请给出文件名")
    if not target.parent.exists():
        raise AppError(f"文件夹“{target.parent}”不存在，请换一个保存位置")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~", suffix=target.suffix, dir=target.parent)
    except PermissionError as exc:
        raise AppError(f"没有权限在“{target.parent}”保存文件，请换一个保存位置") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise AppError(
                f"无法保存“{target.name}”：文件正被其他程序（如Excel、WPS）打开，请关闭后重试"
            ) from exc
    except OSError as exc:
        if "No space" in str(exc) or getattr(exc, "errno", None) == 28:
            raise AppError("磁盘空间不足，文件没有保存。请清理磁盘后重试。") from exc
        raise AppError(f"无法保存“{target.name}”：{exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
