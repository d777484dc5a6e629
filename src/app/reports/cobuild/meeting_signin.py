"""The sign-in sheet of a joint meeting (联席会签到表), printed from the meeting: title, date,
place, host, agenda, and a row per attending unit with room for its representatives to sign,
then blank rows for others."""

from __future__ import annotations

from typing import Any

from app.domain.kit.text import cn_date
from app.reports.kit.blocks import Block, DocSpec, Para, Table, Title
from app.reports.kit.document import render_counted

SIGN_ROW_HEIGHT = 30.0  # points: room for a handwritten name
BLANK_ROWS = 4


def print_meeting_signin(services: Any, meeting_id: int) -> tuple[bytes, int]:
    """PDF bytes and page count."""
    m = services.meetings.get(meeting_id)
    units = services.meetings.units(meeting_id)
    rows = [(str(i), name, "", "") for i, (_id, name) in enumerate(units, start=1)]
    rows += [(str(len(rows) + i), "", "", "") for i in range(1, BLANK_ROWS + 1)]
    title = f"{m.title}签到表"
    blocks: list[Block] = [Title(title)]
    for label, value in (("主办", m.org_name), ("时间", cn_date(m.held_on)), ("地点", m.place),
                         ("主持人", m.host), ("议题", m.agenda)):
        if value:
            blocks.append(Para((f"{label}：{value}",), indent=False))
    blocks.append(Table(("序号", "单位", "参会人员签名", "职务"), tuple(rows), (0.8, 3.4, 2.8, 1.6),
                        row_height=SIGN_ROW_HEIGHT, align_left=(1,), font_size=12))
    blocks.append(Para((f"应到单位{len(units)}个，实到______个。",), indent=False))
    return render_counted(DocSpec(tuple(blocks), title=title, author=m.org_name))
