"""`dangjian briefing` (make a work report or 简报 from the records) and `dangjian briefings`
(list issued ones, print one again)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.registry import command, open_services
from app.domain.kit.errors import ValidationError


def _briefing_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, metavar="P",
                   help="时间段：2026（全年）、2026Q3（季度）、2026H1（半年）、2026-07（月份）"
                        "或 2026-01-01..2026-06-30")
    p.add_argument("--org", metavar="NAME", help="党组织全称或简称（含其下级）；默认为本单位")
    p.add_argument("--kind", default="汇报", metavar="汇报|简报", help="材料类型，默认：汇报")
    p.add_argument("--template", metavar="FILE", help="模板文件（.txt）；默认用内置模板")
    p.add_argument("--title", default="", metavar="T", help="标题；默认取模板中的标题")
    p.add_argument("--issuer", default="", metavar="I", help="署名（印发单位）；默认为所选党组织全称")
    p.add_argument("--date", default="", metavar="YYYY-MM-DD", help="印发日期；默认今天")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--issue", action="store_true",
                      help="正式印发：编定期号并登记为已印发（文件写好后才占用期号）")
    mode.add_argument("--draft", action="store_true",
                      help="只生成草稿，不登记、不占用期号（不加 --issue 时就是草稿）")
    p.add_argument("--report-to", metavar="报", help="简报版记“报”一栏；默认用印发单位的设置")
    p.add_argument("--send-to", metavar="送", help="简报版记“送”一栏")
    p.add_argument("--issue-to", metavar="发", help="简报版记“发”一栏")
    p.add_argument("--copies", type=int, metavar="N", help="共印份数（0：不印这一行）")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="保存为PDF文件")


def _org_id(services, name: str | None) -> int:
    if name:
        row = services.orgs.find_by_name(name)
        if row is None:
            raise ValidationError(f"找不到名为“{name}”的党组织", field="党组织")
        return row.id
    office = services.settings.get("office_org_id")
    if office is None:
        raise ValidationError("还没有设置本单位，请用 --org 指定党组织", field="党组织")
    return int(office)


@command("briefing", "按台账数据生成工作汇报或简报（PDF）", _briefing_args)
def briefing(args: argparse.Namespace, db: str | None) -> int:
    from app.domain.kit.dates import parse_date
    from app.reports.briefings import templates
    from app.reports.briefings.briefing import (
        BriefingRequest,
        issue_briefing,
        parse_kind,
        render_briefing,
    )
    from app.reports.briefings.period import parse_period

    period = parse_period(args.period)
    kind = parse_kind(args.kind)
    text = templates.load(args.template) if args.template else None
    issued_on = parse_date(args.date, "印发日期") if args.date else None
    out = Path(args.out)
    services = open_services(db)
    try:
        _check_out(out)
        org_id = _org_id(services, args.org)
        request = BriefingRequest(
            org_id=org_id, period=period, kind=kind, title=args.title,
            issuer=args.issuer, issued_on=issued_on, template_text=text,
            recipients=_recipients(services, org_id, args), copies=args.copies,
        )
        result = render_briefing(services, request)
        if result.problems:
            for p in result.problems:
                print(p, file=sys.stderr)
            print(f"有{len(result.problems)}处数字无法从台账取得，没有生成PDF。"
                  "请修改模板或补充台账后重试。", file=sys.stderr)
            return 1
        row = None
        if args.issue:
            row, result = issue_briefing(services, request, out)  # writes the file, then takes the number
        else:
            _write(out, result.pdf)
    finally:
        services.close()
    if row is None:
        print(f"已生成{kind.value}草稿“{result.title}”，共{result.pages}页：{out}"
              "（草稿，未登记、不占用期号；正式印发请加 --issue）")
    else:
        what = f"{row.label}（总第{row.total_number}期）简报" if kind.value == "简报" else kind.value
        print(f"已印发{what}“{result.title}”，共{result.pages}页：{out}，已登记为已印发")
    return 0


def _check_out(path: Path) -> None:
    """Refuses --out at the open database, its companions or the backup folder, checked while
    the database is open and before anything is made or registered."""
    from app.services.kit.files import check_target

    check_target(path, kind="PDF")


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all, never over the open database (see app.services.kit.files)."""
    from app.services.kit.files import write_bytes

    write_bytes(path, data, kind="PDF")


def _recipients(services, org_id: int, args: argparse.Namespace) -> tuple[tuple[str, str], ...] | None:
    """The 版记 lines given on the command line over the issuer's settings; None if none given."""
    given = {"报": args.report_to, "送": args.send_to, "发": args.issue_to}
    if all(v is None for v in given.values()):
        return None
    from app.reports.briefings.briefing import briefing_service

    own = briefing_service(services).issuer_settings(org_id)
    return tuple((k, v if v is not None else own.line(k)) for k, v in given.items())


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, metavar="YYYY", help="只列出这一年的")
    p.add_argument("--reprint", type=int, metavar="ID", help="把这一份已印发的材料另存为PDF")
    p.add_argument("--out", metavar="FILE.pdf", help="与 --reprint 一起用：保存位置")


@command("briefings", "列出已印发的工作汇报和简报，或把其中一份重新输出为PDF", _list_args)
def briefings(args: argparse.Namespace, db: str | None) -> int:
    from app.reports.briefings.briefing import briefing_service

    services = open_services(db)
    try:
        svc = briefing_service(services)
        if args.reprint is not None:
            if not args.out:
                raise ValidationError("请用 --out 指定保存位置", field="--out")
            _check_out(Path(args.out))
            row = svc.get(args.reprint)
            data = svc.pdf(args.reprint)
        else:
            rows = svc.list(year=args.year)
    finally:
        services.close()
    if args.reprint is not None:
        _write(Path(args.out), data)
        print(f"已输出{row.label}“{row.title}”：{args.out}")
        return 0
    if not rows:
        print("还没有印发过材料。")
    for r in rows:
        print(f"{r.id}\t{r.issued_on.isoformat()}\t{r.issuer}\t{r.kind}\t{r.label}\t{r.title}\t{r.pages}页")
    return 0
