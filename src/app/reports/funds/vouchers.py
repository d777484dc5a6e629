"""记账凭证: one page per posted entry — number, date, summary, source and category, the amount
in figures and in capitals (人民币壹万零贰拾元整), handler, reviewer, approver and the number of
attachments (the sheets counted, or the receipt scans attached if more) — for one entry or a whole month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.domain.funds.capitals import fen_in_capitals
from app.domain.kit.errors import NotFoundError
from app.domain.kit.money import format_yuan
from app.domain.kit.text import cn_date
from app.reports.kit.blocks import Block, DocSpec, NewPage, Para, Table, Title
from app.reports.kit.document import render_counted
from app.services.funds.entry_query import EntryQuery
from app.services.funds.rows import EntryRow


def attachment_count(typed: int | None, scans: int) -> str:
    """附件N张: the sheets the clerk counted, or the scans attached if more; the scans named."""
    shown = max(typed or 0, scans)
    return f"附件{shown}张" + (f"（扫描件{scans}份）" if scans else "")


def voucher_blocks(row: EntryRow, scans: int = 0) -> list[Block]:
    category = row.category_name or ("—" if row.direction == "收入" else "")
    amount = format_yuan(row.amount)
    body = ((row.summary, row.source_name, category, row.direction, amount),)
    table = Table(("摘要", "经费来源", "支出类别", "收支", "金额（元）"), body, (3.4, 1.8, 2.2, 0.9, 1.8),
                  align_left=(0,), font_size=12)
    who = (f"经办人：{row.handler or '　　　'}　　审核人：{row.reviewer or '　　　'}　　"
           f"审批人：{row.approver or '　　　'}")
    blocks: list[Block] = [
        Title("记账凭证"),
        Para((f"单位：{row.org_name}",), indent=False),
        Para((f"凭证号：{row.voucher}　　日期：{cn_date(row.entry_date)}",), indent=False),
        table,
        Para((f"金额（大写）：{fen_in_capitals(row.amount, prefix=True)}　（小写）¥{amount}",), indent=False),
        Para((f"对方单位：{row.counterparty or '—'}　　结算方式：{row.payment_method or '—'}",), indent=False),
        Para((attachment_count(row.attachments, scans),), indent=False),
        Para((who,), indent=False),
    ]
    if row.reverses_id is not None:
        blocks.append(Para(("本凭证为红字冲销凭证，金额为负数表示冲减原记录。",), indent=False))
    if row.remarks:
        blocks.append(Para((f"备注：{row.remarks}",), indent=False))
    return blocks


def render_vouchers(rows: Sequence[EntryRow], title: str, scans: dict[int, int] | None = None) -> tuple[bytes, int]:
    blocks: list[Block] = []
    for i, row in enumerate(rows):
        if i:
            blocks.append(NewPage())
        blocks += voucher_blocks(row, (scans or {}).get(row.id, 0))
    if not blocks:
        blocks = [Title(title), Para(("所选期间没有已记账的收支。",))]
    return render_counted(DocSpec(tuple(blocks), title=title, page_numbers=False, keywords=("记账凭证",)))


def print_vouchers(services: Any, *, entry_id: int | None = None, org_id: int | None = None,
                   year: int | None = None, month: int | None = None) -> tuple[bytes, int]:
    """One entry's voucher, or every posted voucher of a year (or of one month of it)."""
    ledger = services.ledger
    if entry_id is not None:
        row = ledger.get(entry_id)
        if not row.posted:
            raise NotFoundError("草稿还没有凭证号，请先记账再打印凭证")
        return render_vouchers([row], f"记账凭证{row.voucher}", services.entry_files.counts([row.id]))
    if year is None:
        raise NotFoundError("请指定要打印凭证的年度")
    start = dt.date(year, month or 1, 1)
    end = dt.date(year, 12, 31) if not month else (dt.date(year + (month == 12), month % 12 + 1, 1)
                                                   - dt.timedelta(days=1))
    ids = ledger.search_ids(EntryQuery(org_id=org_id, status="已记账", date_from=start, date_to=end,
                                       sort="voucher_no"))
    label = f"{year}年{month}月" if month else f"{year}年"
    return render_vouchers(ledger.rows(ids), f"{label}记账凭证", services.entry_files.counts(ids))
