"""The quarterly feedback sheets to units (one page a unit) and the 志愿服务记录证明, laid out
by the document engine (app.reports.kit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.domain.kit.text import cn_date
from app.domain.service.hours import format_hours
from app.reports.kit.blocks import (
    Blank,
    Block,
    DocSpec,
    NewPage,
    Para,
    Signature,
    Subtitle,
    Table,
    Title,
)
from app.reports.kit.document import render_counted
from app.services.service.certificates import CertificateContent
from app.services.service.feedback import UnitSheet

FEEDBACK_TITLE = "在职党员到社区报到服务情况反馈表"
CERTIFICATE_TITLE = "志愿服务记录证明"
MAX_LISTED = 14  # services listed per member on a feedback sheet; the rest are counted


def feedback_blocks(sheet: UnitSheet, year: int, quarter: int, remarks: str, issued_on: dt.date) -> list[Block]:
    blocks: list[Block] = [
        Title(FEEDBACK_TITLE), Subtitle(f"{year}年第{quarter}季度"),
        Para((f"单位：{sheet.unit_name}　　报到社区：{sheet.org_name}　　报到党员：{len(sheet.members)}名",), indent=False),
        Table(("姓名", "报到日期", "本季度服务次数", "本季度服务时长（小时）", "年度服务指标完成情况"),
              tuple((m.name, m.reported_on.isoformat() if m.reported_on else "", str(len(m.services)),
                     format_hours(m.tenths), m.progress) for m in sheet.members),
              (1.3, 1.6, 1.3, 1.6, 4.2), align_left=(0, 4), font_size=10.5),
    ]
    rows = []
    for m in sheet.members:
        for day, content, tenths in m.services[:MAX_LISTED]:
            rows.append((m.name, day.isoformat(), content, format_hours(tenths)))
        if len(m.services) > MAX_LISTED:
            rows.append((m.name, "", f"另有{len(m.services) - MAX_LISTED}次服务", ""))
    if rows:
        blocks.append(Table(("姓名", "日期", "服务内容", "时长"), tuple(rows), (1.3, 1.6, 5.6, 1), caption="服务明细",
                            align_left=(0, 2), font_size=10.5))
    blocks.append(Para((f"社区意见：{remarks.strip() or '　' * 20}",), indent=False))
    blocks.append(Signature(sheet.org_name, issued_on))
    return blocks


def render_feedback(sheets: Sequence[UnitSheet], year: int, quarter: int, remarks: str = "",
                    issued_on: dt.date | None = None) -> tuple[bytes, int]:
    """All the sheets in one PDF, each unit on its own page(s); PDF bytes and page count."""
    day = issued_on or dt.date.today()
    blocks: list[Block] = []
    for i, sheet in enumerate(sheets):
        if i:
            blocks.append(NewPage())
        blocks.extend(feedback_blocks(sheet, year, quarter, remarks, day))
    author = sheets[0].org_name if sheets else ""
    return render_counted(DocSpec(tuple(blocks), title=f"{FEEDBACK_TITLE}（{year}年第{quarter}季度）", author=author,
                                  keywords=("双向反馈", f"{year}Q{quarter}")))


def certificate_blocks(c: CertificateContent) -> list[Block]:
    first, last = dt.date.fromisoformat(c.date_from), dt.date.fromisoformat(c.date_to)
    body = (f"兹证明{c.name}（{c.id_type}：{c.id_masked or '未登记'}）于{cn_date(first)}至{cn_date(last)}期间，"
            f"在{c.issuer}参加志愿服务{len(c.services)}次，累计志愿服务时长{format_hours(c.total_tenths)}小时。"
            "服务情况如下：")
    rows = tuple((d, content, format_hours(t)) for d, content, t in c.services)
    return [
        Title(CERTIFICATE_TITLE), Subtitle(f"证明编号：{c.number}"), Para((body,)),
        Table(("服务日期", "服务内容", "时长（小时）"), rows, (1.6, 6, 1.4), align_left=(1,), font_size=10.5),
        Para(("以上志愿服务记录真实、准确、完整，特此证明。",)),
        Para((f"出具组织：{c.issuer}",), indent=False),
        Para((f"负责人：{c.person_in_charge or '　' * 6}　　经办人：{c.handler or '　' * 6}　　联系电话：{c.contact or '　' * 8}",),
             indent=False),
        Blank(2),
        Para(("（盖章）",), indent=False),
        Signature(c.issuer, dt.date.fromisoformat(c.issued_on)),
    ]


def render_certificate(c: CertificateContent) -> tuple[bytes, int]:
    return render_counted(DocSpec(tuple(certificate_blocks(c)), title=f"{CERTIFICATE_TITLE}（{c.number}）",
                                  author=c.issuer, keywords=("志愿服务记录证明", c.number)))


def print_feedback(services: Any, year: int, quarter: int, *, unit_id: int | None = None, org_id: int | None = None,
                   remarks: str = "") -> tuple[bytes, int]:
    sheets = services.service_feedback.sheets(year, quarter, unit_id=unit_id, org_id=org_id)
    if not sheets:
        from app.domain.kit.errors import ValidationError

        raise ValidationError(f"{year}年第{quarter}季度末没有到社区报到的在职党员，没有可反馈的单位", field="季度")
    return render_feedback(sheets, year, quarter, remarks)


def render_hours(lines: Sequence[Any], by_label: str, org_name: str, date_from: dt.date | None,
                 date_to: dt.date | None) -> tuple[bytes, int]:
    """The hours table (app.services.service.totals.HoursLine) as a printed page."""
    span = f"{cn_date(date_from) if date_from else '最早的记录'}至{cn_date(date_to) if date_to else '今天'}"
    title = f"志愿服务时长统计（按{by_label}）"
    body = tuple((str(i), ln.name, str(ln.records), format_hours(ln.tenths), str(ln.people))
                 for i, ln in enumerate(lines, start=1))
    total = sum(ln.tenths for ln in lines)
    blocks: list[Block] = [
        Title(title), Subtitle(span),
        Table(("序号", by_label, "记录数", "服务时长（小时）", "人数"), body, (0.8, 4, 1.2, 1.8, 1), align_left=(1,),
              font_size=10.5),
        Para((f"合计：已确认服务{sum(ln.records for ln in lines)}条，{format_hours(total)}小时（只统计已确认的记录）。",)),
        Signature(org_name, dt.date.today()),
    ]
    return render_counted(DocSpec(tuple(blocks), title=title, author=org_name, keywords=("志愿服务时长",)))
