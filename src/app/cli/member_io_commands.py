"""`dangjian import members FILE`, `dangjian export members FILE` and `dangjian export template FILE`."""

from __future__ import annotations

import argparse

from app.cli.registry import open_services, subject
from app.domain.kit.errors import AppError
from app.domain.kit.text import clip


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="Excel（.xlsx/.xls）或CSV文件")
    p.add_argument("--skip-invalid", action="store_true",
                   help="只导入没有问题的行，有问题的行列出后跳过（默认：有任何问题就不导入）")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将要导入的内容，不写入")
    p.add_argument("--create-orgs", action="store_true",
                   help="文件中的党组织在组织架构中不存在时，自动新建为党支部（建在 --org 所指的组织下，默认本单位）")
    p.add_argument("--org", metavar="NAME",
                   help="导入到哪个党组织：文件中的组织名称先在其下查找，新建的组织也建在其下（默认：本单位）")
    p.add_argument("--column", action="append", default=[], metavar="文件列名=字段名",
                   help="指定某一列按哪个字段导入，如 --column 党员类别=人员类别；字段名写“不导入”则跳过该列。"
                        "文件列名也可以写列号字母，如 C=公民身份号码。可写多次")


def column_overrides(items: list[str]) -> dict[str, str | None]:
    """``--column 文件列名=字段名`` → {file column: field key, or "" to leave it out}."""
    from app.domain.kit.fields import normalize_header
    from app.domain.members.fields import HEADER_INDEX, MEMBER_FIELDS

    out: dict[str, str | None] = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise AppError(f"--column “{item[:60]}”的写法不对，应为 文件列名=字段名，如 --column 党员类别=人员类别")
        if target.strip() in ("", "不导入", "忽略", "跳过"):
            out[column.strip()] = ""
            continue
        f = HEADER_INDEX.get(normalize_header(target))
        if f is None:
            names = "、".join(x.label for x in MEMBER_FIELDS)
            raise AppError(f"--column 中的字段“{target[:30]}”无法识别。可用的字段：{names}；或写“不导入”")
        out[column.strip()] = f.key
    return out


@subject("import", "members", "从Excel或CSV文件导入党员名册（先检查，全部无误才写入）", _import_args)
def import_(args: argparse.Namespace, db: str | None) -> int:
    from app.io.members.importer import MemberImporter

    overrides = column_overrides(args.column)
    services = open_services(db)
    try:
        importer = MemberImporter(services)
        scope = _scope(services, args.org)
        preview = importer.preview(args.file, scope_id=scope, columns=overrides)
        create = bool(args.create_orgs)
        for line in preview.summary(create):
            print(line)
        print("各列的识别（可用 --column 文件列名=字段名 改正）：")
        for line in preview.column_lines():
            print("  " + line)
        for p in preview.updates:
            if p.changes:
                print(f"第{p.row}行 {p.title} 将更新：" + "；".join(str(c) for c in p.changes))
        problems = preview.problems(create)
        for problem in problems:
            print(problem)
        if problems and not args.skip_invalid:
            rows = len({p.row for p in problems})
            print(f"有{rows}行有问题，没有导入任何内容。请改正后重新导入，"
                  "或加 --skip-invalid 只导入没有问题的行。")
            return 1
        if args.dry_run:
            print("试运行：没有写入任何内容。")
            return 0
        outcome = importer.apply(preview, create_missing_orgs=create)
    finally:
        services.close()
    if outcome.created_orgs:
        print("已新建党组织：" + "、".join(outcome.created_orgs))
    print(f"导入完成：新增党员{len(outcome.added_ids)}名，更新{len(outcome.updated_ids)}名，"
          f"无变化{outcome.unchanged}名" + (f"，未导入{len(outcome.refused_rows)}行" if outcome.refused_rows else ""))
    return 0


def _scope(services, name: str | None) -> int | None:
    """The organisation ``--org`` names (None: the office's own)."""
    if not name:
        return None
    from app.io.orgs.names import OrgNames

    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    org = names.resolve(name)
    if org is None:
        raise AppError(f"找不到名为“{clip(name, 60)}”的党组织")
    return org.id


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 文件")


@subject("export", "template", "保存空白的党员名册导入模板（.xlsx）", _template_args)
def export_template(args: argparse.Namespace, db: str | None) -> int:
    from app.io.members.exporter import write_template

    path = write_template(args.file)
    print(f"已保存导入模板：{path}")
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="保存为 .xlsx 或 .csv")
    p.add_argument("--org", metavar="NAME", help="只导出这个党组织及其下级的党员")
    p.add_argument("--include-left", action="store_true", help="也导出已转出、已去世等不在册的党员")
    p.add_argument("--show-sensitive", action="store_true",
                   help="导出完整的身份证号和电话（默认遮蔽；每次导出都记入操作记录）")


@subject("export", "members", "导出党员名册（Excel或CSV）", _export_args)
def export(args: argparse.Namespace, db: str | None) -> int:
    from app.io.members.exporter import export_members
    from app.services.members.query import MemberQuery

    services = open_services(db)
    try:
        org_id = _scope(services, args.org)
        query = MemberQuery(org_id=org_id, include_left=args.include_left, sort="org_id")
        result = export_members(services, query, args.file, show_sensitive=args.show_sensitive)
    finally:
        services.close()
    shown = "身份证号和电话已遮蔽" if result.masked else "含完整身份证号和电话，请妥善保管"
    print(f"已导出党员{result.count}名到 {result.path}（{shown}）")
    return 0
