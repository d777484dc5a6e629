"""`dangjian import units FILE`, `dangjian export units|unit-template|agreements FILE`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.registry import open_services, subject
from app.domain.kit.errors import AppError

if TYPE_CHECKING:
    from app.services.container import Services


def _org_id(services: Services, name: str | None) -> int | None:
    if not name:
        return None
    from app.io.orgs.names import OrgNames

    org = OrgNames(services.orgs.list(), services.settings.get("office_org_id")).resolve(name)
    if org is None:
        raise AppError(f"找不到名为“{name}”的党组织")
    return org.id


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件：街道的驻区单位名单、工商登记信息等")
    p.add_argument("--skip-invalid", action="store_true",
                   help="只导入没有问题的行，有问题的行列出后跳过（默认：有任何问题就不导入）")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")
    p.add_argument("--org", metavar="NAME", help="表中没有“所在社区”列时，这些单位所在的社区党组织（默认：本单位）")


@subject("import", "units", "从Excel或CSV文件导入驻区单位（先检查，全部无误才写入）", _import_args)
def import_units(args: argparse.Namespace, db: str | None) -> int:
    from app.io.cobuild.units_import import UnitImporter

    services = open_services(db)
    try:
        importer = UnitImporter(services, _org_id(services, args.org))
        preview = importer.preview(args.file)
        for line in preview.summary():
            print(line)
        for p in preview.updates:
            print(f"第{p.row}行 {p.title} 将更新：" + "；".join(str(c) for c in p.changes))
        for problem in preview.refused:
            print(problem)
        if preview.refused and not args.skip_invalid:
            print(f"有{len(preview.refused_rows)}行有问题，没有导入任何内容。请改正后重新导入，"
                  "或加 --skip-invalid 只导入没有问题的行。")
            return 1
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return 0
        outcome = importer.apply(preview)
    finally:
        services.close()
    print(f"导入完成：新增驻区单位{len(outcome.added_ids)}个，更新{len(outcome.updated_ids)}个，"
          f"无变化{outcome.unchanged}个" + (f"，未导入{len(outcome.refused_rows)}行" if outcome.refused_rows else ""))
    return 0


def _export_units_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--org", metavar="NAME", help="只导出这个党组织及其下级辖区的单位")
    p.add_argument("--include-left", action="store_true", help="也导出已迁出的单位")
    p.add_argument("--show-sensitive", action="store_true", help="导出完整的电话号码（默认遮蔽；每次导出都记入操作记录）")


@subject("export", "units", "导出驻区单位（Excel或CSV）", _export_units_args)
def export_units(args: argparse.Namespace, db: str | None) -> int:
    from app.io.cobuild.export import export_units as write
    from app.services.cobuild.unit_query import ALL, UnitQuery

    services = open_services(db)
    try:
        query = UnitQuery(org_id=_org_id(services, args.org), status=ALL if args.include_left else "在区",
                          sort="org_id")
        result = write(services, query, args.file, show_sensitive=args.show_sensitive)
    finally:
        services.close()
    shown = "电话已遮蔽" if result.masked else "含完整电话号码，请妥善保管"
    print(f"已导出驻区单位{result.count}个到 {result.path}（{shown}）")
    return 0


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 文件")


@subject("export", "unit-template", "保存空白的驻区单位导入模板（.xlsx）", _template_args)
def export_unit_template(args: argparse.Namespace, db: str | None) -> int:
    from app.io.cobuild.export import write_unit_template

    print(f"已保存导入模板：{write_unit_template(args.file)}")
    return 0


def _export_agreements_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--org", metavar="NAME", help="只导出甲方为这个党组织及其下级的协议")
    p.add_argument("--status", choices=["草拟", "生效", "即将到期", "已到期", "已终止"], help="只导出这一状态的协议")
    p.add_argument("--show-sensitive", action="store_true", help="导出联络人的完整电话号码（默认遮蔽）")


@subject("export", "agreements", "导出共建协议（Excel或CSV），含状态和承诺兑现情况", _export_agreements_args)
def export_agreements(args: argparse.Namespace, db: str | None) -> int:
    from app.io.cobuild.export import export_agreements as write
    from app.services.cobuild.agreement_query import AgreementQuery

    services = open_services(db)
    try:
        query = AgreementQuery(org_id=_org_id(services, args.org), status=args.status, sort="org_id")
        result = write(services, query, args.file, show_sensitive=args.show_sensitive)
    finally:
        services.close()
    print(f"已导出共建协议{result.count}份到 {result.path}")
    return 0
