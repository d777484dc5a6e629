"""Printouts of organisation life, on the reports kit (GB/T 9704 pages):

- 签到表, before the meeting: kind, date and time, place, host, topic, the roster's names with an
  empty signature column (room to sign);
- 会议记录, afterwards: kind, date, place, host (and speaker), attendance counts with the names of
  those absent and on leave (with the reason), topic, minutes and decisions, then the photos
  attached to the meeting;
- the yearly attendance summary of a branch: each member's meetings attended, on leave, absent
  and rate.
"""

from __future__ import annotations

from typing import Any

from app.domain.kit.text import cn_date
from app.domain.orglife.kinds import Attendance, MeetingKind
from app.domain.orglife.schedule import rate_text
from app.reports.kit.blocks import Block, DocSpec, Para, Picture, Table, Title
from app.reports.kit.document import render_counted
from app.services.orglife.rows import RateQuery

SIGN_ROW_HEIGHT = 28.0  # points: room for a handwritten name
BLANK_ROWS = 3


def _when(m: Any) -> str:
    return cn_date(m.held_on) + (f" {m.start_time}" if m.start_time else "")


def _head(m: Any) -> list[Block]:
    blocks: list[Block] = []
    for label, value in (("党组织", m.org_name), ("时间", _when(m)), ("地点", m.place), ("主持人", m.host),
                         ("主讲人", m.speaker if m.kind == MeetingKind.LESSON else ""), ("主题", m.topic)):
        if value:
            blocks.append(Para((f"{label}：{value}",), indent=False))
    return blocks


def print_signin(services: Any, meeting_id: int) -> tuple[bytes, int]:
    """The sign-in sheet: PDF bytes and page count."""
    m = services.orglife.get(meeting_id)
    lines = [a for a in services.orglife.attendance(meeting_id) if a.on_roster]
    rows = [(str(i), a.name, "", "") for i, a in enumerate(lines, start=1)]
    rows += [(str(len(rows) + i), "", "", "") for i in range(1, BLANK_ROWS + 1)]
    title = f"{m.kind}签到表"
    blocks: list[Block] = [Title(title), *_head(m)]
    blocks.append(Table(("序号", "姓名", "签名", "备注"), tuple(rows), (0.8, 2.2, 3.2, 2.2),
                        row_height=SIGN_ROW_HEIGHT, align_left=(1,), font_size=12))
    blocks.append(Para((f"应到{len(lines)}人，实到______人，请假______人。",), indent=False))
    return render_counted(DocSpec(tuple(blocks), title=title, author=m.org_name))


def print_record(services: Any, meeting_id: int) -> tuple[bytes, int]:
    """The 会议记录 page: PDF bytes and page count."""
    m = services.orglife.get(meeting_id)
    lines = services.orglife.attendance(meeting_id)
    leave = [a for a in lines if a.status == Attendance.LEAVE]
    absent = [a for a in lines if a.status == Attendance.ABSENT]
    present = sum(1 for a in lines if a.status == Attendance.PRESENT)
    expected = present + len(leave) + len(absent)
    title = f"{m.kind}会议记录"
    blocks: list[Block] = [Title(title), Para((f"会议类型：{m.kind}",), indent=False), *_head(m)]
    if expected:
        blocks.append(Para((f"出席情况：应到{expected}人，实到{present}人，请假{len(leave)}人，缺席{len(absent)}人。",),
                           indent=False))
        if leave:
            blocks.append(Para(("请假人员：" + "、".join(a.name + (f"（{a.reason}）" if a.reason else "")
                                                   for a in leave),), indent=False))
        if absent:
            blocks.append(Para(("缺席人员：" + "、".join(a.name for a in absent),), indent=False))
    else:
        blocks.append(Para(("出席情况：未登记。",), indent=False))
    blocks.append(Para(("会议记录：",), indent=False))
    for paragraph in (m.minutes or "（未填写）").splitlines() or [""]:
        if paragraph.strip():
            blocks.append(Para((paragraph.strip(),)))
    if m.decisions:
        blocks.append(Para(("会议决定：",), indent=False))
        for paragraph in m.decisions.splitlines():
            if paragraph.strip():
                blocks.append(Para((paragraph.strip(),)))
    blocks.append(Para(("记录人：____________　　主持人：____________",), indent=False))
    blocks += _photos(services, meeting_id)
    return render_counted(DocSpec(tuple(blocks), title=title, author=m.org_name))


def _photos(services: Any, meeting_id: int) -> list[Block]:
    """The meeting's photos after the record, each with its file name; PDF scans are named."""
    files = services.meeting_files.of(meeting_id)
    pictures = [f for f in files if not f.is_pdf]
    blocks: list[Block] = []
    if pictures:
        heading = f"会议照片（{len(pictures)}张）："
        blocks += [Picture(services.meeting_files.data(f.id), f.name, heading=heading if i == 0 else "")
                   for i, f in enumerate(pictures)]
    scans = [f.name for f in files if f.is_pdf]
    if scans:
        blocks.append(Para(("其他附件：" + "、".join(scans),), indent=False))
    return blocks


def print_attendance_summary(services: Any, org_id: int, year: int) -> tuple[bytes, int]:
    """Each member's attendance in ``year`` (members on record in the organisation and below)."""
    org = services.orgs.get(org_id)
    schedule = services.orglife_schedule
    rates = schedule.rows(schedule.search_ids(RateQuery(org_id=org_id, year=year)), year)
    rows = tuple((str(i), r.name, r.org_name, str(r.expected), str(r.present), str(r.leave), str(r.absent),
                  rate_text(r.present, r.expected) or "—") for i, r in enumerate(rates, start=1))
    present = sum(r.present for r in rates)
    expected = sum(r.expected for r in rates)
    title = f"{year}年度组织生活出勤情况汇总表"
    blocks: list[Block] = [Title(title), Para((f"党组织：{org.name}",), indent=False),
                           Table(("序号", "姓名", "所在党组织", "应到", "出席", "请假", "缺席", "出勤率"), rows,
                                 (0.8, 1.6, 2.8, 0.9, 0.9, 0.9, 0.9, 1.2), align_left=(1, 2), font_size=10.5),
                           Para((f"合计：应到{expected}人次，出席{present}人次，出勤率{rate_text(present, expected) or '—'}。",),
                                indent=False)]
    return render_counted(DocSpec(tuple(blocks), title=title, author=org.name))
