"""The sign-in sheet (签到表) for a meeting: title, date, place, and the members of a branch
with a blank cell for each signature, two members to a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from app.domain.kit.text import cn_date
from app.reports.kit.blocks import Block, DocSpec, Para, Table, Title
from app.reports.kit.document import render_counted

SIGN_ROW_HEIGHT = 30.0  # points: room for a handwritten name


class Attendee(Protocol):
    name: str


def render_signin_sheet(attendees: Sequence[Attendee], *, title: str, date: dt.date,
                        place: str = "", org_name: str = "", meeting: str = "",
                        ) -> tuple[bytes, int]:
    """PDF bytes and page count. ``title`` like "第一网格党支部主题党日签到表"."""
    names = [a.name for a in attendees]
    half = (len(names) + 1) // 2
    rows = []
    for i in range(half):
        right = i + half
        rows.append((str(i + 1), names[i], "",
                     str(right + 1) if right < len(names) else "",
                     names[right] if right < len(names) else "", ""))
    table = Table(("序号", "姓名", "签名", "序号", "姓名", "签名"), tuple(rows),
                  (0.9, 1.6, 2.3, 0.9, 1.6, 2.3), row_height=SIGN_ROW_HEIGHT, font_size=14)
    blocks: list[Block] = [Title(title)]
    for label, value in (("党组织", org_name), ("内容", meeting), ("时间", cn_date(date)),
                         ("地点", place)):
        if value:
            blocks.append(Para((f"{label}：{value}",), indent=False))
    blocks.append(table)
    blocks.append(Para((f"应到{len(names)}人，实到______人，请假______人。",), indent=False))
    spec = DocSpec(tuple(blocks), title=title, author=org_name)
    return render_counted(spec)
