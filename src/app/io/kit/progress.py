"""Progress reports and cancelling for long imports and exports."""

from __future__ import annotations

from collections.abc import Callable

from app.domain.kit.errors import AppError
from app.services.kit import files

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


# Exports are written like every other file the program hands out (app.services.kit.files).
replacing = files.replacing
