"""导入核定 and 导出 on the 党费 tab's 未交名单 page, for the year of the month shown.

导入核定 reads a year's assessments (公民身份号码、党费类别、党费基数; the bracket gives the
amount) in the background with a 请稍候 box, shows the check (第N行 …), and writes every good
row in one transaction on 确认导入. 导出 writes each member of the organisation chosen (and those
below it) with kind, base, monthly amount and the months paid. The work is app.io.funds.dues_io's;
each command takes the file as an argument too (tests give it instead of the file dialog).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.ui.kit import runner
from app.ui.kit.sheet_import import ImportCheckDialog, open_sheet, save_target

if TYPE_CHECKING:
    from app.ui.funds.dues_tab import UnpaidPage


def shown_year(page: UnpaidPage) -> int:
    return int(page.month_box.currentData().year)


def import_dues(page: UnpaidPage, path: str | Path | None = None) -> int | None:
    """导入核定: the number of members assessed, None when nothing was written."""
    from app.io.funds.dues_io import apply_dues, preview_dues

    year = shown_year(page)
    chosen = open_sheet(page, f"导入{year}年度党费核定", path)
    if chosen is None:
        return None
    services, name = page.services, Path(chosen).name
    preview = runner.run_modal(page, f"正在读取并检查“{name}”…",
                               lambda task: preview_dues(services, chosen, year, progress=task.report))
    if preview is None:
        return None
    where = (f"核定{year}年度党费。已核定的党员按表中的类别和基数重新核定，原有的困难减免不保留，"
             "请在导入后重新核定享受减免的党员。")
    dialog = ImportCheckDialog(f"导入党费核定：{name}", preview.summary(), preview.refused, len(preview.rows),
                               lambda _choice: apply_dues(services, preview, year), measure="名", where=where,
                               parent=page)
    if not dialog.exec() or dialog.outcome is None:
        return None
    count = int(dialog.outcome)
    page.apply()
    QMessageBox.information(page, "导入完成", f"导入完成：核定{year}年度党费{count}名。")
    return count


def export_dues(page: UnpaidPage, path: str | Path | None = None) -> Path | None:
    """导出: the year's dues of the members in the organisation chosen on the left."""
    from app.io.funds.dues_io import export_dues as write

    year, scope, services = shown_year(page), page.scope, page.services
    org = page.attempt(lambda: services.orgs.get(scope)) if scope is not None else None
    target = save_target(page, f"导出{year}年度党费", f"{org.name if org else ''}{year}年度党费.xlsx", path)
    if target is None:
        return None
    got = runner.run_modal(page, f"正在导出{year}年度党费…",
                           lambda task: write(services, target, year, scope, progress=task.report),
                           wait_after_cancel=True)
    if got is None:
        return None
    written, count = got
    QMessageBox.information(page, "导出完成", f"已导出{year}年度党员党费{count}名到：\n{written}")
    return written
