"""`dangjian init`, `dangjian demo`, `dangjian check`."""

from __future__ import annotations

import argparse

from app.cli.registry import command, open_services, resolve_db
from app.domain.orgs.rules import OFFICE_LEVELS


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", required=True, metavar="NAME", help="本单位党组织全称，如：和平社区党委")
    p.add_argument("--level", required=True, metavar="LEVEL",
                   help="层级：" + "、".join(t.value for t in OFFICE_LEVELS))


@command("init", "为本单位新建一个空数据库并创建管理员（首次启动向导的命令行版本）", _init_args)
def init(args: argparse.Namespace, db: str | None) -> int:
    from app.cli.login import ask_password, user_name
    from app.cli.registry import CLI_USER
    from app.services.access.setup import init_office

    admin = user_name(CLI_USER["name"]) or "admin"
    services = open_services(db, login=False, create=True)
    try:
        password = ask_password(f"管理员 {admin} 的密码：", confirm=True)
        row = init_office(services, args.org, args.level, admin=(admin, password))
    finally:
        services.close()
    print(f"已创建数据库 {resolve_db(db)}，本单位：{row.name}（{row.org_type.value}），管理员：{admin}")
    return 0


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="数据库已有数据时也覆盖")
    p.add_argument("--members", type=int, default=None, metavar="N", help="演示党员人数")


@command("demo", "生成演示数据库：一个县、2个街道、6个社区及其网格和支部", _demo_args)
def demo(args: argparse.Namespace, db: str | None) -> int:
    from app.services.demo import build_demo

    services = open_services(db, create=True)
    try:
        county = build_demo(services, force=args.force, options={"members": args.members})
        total = services.orgs.count()
        from app.services.members.query import MemberQuery

        members = services.members.count(MemberQuery())
    finally:
        services.close()
    print(f"已生成演示数据：{resolve_db(db)}（管理员 admin，密码 demo）")
    print(f"  {county.root.name}：街道 {len(county.streets)} 个，社区 {len(county.communities)} 个，组织共 {total} 个，在册党员 {members} 人")
    return 0


@command("check", "检查数据库是否完好")
def check(args: argparse.Namespace, db: str | None) -> int:
    from app.cli.login import authenticate_cli
    from app.cli.registry import CLI_USER

    services = open_services(db, login=False)
    try:
        # A database that lost its accounts is checked all the same: the check reports it.
        if not services.auth.accounts_lost():
            authenticate_cli(services, CLI_USER["name"])
        problems = services.checks.run()
    finally:
        services.close()
    if not problems:
        print("ok")
        return 0
    for p in problems:
        print(p)
    return 1
