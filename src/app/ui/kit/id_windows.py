"""The ordered ids of a search, read a window at a time when the search is long.

The county's ledger over ten years matches a million entries, and reading all their ids takes
the database longer than a list may take to open (0.4–0.7 s). A source that can count a search
and hand out a slice of its ids (``count(query)``, ``ids_window(query, offset, limit)``) is read
this way: the first window and the count when the search runs, each further window when the
view scrolls to it (LIMIT … OFFSET …: 20–75 ms even at the end of a million). A search shorter
than one window is read whole, as before.

Between two windows another office may change the records (a shared server); a window then
comes back shorter or shifted, and its missing rows show empty until the next search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

WINDOW = 20_000
WHOLE_AFTER = 4  # a bulk read needing more unread windows than this reads the whole search at once

Fetch = Callable[[int, int], list[int]]


@runtime_checkable
class WindowedSource(Protocol):
    """A source that can count a search and hand out a slice of its ids, besides all of them."""

    def search_ids(self, query: Any) -> list[int]: ...

    def count(self, query: Any) -> int: ...

    def ids_window(self, query: Any, offset: int, limit: int) -> list[int]: ...


class IdWindows:
    """Row number -> record id for one search: ``total`` rows, of which the read windows are known."""

    def __init__(self, total: int, window: int, windows: dict[int, list[int]],
                 fetch: Fetch | None = None, fetch_all: Callable[[], list[int]] | None = None,
                 hints: Iterable[int] = ()) -> None:
        self.total = total
        self.window = max(1, window)
        self._windows = windows
        self._fetch = fetch
        self._fetch_all = fetch_all
        self._hints = [w for w in hints if w not in windows]
        self._where: dict[int, int] | None = None
        self._recent: list[int] = list(windows)[-3:]

    @classmethod
    def whole(cls, ids: list[int]) -> IdWindows:
        return cls(len(ids), max(1, len(ids)), {0: ids})

    @classmethod
    def search(cls, source: Any, query: Any, window: int = WINDOW, hints: Iterable[int] = ()) -> IdWindows:
        """The search's ids: whole when the source cannot window or the search is short."""
        if not isinstance(source, WindowedSource):
            return cls.whole(list(source.search_ids(query)))
        first = list(source.ids_window(query, 0, window))
        if len(first) < window:
            return cls.whole(first)
        total = max(source.count(query), len(first))
        return cls(total, window, {0: first},
                   fetch=lambda offset, limit: list(source.ids_window(query, offset, limit)),
                   fetch_all=lambda: list(source.search_ids(query)), hints=hints)

    # ---- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        return self.total

    def complete(self) -> bool:
        return self._fetch is None or len(self._windows) * self.window >= self.total

    def windows_read(self) -> int:
        return len(self._windows)

    def recent_windows(self) -> list[int]:
        """The windows used last (the view's neighbourhood): a new search reads these first
        when it looks for a record, so that the row being worked on is found again."""
        return list(self._recent)

    def get(self, row: int) -> int | None:
        if not 0 <= row < self.total:
            return None
        ids = self._read(row // self.window)
        offset = row % self.window
        return ids[offset] if offset < len(ids) else None

    def slice(self, start: int, stop: int) -> list[int]:
        """The known ids of rows start … stop-1 (fewer when a window came back short)."""
        start, stop = max(0, start), min(stop, self.total)
        out: list[int] = []
        for w in range(start // self.window, (stop - 1) // self.window + 1 if stop > start else 0):
            ids = self._read(w)
            base = w * self.window
            out.extend(ids[max(0, start - base):max(0, stop - base)])
        return out

    def take(self, rows: Sequence[int]) -> list[int]:
        """The ids of these rows, in this order (for a selection: one whole search when it
        spans many unread windows, rather than window after window)."""
        wanted = {r // self.window for r in rows if 0 <= r < self.total}
        if len(wanted - self._windows.keys()) > WHOLE_AFTER:
            self._read_all()
        return [rid for r in rows if (rid := self.get(r)) is not None]

    def find(self, record_id: int) -> int:
        """The row of the record among the windows read, then among the hinted ones; -1."""
        row = self._index().get(record_id, -1)
        while row < 0 and self._hints:
            self._read(self._hints.pop(0))
            row = self._index().get(record_id, -1)
        return row

    def to_list(self) -> list[int]:
        if not self.complete():
            self._read_all()
        return [rid for w in sorted(self._windows) for rid in self._windows[w]]

    # ---- windows -------------------------------------------------------------------------
    def _read(self, w: int) -> list[int]:
        ids = self._windows.get(w)
        if ids is None:
            assert self._fetch is not None
            ids = self._windows[w] = self._fetch(w * self.window, self.window)
            if self._where is not None:
                self._where.update((rid, w * self.window + i) for i, rid in enumerate(ids))
        if not self._recent or self._recent[-1] != w:
            self._recent = [x for x in self._recent if x != w][-2:] + [w]
        return ids

    def _read_all(self) -> None:
        assert self._fetch_all is not None
        ids = self._fetch_all()[:self.total]  # the rows the view was told of; fewer show empty
        self._windows = {w: ids[w * self.window:(w + 1) * self.window]
                         for w in range(max(1, -(-self.total // self.window)))}
        self._fetch = None
        self._hints = []
        self._where = None

    def _index(self) -> dict[int, int]:
        if self._where is None:
            self._where = {rid: w * self.window + i for w, ids in self._windows.items() for i, rid in enumerate(ids)}
        return self._where
