"""argparse in Chinese: its own messages (errors, "usage:", the -h option) come out in Chinese,
and a wrong command line is answered with one Chinese sentence and where to find the usage.

argparse looks its texts up through gettext at the moment it uses them (its module-level
``_`` and ``ngettext``); ``install`` points those at the table below. Texts not in it (there
are none a user can reach with Python 3.11–3.13) pass through unchanged.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from app.domain.kit.text import clip

WORDS: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "命令和参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必须给出的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可以是：%(choices)s）",
    "invalid choice: %(value)r, choose from %(choices)s": "没有 %(value)r 这一项（可以是：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "后面需要给出一个值",
    "expected at most one argument": "后面最多给出一个值",
    "expected at least one argument": "后面至少需要给出一个值",
    "expected %s argument": "后面需要给出%s个值",
    "expected %s arguments": "后面需要给出%s个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "这个选项后面不能带值：%r",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "unexpected option string: %s": "没有这个选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有 %(parser_name)r 这个命令（可以是：%(choices)s）",
}
# What argparse names a value's type by (the type function's __name__).
TYPE_NAMES = {"int": "整数", "float": "数字", "str": "文字"}


def _(text: str | None) -> str | None:
    return WORDS.get(text, text) if text is not None else None


def ngettext(singular: str, plural: str, n: int) -> str:
    text = singular if n == 1 else plural
    return WORDS.get(text, text)


def install() -> None:
    """From now on argparse speaks Chinese (idempotent)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class ChineseArgumentParser(argparse.ArgumentParser):
    """Errors as one Chinese sentence: what is wrong, and how to see the usage."""

    def error(self, message: str) -> NoReturn:
        for name, chinese in TYPE_NAMES.items():
            message = message.replace(f"不是有效的{name}", f"不是有效的{chinese}")
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{clip(message, 300)}\n请用 {self.prog} --help 查看用法。\n")
