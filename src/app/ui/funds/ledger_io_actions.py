"""导入、导出 on the 收支明细 page, for an office that keeps its old ledger in Excel.

导入 reads an Excel or CSV ledger (日期、凭证号、摘要、经费来源、支出类别、收入、支出 …) into the
ledger of the organisation chosen on the left: the file is read and every row checked in the
background with a 请稍候 box, the check is shown (rows that cannot be imported as 第N行 …), and
the user imports the rest as drafts or posted at once, in one transaction. 导出 writes the
entries of the year shown (or of every year), 导出余额表 each source's balance at a date, and
保存导入模板 a blank ledger with the headers the importer reads. The work is app.io.funds.ledger_io's;
each command takes the file as an argument too (tests give it instead of the file dialog).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.domain.kit.dates import parse_date
from app.domain.kit.errors import AppError
from app.services.funds.entry_query import EntryQuery
from app.services.orgs.service import OrgRow
from app.ui.kit import runner
from app.ui.kit.record_dialogs import StepDialog
from app.ui.kit.sheet_import import XLSX_ONLY, ImportCheckDialog, open_sheet, save_target

if TYPE_CHECKING:
    from app.ui.funds.ledger_page import LedgerPage

DRAFT, POST = "draft", "post"
IMPORT_CHOICES = (
    (DRAFT, "导入为草稿：核对无误后，在本页选中并点“记账”"),
    (POST, "导入并记账：按日期重新编凭证号，原凭证号记入备注；记账后不能修改，只能冲销"),
)


def ledger_org(page: LedgerPage) -> OrgRow | None:
    """The organisation whose ledger an import goes into: the one chosen on the left, open (not
    撤销). Its entries are its own; those of the organisations below it are not touched."""
    if page.scope is None:
        QMessageBox.information(page, "导入收支", "请先在左侧选择这本账所属的党组织，再导入。")
        return None
    scope = page.scope
    org = page.attempt(lambda: page.services.orgs.get(scope))
    if org is None:
        return None
    if org.is_closed:
        QMessageBox.information(page, "导入收支", f"“{org.name}”已撤销，不能再记入收支。请在左侧选择其他党组织。")
        return None
    return org


def _years(dates: list[object]) -> list[int]:
    """The years of the entries to import (the preview has checked that every date reads)."""
    years: set[int] = set()
    for value in dates:
        try:
            day = parse_date(value)
        except AppError:
            continue
        if day is not None:
            years.add(day.year)
    return sorted(years)


def _show_year(page: LedgerPage, years: list[int]) -> None:
    """After an import of one year that the list is not showing, the list shows that year."""
    shown = page.year_box.currentData()
    if len(years) == 1 and shown is not None and shown != years[0]:
        index = page.year_box.findData(years[0])
        if index >= 0:
            page.year_box.setCurrentIndex(index)  # the page reads the list again


def import_ledger(page: LedgerPage, path: str | Path | None = None) -> int | None:
    """导入: the number of entries written, None when nothing was."""
    from app.io.funds.ledger_io import apply_ledger, preview_ledger

    org = ledger_org(page)
    if org is None:
        return None
    chosen = open_sheet(page, f"导入收支到“{org.name}”", path)
    if chosen is None:
        return None
    services, name = page.services, Path(chosen).name
    preview = runner.run_modal(page, f"正在读取并检查“{name}”…",
                               lambda task: preview_ledger(services, chosen, org.id, progress=task.report))
    if preview is None:
        return None
    years = _years([d.entry_date for _n, d in preview.inputs])
    where = f"导入到“{org.name}”的账上" + (f"（{'、'.join(f'{y}年' for y in years)}）" if years else "")
    summary = preview.summary()
    if preview.posting_warning:
        summary.append(f"注意：如选择“导入并记账”，{preview.posting_warning}")
    dialog = ImportCheckDialog(f"导入收支：{name}", summary, preview.refused, len(preview.inputs),
                               lambda choice: apply_ledger(services, preview, post=choice == POST), measure="笔",
                               where=where + "。", choices=IMPORT_CHOICES, parent=page)
    if not dialog.exec() or dialog.outcome is None:
        return None
    count = len(dialog.outcome)
    page.apply()
    _show_year(page, years)
    posted = dialog.choice() == POST
    QMessageBox.information(page, "导入完成", f"导入完成：{count}笔收支已{where}，"
                            + ("已记账。" if posted else "现为草稿。\n核对无误后，请选中这些草稿点“记账”。"))
    return count


def _scope_name(page: LedgerPage) -> str:
    scope = page.scope
    if scope is None:
        return ""
    org = page.attempt(lambda: page.services.orgs.get(scope))
    return org.name if org is not None else ""


def export_ledger(page: LedgerPage, path: str | Path | None = None) -> Path | None:
    """导出: the entries the list shows, in its order — the year chosen above it (all years for
    全部年度) of the organisation chosen and those below it, and the status, direction, source
    and words when those are chosen too — drafts included (their 状态 column says so)."""
    from app.io.funds.ledger_io import export_ledger as write

    query = page.query()
    year = query.year
    plain = EntryQuery(org_id=query.org_id, year=year, sort=query.sort, descending=query.descending)
    what = (f"{year}年" if year else "全部年度") + ("（按当前筛选）" if query != plain else "")
    target = save_target(page, "导出收支明细", f"{_scope_name(page)}{what}收支明细.xlsx", path)
    if target is None:
        return None
    services = page.services
    got = runner.run_modal(page, f"正在导出{what}收支明细…",
                           lambda task: write(services, target, query=query, progress=task.report),
                           wait_after_cancel=True)
    if got is None:
        return None
    written, count = got
    QMessageBox.information(page, "导出完成", f"已导出{what}收支{count}笔到：\n{written}")
    return written


def export_balances(page: LedgerPage, path: str | Path | None = None, on: dt.date | None = None) -> Path | None:
    """导出余额表: each source's income, spending and balance at a date (today unless changed)."""
    from app.io.funds.ledger_io import export_balances as write

    if on is None:
        ask = StepDialog("导出余额表", lambda values: values["date"], date_label="截至日期", parent=page)
        if not ask.exec() or ask.result_row is None:
            return None
        on = ask.result_row
    day: dt.date = on
    target = save_target(page, "导出余额表", f"{_scope_name(page)}经费余额{day.isoformat()}.xlsx", path)
    if target is None:
        return None
    services, scope = page.services, page.scope
    got = runner.run_modal(page, "正在导出余额表…", lambda _task: write(services, target, org_id=scope, on=day))
    if got is None:
        return None
    written, count = got
    QMessageBox.information(page, "导出完成", f"已导出{count}个经费来源截至{day.isoformat()}的余额到：\n{written}")
    return written


def save_template(page: LedgerPage, path: str | Path | None = None) -> Path | None:
    """保存导入模板: a blank ledger with the headers 导入 reads, an example row and notes."""
    from app.io.funds.ledger_io import write_ledger_template

    target = save_target(page, "保存经费台账导入模板", "经费台账导入模板.xlsx", path, XLSX_ONLY)
    if target is None:
        return None
    written = page.attempt(lambda: write_ledger_template(target))
    if written is None:
        return None
    QMessageBox.information(page, "模板已保存", f"导入模板已保存到：\n{written}\n"
                            "请按模板中的填写说明填好后，在本页点“导入”。")
    return written
