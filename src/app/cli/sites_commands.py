"""`dangjian import sites FILE`, `dangjian import visits FILE`, `dangjian export sites FILE`,
`dangjian export visits FILE` (and their blank templates: `--template`)."""

from __future__ import annotations

import argparse

from app.cli.cobuild_commands import _org_id as _org
from app.cli.registry import open_services, subject

NOUNS = {"sites": "阵地", "visits": "走访记录"}


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件")
    p.add_argument("--org", metavar="NAME", help="表中没有“所在社区”列时，这些记录所在的社区党组织（默认：本单位）")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")
    p.add_argument("--skip-invalid", action="store_true", help="只导入没有问题的行，有问题的行列出后跳过")


def _run_import(kind: str, args: argparse.Namespace, db: str | None) -> int:
    from app.io.sites.records_io import Importer

    services = open_services(db)
    try:
        importer = Importer(services, kind, _org(services, args.org))
        preview = importer.preview(args.file)
        for line in preview.summary(NOUNS[kind]):
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
        added, updated = importer.apply(preview)
    finally:
        services.close()
    print(f"导入完成：新增{NOUNS[kind]}{len(added)}条，更新{len(updated)}条"
          + (f"，未导入{len(preview.refused_rows)}行" if preview.refused else ""))
    return 0


@subject("import", "sites", "从Excel或CSV导入阵地（党群服务中心、活动场所、共享型组织生活基地）", _import_args)
def import_sites(args: argparse.Namespace, db: str | None) -> int:
    return _run_import("sites", args, db)


@subject("import", "visits", "从Excel或CSV导入进格入户走访记录", _import_args)
def import_visits(args: argparse.Namespace, db: str | None) -> int:
    return _run_import("visits", args, db)


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv（--template 时为 .xlsx）")
    p.add_argument("--org", metavar="NAME", help="只导出这个党组织及其下级的记录")
    p.add_argument("--template", action="store_true", help="保存空白导入模板，而不是导出记录")


def _run_export(kind: str, args: argparse.Namespace, db: str | None) -> int:
    from app.io.sites.records_io import export, template
    from app.services.sites.rows import SitesQuery

    if args.template:
        print(f"已保存空白{NOUNS[kind]}导入模板到 {template(args.file, kind)}")
        return 0
    services = open_services(db)
    try:
        path, count = export(services, kind, args.file, SitesQuery(org_id=_org(services, args.org)))
    finally:
        services.close()
    print(f"已导出{NOUNS[kind]}{count}条到 {path}")
    return 0


@subject("export", "sites", "导出阵地，或保存空白导入模板（--template）", _export_args)
def export_sites(args: argparse.Namespace, db: str | None) -> int:
    return _run_export("sites", args, db)


@subject("export", "visits", "导出进格入户走访记录（含跟进状态），或保存空白导入模板（--template）", _export_args)
def export_visits(args: argparse.Namespace, db: str | None) -> int:
    return _run_export("visits", args, db)
