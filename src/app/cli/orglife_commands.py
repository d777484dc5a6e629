"""`dangjian import meetings FILE [--dry-run]`, `dangjian export meetings FILE [--year Y]`."""

from __future__ import annotations

import argparse

from app.cli.registry import open_services, subject


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件：每行一次会议，请假、缺席人员写姓名")
    p.add_argument("--skip-invalid", action="store_true", help="只导入没有问题的行，有问题的行列出后跳过")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")


@subject("import", "meetings", "从Excel或CSV文件导入三会一课等组织生活及出席情况（先检查，全部无误才写入）", _import_args)
def import_meetings(args: argparse.Namespace, db: str | None) -> int:
    from app.io.orglife.meetings_io import MeetingImporter

    services = open_services(db)
    try:
        importer = MeetingImporter(services)
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
        added = importer.apply(preview, skip_invalid=args.skip_invalid)
    finally:
        services.close()
    print(f"导入完成：新增组织生活{len(added)}次，已登记跳过{len(preview.skipped)}次"
          + (f"，未导入{len(preview.refused_rows)}行" if preview.refused_rows else ""))
    return 0


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份“{text[:10]}”不对，应为四位数字，如2026") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年份{year}不对，应在2000年到2100年之间")
    return year


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--year", type=_year, metavar="Y", help="只导出这一年的（默认：全部）")


@subject("export", "meetings", "导出三会一课等组织生活及出席情况（Excel或CSV，可再导入）", _export_args)
def export_meetings(args: argparse.Namespace, db: str | None) -> int:
    from app.io.orglife.meetings_io import export_meetings as write

    services = open_services(db)
    try:
        path, count = write(services, args.file, year=args.year)
    finally:
        services.close()
    print(f"已导出组织生活{count}次到 {path}")
    return 0
