"""Funds and dues on the command line: `dangjian dues calc|unpaid`, `dangjian voucher`,
`dangjian import ledger|dues FILE`, `dangjian export ledger|balances|dues FILE`."""

from __future__ import annotations

import argparse
import datetime as dt

from app.cli.cobuild_commands import _org_id
from app.cli.registry import command, open_services, subject
from app.domain.kit.errors import AppError, ValidationError


def _month(text: str) -> dt.date:
    value = (text or "").strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
    try:
        year, month = (int(p) for p in value.split("-")[:2])
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError(f"月份“{text}”看不懂，请写成 2026-10") from None


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"日期“{text}”看不懂，请写成 2026-10-31") from None


def _dues_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["calc", "unpaid"], help="calc 计算每月党费；unpaid 列出某月未交党费的党员")
    p.add_argument("--kind", default="在职", help="党费类别：在职、离退休、学生、下岗失业、低保、农民（calc）")
    p.add_argument("--base", help="每月税后固定工资或基本退休费，元（calc）")
    p.add_argument("--month", help="月份，如 2026-10（unpaid；默认本月）")
    p.add_argument("--org", metavar="NAME", help="只列出这个党组织及其下级的党员（unpaid）")


@command("dues", "党费：calc 按类别和基数计算每月党费；unpaid 列出某月未交党费的党员", _dues_args)
def dues(args: argparse.Namespace, db: str | None) -> int:
    if args.action == "calc":
        from app.domain.funds.dues import assess_dues

        a = assess_dues(args.kind, args.base)
        print(f"{a.kind}：按“{a.bracket}”，每月党费 {a.monthly_text} 元")
        return 0
    month = _month(args.month) if args.month else dt.date.today().replace(day=1)
    services = open_services(db)
    try:
        rows = services.dues.unpaid(month, _org_id(services, args.org))
    finally:
        services.close()
    print(f"{month.year}年{month.month}月未交党费的党员：{len(rows)}名")
    for r in rows:
        amount = "未核定" if r.monthly is None else f"{r.monthly // 100}.{r.monthly % 100:02d}元/月"
        flag = "，连续6个月以上未交" if r.flagged else ""
        print(f"{r.org_name}\t{r.name}\t{amount}\t本年欠交{r.months_owed}个月{flag}")
    return 0


def _voucher_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="年度")
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help="月份（1–12；默认全年）")
    p.add_argument("--org", metavar="NAME", help="党组织（默认：全部）")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="保存为PDF文件")


@command("voucher", "打印记账凭证（PDF，每张凭证一页，金额含大写）", _voucher_args)
def voucher(args: argparse.Namespace, db: str | None) -> int:
    from app.reports.funds.vouchers import print_vouchers
    from app.services.kit.files import write_bytes

    if not str(args.out).lower().endswith(".pdf"):
        raise AppError("凭证只能保存为 .pdf 文件")
    services = open_services(db)
    try:
        pdf, pages = print_vouchers(services, org_id=_org_id(services, args.org), year=args.year, month=args.month)
    finally:
        services.close()
    path = write_bytes(args.out, pdf, kind="凭证")
    print(f"已保存记账凭证{pages}页：{path}")
    return 0


def _import_ledger_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel或CSV文件：日期、凭证号、摘要、经费来源、支出类别、收入、支出")
    p.add_argument("--org", metavar="NAME", help="这本账所属的党组织（默认：本单位）")
    p.add_argument("--post", action="store_true", help="导入后直接记账（重新编凭证号，原凭证号记入备注）；默认导入为草稿")
    p.add_argument("--skip-invalid", action="store_true", help="只导入没有问题的行")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")


@subject("import", "ledger", "从Excel或CSV导入经费台账（先检查，全部无误才写入）", _import_ledger_args)
def import_ledger(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.ledger_io import apply_ledger, preview_ledger

    services = open_services(db)
    try:
        org_id = _org_id(services, args.org) or services.settings.get("office_org_id")
        if org_id is None:
            raise AppError("请用 --org 指定这本账所属的党组织")
        preview = preview_ledger(services, args.file, org_id)
        for line in (*preview.summary(), *preview.refused):
            print(line)
        if preview.refused and not args.skip_invalid:
            print(f"有{len(preview.refused)}行有问题，没有导入任何内容。请改正后重新导入，或加 --skip-invalid。")
            return 1
        if args.post and preview.posting_warning:
            print(f"注意：{preview.posting_warning}")
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return 0
        ids = apply_ledger(services, preview, post=args.post)
    finally:
        services.close()
    print(f"导入完成：{'记账' if args.post else '草稿'}{len(ids)}笔")
    return 0


def _export_ledger_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--year", type=int, help="只导出这一年度")
    p.add_argument("--org", metavar="NAME", help="只导出这个党组织及其下级")


@subject("export", "ledger", "导出经费收支明细（Excel或CSV）", _export_ledger_args)
def export_ledger(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.ledger_io import export_ledger as write

    services = open_services(db)
    try:
        path, count = write(services, args.file, org_id=_org_id(services, args.org), year=args.year)
    finally:
        services.close()
    print(f"已导出收支{count}笔到 {path}")
    return 0


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 文件")


@subject("export", "ledger-template", "保存空白的经费台账导入模板（.xlsx）", _template_args)
def export_ledger_template(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.ledger_io import write_ledger_template

    print(f"已保存导入模板：{write_ledger_template(args.file)}")
    return 0


def _export_balances_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--date", help="截至日期，如 2026-06-30（默认今天）")
    p.add_argument("--org", metavar="NAME", help="党组织（默认：全部）")


@subject("export", "balances", "导出各经费来源在某日的余额（Excel或CSV）", _export_balances_args)
def export_balances(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.ledger_io import export_balances as write

    on = _date(args.date)
    services = open_services(db)
    try:
        path, count = write(services, args.file, org_id=_org_id(services, args.org), on=on)
    finally:
        services.close()
    print(f"已导出{count}个经费来源{on.isoformat()}的余额到 {path}")
    return 0


def _dues_file_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel或CSV文件")
    p.add_argument("--year", type=int, default=dt.date.today().year, help="年度（默认今年）")
    p.add_argument("--org", metavar="NAME", help="只导出这个党组织及其下级的党员（导出时）")
    p.add_argument("--skip-invalid", action="store_true", help="只导入没有问题的行（导入时）")


@subject("import", "dues", "导入一年的党费核定：公民身份号码、党费类别、每月基数", _dues_file_args)
def import_dues(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.dues_io import apply_dues, preview_dues

    services = open_services(db)
    try:
        preview = preview_dues(services, args.file, args.year)
        for line in (*preview.summary(), *preview.refused):
            print(line)
        if preview.refused and not args.skip_invalid:
            print(f"有{len(preview.refused)}行有问题，没有导入任何内容。请改正后重新导入，或加 --skip-invalid。")
            return 1
        count = apply_dues(services, preview, args.year)
    finally:
        services.close()
    print(f"导入完成：核定{args.year}年度党费{count}名")
    return 0


@subject("export", "dues", "导出一年的党费：类别、基数、每月党费和各月交纳情况", _dues_file_args)
def export_dues(args: argparse.Namespace, db: str | None) -> int:
    from app.io.funds.dues_io import export_dues as write

    services = open_services(db)
    try:
        path, count = write(services, args.file, args.year, _org_id(services, args.org))
    finally:
        services.close()
    print(f"已导出{args.year}年度党员党费{count}名到 {path}")
    return 0
