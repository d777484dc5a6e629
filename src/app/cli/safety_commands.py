"""`dangjian backup`, `restore`, `backups`, `audit verify|sheet` and `user add|list|passwd`."""

from __future__ import annotations

import argparse
import sys

from app.cli.login import PASSWORD_ENV, ask_password
from app.cli.registry import command, open_services
from app.domain.access.permissions import Permission, Role


def _open(args: argparse.Namespace, db: str | None):
    return open_services(db)


def _backups(services):
    return services.backups


def _auth(services):
    return services.auth


def _db_option(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Nested commands (`user add`, `audit verify`) take --db after their own name too."""
    p.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH", help="数据库文件")
    return p


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


# ---- backups ---------------------------------------------------------------------------------
def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", metavar="FILE", help="备份到这个文件或文件夹（如U盘）；默认放在自动备份文件夹")


@command("backup", "立即备份数据库", _backup_args)
def backup(args: argparse.Namespace, db: str | None) -> int:
    services = _open(args, db)
    try:
        row = _backups(services).backup_now(args.to)
    finally:
        services.close()
    print(f"已备份到 {row.path}（{_size(row.size)}）")
    if row.holds:
        print(f"  内容：{row.holds}")
    print(f"  操作记录校验值：{row.audit_head or '（无）'}")
    return 0


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--folder", metavar="DIR", help="列出这个文件夹中的备份；默认为自动备份文件夹")


@command("backups", "列出已有的备份（时间、大小、内容、是否完好）", _list_args)
def backups(args: argparse.Namespace, db: str | None) -> int:
    services = _open(args, db)
    try:
        service = _backups(services)
        rows = service.list_backups(args.folder)
        folder = args.folder or service.folder()
    finally:
        services.close()
    if not rows:
        print(f"{folder} 中还没有备份。")
        return 0
    print(f"{folder} 中的备份（最新的在前）：")
    for r in rows:
        when = f"{r.taken_at:%Y-%m-%d %H:%M}" if r.taken_at else "时间不详"
        state = "完好" if r.ok else f"已损坏：{r.problem}"
        print(f"  {when}  {_size(r.size):>8}  {state}  {r.holds}  {r.path.name}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="要恢复的备份文件")


@command("restore", "用备份替换当前数据库（当前数据库另存，不会被覆盖）", _restore_args)
def restore(args: argparse.Namespace, db: str | None) -> int:
    services = _open(args, db)
    try:
        result = _backups(services).restore(args.file)
    finally:
        services.close()
    when = f"{result.taken_at:%Y-%m-%d %H:%M}" if result.taken_at else "时间不详"
    print(f"已从 {when} 的备份恢复：{result.restored_from}")
    if result.set_aside:
        said = "恢复前服务器上的台账已导出为" if services.db.is_server else "原数据库已另存为"
        print(f"  {said} {result.set_aside}")
    return 0


# ---- audit -----------------------------------------------------------------------------------
def _audit_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="audit_command", metavar="操作", required=True)
    _db_option(sub.add_parser("verify", help="核对操作记录是否被改动、删除或调换"))
    sheet = _db_option(sub.add_parser("sheet", help="打印操作记录审计校验单（PDF），供审计员核对签字"))
    sheet.add_argument("--out", required=True, metavar="FILE.pdf", help="保存为这个PDF文件")


@command("audit", "操作记录（审计日志）", _audit_args)
def audit_cmd(args: argparse.Namespace, db: str | None) -> int:
    from app.services.access.auth import require

    if args.audit_command == "sheet":
        return _audit_sheet(args, db)
    services = _open(args, db)
    try:
        require(services.actor, Permission.READ_AUDIT)
        report = services.audit.verify()
        tail = _backups(services).missing_tail() if report.ok else ""
    finally:
        services.close()
    if not report.ok:
        print(f"操作记录校验失败：{report.problem}（前 {report.checked} 条完好）", file=sys.stderr)
        return 1
    if tail:
        print(f"操作记录校验失败：{tail}", file=sys.stderr)
        return 1
    print(f"操作记录完好：共 {report.checked} 条，校验值 {report.head or '（无）'}")
    return 0


def _audit_sheet(args: argparse.Namespace, db: str | None) -> int:
    from pathlib import Path

    from app.domain.kit.errors import StorageError
    from app.reports.safety.audit_sheet import make_audit_sheet

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    services = _open(args, db)
    try:
        sheet = make_audit_sheet(services)
    finally:
        services.close()
    try:
        out.write_bytes(sheet.pdf)
    except OSError as exc:
        raise StorageError(f"无法保存 {out}（{exc.strerror}）。请检查文件夹是否存在、是否可写。") from exc
    print(f"已保存操作记录审计校验单：{out}")
    print(f"  操作记录 {sheet.records} 条；校验结果：{sheet.result}")
    return 0 if sheet.ok else 1


# ---- users -----------------------------------------------------------------------------------
def _user_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="user_command", metavar="操作", required=True)
    add = _db_option(sub.add_parser("add", help="新增用户"))
    add.add_argument("name", metavar="NAME", help="用户名")
    add.add_argument("--role", required=True, metavar="ROLE", help="角色：" + "、".join(r.value for r in Role))
    add.add_argument("--display-name", default="", metavar="姓名", help="用户的姓名")
    _db_option(sub.add_parser("list", help="列出用户"))
    pw = _db_option(sub.add_parser("passwd", help="修改自己的密码，或由管理员重设他人的密码"))
    pw.add_argument("name", metavar="NAME", help="用户名")


@command("user", "管理登录用户", _user_args)
def user(args: argparse.Namespace, db: str | None) -> int:
    services = _open(args, db)
    try:
        auth = _auth(services)
        if args.user_command == "add":
            password = ask_password(f"{args.name} 的初始密码：", "DANGJIAN_NEW_PASSWORD", confirm=True)
            row = auth.add_user(args.name, args.role, password, args.display_name)
            print(f"已新增用户 {row.label}，角色：{row.role.value}")
        elif args.user_command == "list":
            now = auth.now()
            rows = auth.list_users()
            if not rows:
                print("这个数据库还没有用户。请先用 dangjian init 创建管理员。")
            for r in rows:
                state = "已停用" if not r.active else "已锁定" if r.is_locked(now) else "正常"
                last = f"{r.last_login:%Y-%m-%d %H:%M}" if r.last_login else "从未登录"
                print(f"  {r.username:<12} {r.display_name:<8} {r.role.value:<6} {state}  最近登录：{last}")
        else:
            _passwd(services, auth, args.name)
    finally:
        services.close()
    return 0


def _passwd(services, auth, name: str) -> None:
    actor = services.actor
    if actor.role is not None and actor.name == name.strip():
        new = ask_password("新密码：", "DANGJIAN_NEW_PASSWORD", confirm=True)
        current = ask_password("原密码：", PASSWORD_ENV)
        auth.change_password(name, current, new)
    else:
        new = ask_password(f"{name} 的新密码：", "DANGJIAN_NEW_PASSWORD", confirm=True)
        auth.reset_password(name, new)
    print(f"已修改 {name} 的密码。")
