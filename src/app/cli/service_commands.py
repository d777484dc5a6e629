"""`dangjian import hours FILE`, `dangjian export hours FILE`, `dangjian certificate`,
`dangjian feedback`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.registry import command, open_services, subject


def _dates(args: argparse.Namespace) -> tuple:
    from app.domain.kit.dates import parse_date

    return (parse_date(args.date_from, "开始日期") if args.date_from else None,
            parse_date(args.date_to, "结束日期") if args.date_to else None)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件：签到表、服务时长登记表")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")
    p.add_argument("--skip-invalid", action="store_true", help="只导入没有问题的行，有问题的行列出后跳过")
    p.add_argument("--confirmed", action="store_true",
                   help="导入的记录直接记为已确认（确认人为导入的用户，须有确认服务记录的权限）")


@subject("import", "hours", "从Excel或CSV签到表导入志愿服务记录（先检查，全部无误才写入）", _import_args)
def import_hours(args: argparse.Namespace, db: str | None) -> int:
    from app.io.service.hours_import import HoursImporter

    services = open_services(db)
    try:
        importer = HoursImporter(services)
        preview = importer.preview(args.file)
        for line in preview.summary():
            print(line)
        for problem in preview.refused:
            print(problem)
        if preview.refused and not args.skip_invalid:
            print(f"有{len(preview.refused_rows)}行有问题，没有导入任何内容。请改正后重新导入，"
                  "或加 --skip-invalid 只导入没有问题的行。")
            return 1
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return 0
        ids = importer.apply(preview, confirmed=args.confirmed, skip_invalid=args.skip_invalid)
    finally:
        services.close()
    state = "已确认" if args.confirmed else "待确认"
    print(f"导入完成：新增服务记录{len(ids)}条（{state}）" + (f"，未导入{len(preview.refused_rows)}行" if preview.refused else ""))
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv；按 --by 汇总时也可以是 .pdf（打印用）")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="开始日期，如 2026-01-01")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="结束日期，如 2026-12-31")
    p.add_argument("--by", choices=["person", "team", "unit", "category"],
                   help="按人、队伍、报到单位或服务类别汇总；不给时导出每条已确认的记录")


@subject("export", "hours", "导出已确认的志愿服务记录或按人、队伍、单位、类别汇总的时长", _export_args)
def export_hours(args: argparse.Namespace, db: str | None) -> int:
    from app.io.service.hours_export import export_hours as write

    date_from, date_to = _dates(args)
    if Path(args.file).suffix.lower() == ".pdf":
        return _hours_pdf(args, db, date_from, date_to)
    services = open_services(db)
    try:
        result = write(services, args.file, date_from=date_from, date_to=date_to, by=args.by)
    finally:
        services.close()
    print(f"已导出{result.count}行到 {result.path}（只含已确认的记录）")
    return 0


def _hours_pdf(args: argparse.Namespace, db: str | None, date_from: object, date_to: object) -> int:
    from app.domain.kit.errors import AppError
    from app.reports.service.printouts import render_hours
    from app.services.service.totals import BY

    if not args.by:
        raise AppError("打印（.pdf）须按 --by person、team、unit 或 category 汇总；逐条记录请导出为 .xlsx 或 .csv")
    services = open_services(db)
    try:
        out = _pdf_path(args.file)
        lines = services.service_totals.hours_by(args.by, date_from, date_to)
        office = services.settings.get("office_org_id")
        name = services.orgs.get(office).name if office else ""
        pdf, pages = render_hours(lines, BY[args.by], name, date_from, date_to)  # type: ignore[arg-type]
    finally:
        services.close()
    _write(out, pdf)
    print(f"已打印{len(lines)}行的时长统计，共{pages}页，保存到 {out}")
    return 0


def _certificate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id", dest="id_number", required=True, metavar="ID_NUMBER", help="志愿者的公民身份号码")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="证明期间的开始日期（默认：最早的记录）")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="证明期间的结束日期（默认：今天）")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="保存证明的PDF文件")
    p.add_argument("--charge", default="", metavar="NAME", help="负责人")
    p.add_argument("--handler", dest="clerk", default="", metavar="NAME", help="经办人（默认：当前用户）")
    p.add_argument("--contact", default="", metavar="PHONE", help="出具组织的联系电话")


@command("certificate", "出具志愿服务记录证明（PDF，编号按年连续，每次出具都记入台账）", _certificate_args)
def certificate(args: argparse.Namespace, db: str | None) -> int:
    from app.reports.service.printouts import render_certificate

    date_from, date_to = _dates(args)
    services = open_services(db)
    try:
        out = _pdf_path(args.out)
        vid = services.certificates.volunteer_by_id_number(args.id_number)
        content = services.certificates.issue(vid, date_from, date_to, person_in_charge=args.charge,
                                              handler=args.clerk, contact=args.contact)
        pdf, pages = render_certificate(content)
    finally:
        services.close()
    _write(out, pdf)
    print(f"已出具志愿服务记录证明{content.number}：{content.name}，累计{content.total_tenths / 10:.1f}小时，"
          f"共{pages}页，保存到 {out}")
    return 0


def _feedback_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", required=True, metavar="2026Q3", help="季度，如 2026Q3 或 2026年第3季度")
    p.add_argument("--unit", metavar="NAME", help="只反馈这个驻区单位（默认：所有有报到党员的单位）")
    p.add_argument("--remarks", default="", metavar="TEXT", help="社区意见（印在每张反馈表上）")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="保存反馈表的PDF文件")


@command("feedback", "打印在职党员报到服务情况季度反馈表（每个单位一张）", _feedback_args)
def feedback(args: argparse.Namespace, db: str | None) -> int:
    from app.reports.service.printouts import print_feedback
    from app.services.service.feedback import parse_quarter

    year, quarter = parse_quarter(args.quarter)
    services = open_services(db)
    try:
        out = _pdf_path(args.out)
        unit_id = services.service_feedback.unit_named(args.unit) if args.unit else None
        pdf, pages = print_feedback(services, year, quarter, unit_id=unit_id, remarks=args.remarks[:200])
    finally:
        services.close()
    _write(out, pdf)
    print(f"已生成{year}年第{quarter}季度反馈表，共{pages}页，保存到 {out}")
    return 0


def _pdf_path(text: str) -> Path:
    """--out checked before anything is made or numbered: a .pdf, never the database, its
    companions or the backup folder (app.services.kit.files)."""
    from app.domain.kit.errors import AppError
    from app.services.kit.files import check_target

    out = Path(text)
    if out.suffix.lower() != ".pdf":
        raise AppError(f"“{out.name}”：请保存为 .pdf 文件")
    check_target(out, kind="PDF")
    return out


def _write(out: Path, pdf: bytes) -> None:
    """Whole or not at all (app.services.kit.files)."""
    from app.services.kit.files import write_bytes

    write_bytes(out, pdf, kind="PDF")
