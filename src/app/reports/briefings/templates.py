"""Briefing templates: plain text files that offices edit, save, reuse and share.

Markup, one paragraph per line:
    # a comment, not printed
    标题：{组织简称}{期间}党建工作汇报      settings at the top: 标题 副标题 报头 报 送 发 印数
    一、基本情况                              headings: 一、 （一） 1. （1）
    截至{截止日期}，共有党员{党员总数}……     prose with {figure names} filled from the records
    [柱状图：党员类别]  [饼图：党员年龄]  [表格：下级党组织情况]
A figure may be written {党员总数:数值} to print the number without its unit, and an amount
{财政投入金额:万元} to print it in 万元 to one decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.kit.errors import ValidationError
from app.paths import data_dir, resources_dir

SETTINGS = ("标题", "副标题", "报头", "报", "送", "发", "印数")
HEADINGS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
MARKER = re.compile(r"^[\[【]\s*(柱状图|饼图|表格)\s*[:：]\s*(.+?)\s*[\]】]$")
SETTING = re.compile(r"^(" + "|".join(SETTINGS) + r")\s*[:：]\s*(.*)$")
PLACEHOLDER = re.compile(r"\{([^{}:：]+)(?:[:：](数值|万元))?\}")
# Anything in braces: what is not a PLACEHOLDER ({党员总数:x}, {}, {:}) is a problem, not text.
BRACED = re.compile(r"\{[^{}]*\}")
BAD_PLACEHOLDER = ("不是可以填写的数字：数字只能写成 {名称}、{名称:数值}，金额还可写成 {名称:万元}"
                   "（名称见“插入数字”列表）")


@dataclass(frozen=True)
class Line:
    number: int  # line number in the file, for messages
    kind: str  # "heading", "para", "chart", "table"
    text: str
    level: int = 0
    chart_kind: str = ""  # "bar" or "pie"


@dataclass(frozen=True)
class Template:
    settings: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (line, value)
    lines: tuple[Line, ...] = ()

    def setting(self, name: str) -> str:
        return self.settings.get(name, (0, ""))[1]


def parse(text: str) -> Template:
    settings: dict[str, tuple[int, str]] = {}
    lines: list[Line] = []
    in_head = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff").strip("\u3000 ")
        if not line or line.startswith("#"):
            continue
        if in_head and (m := SETTING.match(line)):
            settings[m[1]] = (number, m[2].strip())
            continue
        in_head = False
        if m := MARKER.match(line):
            kind = "table" if m[1] == "表格" else "chart"
            lines.append(Line(number, kind, m[2], chart_kind="pie" if m[1] == "饼图" else "bar"))
            continue
        for level, pattern in HEADINGS:
            if pattern.match(line):
                lines.append(Line(number, "heading", line, level=level))
                break
        else:
            lines.append(Line(number, "para", line))
    return Template(settings, tuple(lines))


def placeholders(text: str) -> list[str]:
    return [m[1].strip() for m in PLACEHOLDER.finditer(text)]


def bad_placeholders(text: str) -> list[str]:
    """Braced text that is no placeholder, e.g. {党员总数:x}, {} or {:}."""
    return [m[0] for m in BRACED.finditer(text) if not PLACEHOLDER.fullmatch(m[0])]


# ---- files --------------------------------------------------------------------------------
def builtin_dir() -> Path:
    return resources_dir() / "templates"


def user_dir() -> Path:
    """Where the office's own templates are saved (shared by copying the .txt files)."""
    return data_dir() / "templates"


def builtin(kind: str) -> str:
    """The built-in first draft for a kind of document (工作汇报 or 简报)."""
    return (builtin_dir() / f"{kind}.txt").read_text(encoding="utf-8")


def available() -> dict[str, Path]:
    """Template name -> file: the built-in ones, then the office's own (same name wins)."""
    found: dict[str, Path] = {}
    for folder in (builtin_dir(), user_dir()):
        if folder.is_dir():
            for p in sorted(folder.glob("*.txt")):
                found[p.stem] = p
    return found


def load(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"找不到模板文件：{p}", field="模板") from None
    except OSError as exc:
        raise ValidationError(f"模板文件无法读取：{p}（{exc.strerror}）", field="模板") from None
    for encoding in ("utf-8-sig", "gb18030"):  # files saved by Windows Notepad may be GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"模板文件“{p.name}”不是文本文件", field="模板")


def save(name: str, text: str) -> Path:
    """Saves an office template under ``name`` (a plain file name) and returns its path."""
    clean = "".join(ch for ch in name.strip() if ch not in '\\/:*?"<>|').strip(". ")
    if not clean:
        raise ValidationError("请填写模板名称", field="模板名称")
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    from app.services.kit.files import write_text

    return write_text(folder / f"{clean}.txt", text, kind="模板")
