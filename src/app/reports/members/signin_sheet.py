"""The sign-in sheet (签到表) for a meeting: title, date, place, and the members of a branch
with a blank cell for each signature, two members to a row.

Each page is read as people look for their name: down the left half, then down the right
half (page 1: 1–14 on the left, 15–28 on the right), and the next page goes on from there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from app.domain.kit.text import cn_date
from app.reports.kit import styles as st
from app.reports.kit.blocks import Block, DocSpec, NewPage, Para, Table, Title
from app.reports.kit.document import flowables, render_counted, table_flowable

SIGN_ROW_HEIGHT = 30.0  # points: room for a handwritten name
HEADER = ("序号", "姓名", "签名", "序号", "姓名", "签名")
WIDTHS = (0.9, 1.6, 2.3, 0.9, 1.6, 2.3)
FONT_SIZE = 14


class Attendee(Protocol):
    name: str


def _table(rows: list[tuple[str, ...]]) -> Table:
    return Table(HEADER, tuple(rows), WIDTHS, row_height=SIGN_ROW_HEIGHT, font_size=FONT_SIZE)


def _height(blocks: Sequence[Block]) -> float:
    """How much of the text block ``blocks`` take at the top of a page."""
    total = 0.0
    for i, f in enumerate(flowables(blocks)):
        total += f.wrap(st.BLOCK_WIDTH, st.BLOCK_HEIGHT)[1] + f.getSpaceAfter()
        if i:
            total += f.getSpaceBefore()
    return total


def rows_that_fit(room: float) -> int:
    """Rows of the signing table that fit in ``room`` points (with its header row)."""
    one = table_flowable(_table([("1", "某", "", "2", "某", "")]), st.BLOCK_WIDTH)
    header = one.wrap(st.BLOCK_WIDTH, st.BLOCK_HEIGHT)[1] - SIGN_ROW_HEIGHT
    return max(1, int((room - header - 1) // SIGN_ROW_HEIGHT))


def pages_of(names: Sequence[str], first: int, later: int) -> list[list[tuple[str, ...]]]:
    """The table rows of each page: ``first`` rows on page 1, ``later`` after; on each page the
    left half runs down first, then the right; the last page splits what is left evenly."""
    out: list[list[tuple[str, ...]]] = []
    start = 0
    while start < len(names) or not out:
        rows = first if not out else later
        left = min(rows, (len(names) - start + 1) // 2)
        page: list[tuple[str, ...]] = []
        for i in range(left):
            a, b = start + i, start + left + i
            page.append((str(a + 1), names[a], "",
                         str(b + 1) if b < len(names) and b < start + 2 * left else "",
                         names[b] if b < len(names) and b < start + 2 * left else "", ""))
        out.append(page)
        start += 2 * left
        if left == 0:
            break
    return out


def render_signin_sheet(attendees: Sequence[Attendee], *, title: str, date: dt.date,
                        place: str = "", org_name: str = "", meeting: str = "",
                        ) -> tuple[bytes, int]:
    """PDF bytes and page count. ``title`` like "第一网格党支部主题党日签到表"."""
    names = [a.name for a in attendees]
    head: list[Block] = [Title(title)]
    for label, value in (("党组织", org_name), ("内容", meeting), ("时间", cn_date(date)),
                         ("地点", place)):
        if value:
            head.append(Para((f"{label}：{value}",), indent=False))
    # on the first page, above the names: never left alone on a page of its own
    head.append(Para((f"应到{len(names)}人，实到______人，请假______人。",), indent=False))
    first = rows_that_fit(st.BLOCK_HEIGHT - _height(head))
    later = rows_that_fit(st.BLOCK_HEIGHT)
    blocks: list[Block] = list(head)
    for n, rows in enumerate(pages_of(names, first, later)):
        if n:
            blocks.append(NewPage())
        blocks.append(_table(rows))
    spec = DocSpec(tuple(blocks), title=title, author=org_name)
    return render_counted(spec)
