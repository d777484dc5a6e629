"""The ledger to and from Excel or CSV.

An office's existing Excel ledger (date, voucher number, summary, source, category, and an
income and an expense column, as a 现金日记账 has them) is read by the kit's sheet reader,
checked row by row by the ledger service (refused rows as 第N行 字段：原因), then written in one
transaction: as drafts, or posted at once with ``post`` (numbered afresh in date order; the old
voucher number is kept in the remarks). Exports write the year's entries and the balances by
source at a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.funds.fields import ENTRY_FIELDS, ENTRY_SPEC, EXPENSE, INCOME
from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.money import fen_to_decimal, parse_fen
from app.io.kit.progress import Progress, Ticker
from app.io.kit.sheets import read_sheet
from app.io.kit.writer import Column, field_column, write_rows
from app.services.funds.entry_query import EntryQuery
from app.services.funds.rows import EntryInput

if TYPE_CHECKING:
    from app.services.container import Services

F = ENTRY_SPEC.field
IMPORT_FIELDS: tuple[Field, ...] = (
    F("entry_date"), F("summary"), F("source_id"), F("category_id"),
    Field("old_voucher", "凭证号", Kind.TEXT, False, ("凭证编号", "凭证字号", "记账凭证号"), max_length=20),
    Field("income", "收入", Kind.TEXT, False, ("收入金额", "借方", "借方金额", "收入（元）", "收入(元)")),
    Field("expense", "支出", Kind.TEXT, False, ("支出金额", "贷方", "贷方金额", "支出（元）", "支出(元)")),
    F("counterparty"), F("payment_method"), F("handler"), F("reviewer"), F("approver"), F("attachments"),
    F("remarks"),
)
SKIP_SUMMARIES = ("上年结转", "承前页", "过次页", "本月合计", "本年累计", "合计", "期初余额")


@dataclass
class LedgerPreview:
    inputs: list[tuple[int, EntryInput]] = field(default_factory=list)  # (row number, entry)
    refused: list[str] = field(default_factory=list)  # 第N行 字段：原因
    skipped: int = 0  # carried-forward and total lines
    posting_warning: str | None = None  # what posting them at once would take below zero

    def summary(self) -> list[str]:
        return [f"可导入收支{len(self.inputs)}笔，有问题{len(self.refused)}行，跳过结转/合计行{self.skipped}行"]


def preview_ledger(services: Services, path: str | Path, org_id: int, *,
                   progress: Progress | None = None) -> LedgerPreview:
    """Every row of the file checked for the ledger of ``org_id``; nothing is written.
    ``progress(done, total)`` is told how far the check is and stops it (Cancelled) on False."""
    sheet = read_sheet(path, IMPORT_FIELDS)
    out = LedgerPreview()
    missing = [f.label for f in sheet.missing(IMPORT_FIELDS)]
    if "income" not in sheet.columns and "expense" not in sheet.columns:
        missing.append("收入或支出")
    if missing:
        raise AppError(f"“{sheet.source}”缺少“{'、'.join(missing)}”列，请对照导入说明补上表头后再导入")
    ticker = Ticker(progress, len(sheet.rows))
    ticker.start()
    for row in sheet.rows:
        ticker.tick()
        values = row.values
        summary = " ".join(str(values.get("summary") or "").split())
        if summary in SKIP_SUMMARIES or summary.startswith(("上年结转", "承前", "本月合计", "本年累计")):
            out.skipped += 1
            continue
        if row.problems:
            key, reason = next(iter(row.problems.items()))
            out.refused.append(f"第{row.number}行 {ENTRY_SPEC.label(key)}：{reason}")
            continue
        try:
            data = _entry(values, org_id)
        except ValidationError as exc:
            out.refused.append(f"第{row.number}行 {exc.message}")
            continue
        found = services.ledger.problems(data)
        if found:
            out.refused.append(f"第{row.number}行 {found[0].message}")
            continue
        out.inputs.append((row.number, data))
    if out.inputs:  # the warning 记账 gives, said before the user chooses to post at once
        out.posting_warning = services.ledger.import_warning([d for _n, d in out.inputs])
    return out


def _entry(values: dict[str, Any], org_id: int) -> EntryInput:
    income = parse_fen(values.get("income"), "收入", required=False, allow_zero=True) or 0
    expense = parse_fen(values.get("expense"), "支出", required=False, allow_zero=True) or 0
    if income and expense:
        raise ValidationError("收入和支出两列都填了金额，一行只能记一笔收入或一笔支出")
    if not income and not expense:
        raise ValidationError("收入和支出都没有金额")
    old = " ".join(str(values.get("old_voucher") or "").split())
    remarks = " ".join(str(values.get("remarks") or "").split())
    if old:
        remarks = (f"原凭证号{old}；" + remarks).rstrip("；")
    return EntryInput(
        org_id=org_id, entry_date=values.get("entry_date"), summary=str(values.get("summary") or ""),
        direction=INCOME if income else EXPENSE, source_id=values.get("source_id"),
        amount=fen_to_decimal(income or expense), category_id=None if income else values.get("category_id"),
        counterparty=str(values.get("counterparty") or ""), payment_method=str(values.get("payment_method") or ""),
        handler=str(values.get("handler") or ""), reviewer=str(values.get("reviewer") or ""),
        approver=str(values.get("approver") or ""), attachments=values.get("attachments") or 0,
        remarks=remarks[:500])


def apply_ledger(services: Services, preview: LedgerPreview, *, post: bool) -> list[int]:
    """Everything the preview accepted, in one transaction."""
    inputs = [d for _n, d in preview.inputs]
    if not inputs:
        return []
    return services.ledger.add_posted(inputs) if post else services.ledger.add_drafts(inputs)


# ---- exports -------------------------------------------------------------------------------
def export_ledger(services: Services, path: str | Path, *, org_id: int | None = None,
                  year: int | None = None, progress: Progress | None = None,
                  query: EntryQuery | None = None) -> tuple[Path, int]:
    """The entries of ``query`` in its order (the list's filters, from the 经费 tab), or else of
    the organisation and year in date order (the command line)."""
    ledger = services.ledger
    query = query or EntryQuery(org_id=org_id, year=year, sort="entry_date")
    year = query.year
    rows = ledger.rows(ledger.search_ids(query))
    by_key = {f.key: f for f in ENTRY_FIELDS}
    columns = [
        Column("凭证号", 14, lambda r: r.voucher),
        field_column(by_key["entry_date"], lambda r: r.entry_date),
        field_column(by_key["summary"], lambda r: r.summary),
        Column("经费来源", 12, lambda r: r.source_name),
        Column("支出类别", 16, lambda r: r.category_name or ""),
        Column("收入", 14, lambda r: fen_to_decimal(r.amount) if r.direction == INCOME else None, Kind.MONEY),
        Column("支出", 14, lambda r: fen_to_decimal(r.amount) if r.direction != INCOME else None, Kind.MONEY),
        Column("状态", 8, lambda r: r.status),
        *(field_column(by_key[k], (lambda key: lambda r: getattr(r, key))(k))
          for k in ("counterparty", "payment_method", "handler", "reviewer", "approver", "attachments", "remarks")),
        Column("所属组织", 16, lambda r: r.org_name),
    ]
    label = f"{year}年收支明细" if year else "收支明细"
    return write_rows(path, columns, rows, sheet_title=label, progress=progress), len(rows)


def export_balances(services: Services, path: str | Path, *, org_id: int | None, on: dt.date) -> tuple[Path, int]:
    rows = services.balances.by_source(org_id, on)
    columns = [Column("经费来源", 14, lambda b: b.name),
               Column("累计收入", 16, lambda b: fen_to_decimal(b.income), Kind.MONEY),
               Column("累计支出", 16, lambda b: fen_to_decimal(b.expense), Kind.MONEY),
               Column(f"{on.isoformat()}余额", 16, lambda b: fen_to_decimal(b.balance), Kind.MONEY)]
    return write_rows(path, columns, rows, sheet_title="经费余额"), len(rows)


# ---- the blank import template ---------------------------------------------------------------
LEDGER_TEMPLATE_TITLE = "经费台账"
LEDGER_EXAMPLE: dict[str, Any] = {
    "entry_date": dt.date(2026, 3, 5), "summary": "购买党群服务中心桌椅", "source_id": "财政投入",
    "category_id": "阵地建设", "old_voucher": "记-15", "income": None, "expense": "1200.50",
    "counterparty": "青山家具店", "payment_method": "银行转账", "handler": "李敏", "reviewer": "王芳",
    "approver": "张国强", "attachments": 2, "remarks": "",
}
LEDGER_NOTES = (
    "填写说明：",
    "1. 请在“经费台账”工作表中，从表头下一行起每行填写一笔收入或支出；第一列为“示例”的行不会导入，可以删除。",
    "2. 列名前带*号的为必填项。“收入”和“支出”两列每行只填一列，金额以元为单位，最多两位小数（如 1200.50）。",
    "3. 经费来源请填写系统中已有的来源：财政投入、党费补助、社会支持、社区自我补充，或本社区在“收支科目”中添加的来源。",
    "4. 支出须填写支出类别；下级类别可写明上级，如“服务群众专项经费/党群建设”。",
    "5. “上年结转”“承前页”“本月合计”“本年累计”等行会自动跳过。原凭证号记入备注，导入后按日期重新编号。",
    "6. 导入时先逐行检查，有问题的行列出行号和原因；可以导入为草稿（核对后在“经费”页记账），或导入并直接记账。",
)


def write_ledger_template(path: str | Path) -> Path:
    """A blank ledger for `dangjian import ledger`: the headers the importer reads, one example row."""
    from app.io.kit.writer import write_template

    return write_template(path, IMPORT_FIELDS, sheet_title=LEDGER_TEMPLATE_TITLE, example=LEDGER_EXAMPLE,
                          notes=LEDGER_NOTES)
