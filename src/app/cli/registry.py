"""Subcommands register themselves here; each lives in its own module."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from app.paths import default_db


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, str | None], int | None]


COMMANDS: list[Command] = []


@dataclass(frozen=True)
class Subject:
    """What ``dangjian import`` / ``dangjian export`` handles: ``dangjian import members FILE``,
    ``dangjian export units FILE``. Each area adds its own, with its own options."""

    verb: str
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, str | None], int | None]


SUBJECTS: list[Subject] = []
# The verbs whose subjects the areas add, with their help, in the order `dangjian --help` lists them.
VERBS: dict[str, str] = {
    "import": "从Excel或CSV文件导入（先全部检查，无误才在一个事务里写入）：members 党员名册，units 驻区单位，hours 志愿服务记录，ledger 经费台账，dues 党费核定，meetings 组织生活，candidates 发展党员，sites 阵地，visits 进格入户",
    "export": "导出为Excel或CSV文件，或保存空白导入模板：members、template、units、unit-template、agreements、hours、ledger、ledger-template、balances、dues、meetings、candidates、sites、visits",
}

# Modules holding subcommands, in the order `dangjian --help` lists them.
MODULES = ["app.cli.setup_commands", "app.cli.member_io_commands", "app.cli.cobuild_commands",
           "app.cli.service_commands",
           "app.cli.funds_commands", "app.cli.orglife_commands", "app.cli.candidate_commands", "app.cli.sites_commands",
           "app.cli.briefing_commands", "app.cli.safety_commands", "app.cli.copy_commands"]

# Who the command acts as (--user); set by app.cli.main before a command runs.
CLI_USER: dict[str, str | None] = {"name": None}


def command(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None] | None = None):
    def wrap(run):
        COMMANDS.append(Command(name, help, configure or (lambda p: None), run))
        return run

    return wrap


def subject(verb: str, name: str, help: str,
            configure: Callable[[argparse.ArgumentParser], None] | None = None):
    def wrap(run):
        SUBJECTS.append(Subject(verb, name, help, configure or (lambda p: None), run))
        return run

    return wrap


def load_commands() -> None:
    if COMMANDS:
        return
    for module in MODULES:
        importlib.import_module(module)


def resolve_db(db: str | None) -> str:
    return db or str(default_db())


def server_password(prompt: str) -> str | None:
    """The database server's password typed at the terminal (libpq's PGPASSWORD and .pgpass are
    read before this is asked); None without a terminal."""
    import getpass
    import sys

    if not sys.stdin or not sys.stdin.isatty():
        return None
    print(prompt.rsplit("\n", 1)[0], file=sys.stderr)
    return getpass.getpass(prompt.rsplit("\n", 1)[-1])


def open_services(db: str | None, *, login: bool = True, create: bool = False):
    """Opens the database and signs in as the command line's user (see app.cli.login).

    Only ``init`` and ``demo`` pass ``create``: any other command is told that a missing
    database file is not there, rather than making an empty one."""
    from app.cli.login import authenticate_cli
    from app.services.container import Services

    services = Services.open(resolve_db(db), ask_password=server_password, create=create)
    if login:
        try:
            authenticate_cli(services, CLI_USER["name"])
        except BaseException:
            services.close()
            raise
    return services
