"""`dangjian import candidates FILE [--dry-run]`, `dangjian export candidates FILE` (发展党员)."""

from __future__ import annotations

import argparse

from app.cli.registry import open_services, subject

STAGE_CHOICES = ("入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员")


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件：入党申请人、积极分子、发展对象名单")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")


@subject("import", "candidates", "从Excel或CSV导入发展党员名单（先全部检查，无误才在一个事务里写入）", _import_args)
def import_candidates(args: argparse.Namespace, db: str | None) -> int:
    from app.io.orglife.candidates_io import apply_import, preview_import

    services = open_services(db)
    try:
        preview = preview_import(services, args.file)
        for line in preview.summary():
            print(line)
        if preview.refused:
            print("有问题的行没有导入，也没有导入任何其他内容。请改正后重新导入。")
            return 1
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return 0
        added, updated = apply_import(services, preview)
    finally:
        services.close()
    print(f"导入完成：新增{len(added)}名，更新{len(updated)}名")
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--stage", choices=STAGE_CHOICES, help="只导出处于这一阶段的人")
    p.add_argument("--show-sensitive", action="store_true", help="身份证号和电话显示完整号码（须有相应权限）")


@subject("export", "candidates", "导出发展党员名单（各阶段日期、介绍人、培训和政审情况）", _export_args)
def export_candidates(args: argparse.Namespace, db: str | None) -> int:
    from app.io.orglife.candidates_io import export_candidates as write
    from app.services.orglife.candidates_rows import CandidateQuery

    services = open_services(db)
    try:
        path, n = write(services, CandidateQuery(stage=args.stage), args.file, show_sensitive=args.show_sensitive)
    finally:
        services.close()
    print(f"已导出{n}人到 {path}")
    return 0
