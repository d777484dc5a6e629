"""The `dangjian` command. Qt is loaded only when the GUI opens."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from app import APP_NAME, __version__
from app.cli import failures, registry, words
from app.cli.words import ChineseArgumentParser
from app.domain.kit.errors import AppError
from app.domain.kit.text import clip


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _chinese(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Help in Chinese: section titles and the -h option (argparse's own strings are English)."""
    parser._positionals.title = "命令和参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示帮助并退出")
    return parser


def _common() -> argparse.ArgumentParser:
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="数据库文件（或 SQLAlchemy 地址）；默认为用户数据目录中的 dangjian.db")
    common.add_argument("--user", default=argparse.SUPPRESS, metavar="NAME",
                        help="以这个用户身份操作（也可用环境变量 DANGJIAN_USER；密码取自 DANGJIAN_PASSWORD 或在终端输入）")
    return common


def build_parser() -> argparse.ArgumentParser:
    words.install()
    common = _common()
    parser = _chinese(ChineseArgumentParser(
        prog="dangjian", description=f"{APP_NAME}：社区党建工作台账与材料打印", parents=[common],
        add_help=False, formatter_class=ChineseHelpFormatter,
    ))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    parser.add_argument("--self-test", action="store_true",
                        help="打开主界面、建好所有页签后退出，并打印启动用时")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    registry.load_commands()
    for command in registry.COMMANDS:
        p = _chinese(sub.add_parser(command.name, help=command.help, parents=[common], description=command.help,
                                    add_help=False, formatter_class=ChineseHelpFormatter))
        command.configure(p)
        p.set_defaults(handler=command.run)
    for verb, help in registry.VERBS.items():
        subjects = [s for s in registry.SUBJECTS if s.verb == verb]
        if not subjects:
            continue
        p = _chinese(sub.add_parser(verb, help=help, parents=[common], description=help, add_help=False,
                                    formatter_class=ChineseHelpFormatter))
        inner = p.add_subparsers(dest="what", metavar="内容", required=True)
        for s in subjects:
            q = _chinese(inner.add_parser(s.name, help=s.help, parents=[common], description=s.help,
                                          add_help=False, formatter_class=ChineseHelpFormatter))
            s.configure(q)
            q.set_defaults(handler=s.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(encoding="utf-8", errors="replace")
    failures.quiet_unraisable()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a wrong command line (told in Chinese)
        return failures.finish_output() or (done.code if isinstance(done.code, int) else 2)
    db = getattr(args, "db", None) or os.environ.get("DANGJIAN_DB") or None
    handler = getattr(args, "handler", None)
    registry.CLI_USER["name"] = getattr(args, "user", None)
    if handler is None:
        from app.ui.startup import run_gui

        return run_gui(db, self_test=args.self_test)
    failures.setup_log()
    code = _run(handler, args, db)
    return failures.finish_output() or code


def _run(handler, args: argparse.Namespace, db: str | None) -> int:
    """Runs a command: an expected problem is its Chinese sentence, anything else one Chinese
    sentence too (details in the log), never a traceback."""
    try:
        from app.services.kit.files import sweep_unfinished

        sweep_unfinished()  # what a killed export or backup left behind (may hold personal data)
        return int(handler(args, db) or 0)
    except AppError as exc:
        _say(f"错误：{clip(exc.message, 2000)}")
        return 1
    except KeyboardInterrupt:
        _say("已取消。")
        return 130
    except Exception as exc:  # noqa: BLE001  (every other failure gets a sentence, not a traceback)
        _say(f"错误：{failures.explain(exc)}")
        return 1


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr)
