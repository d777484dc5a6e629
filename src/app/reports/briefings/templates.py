"""Briefing templates: plain text files that offices edit, save, reuse and share.

Markup, one paragraph per line:
    # a comment, not printed
    标题：{组织简称}{期间}党建工作汇报      settings at the top: 标题 副标题 报头 报 送 发 印数
    一、基本情况                              headings: 一、 （一） 1. （1）
    截至{截止日期}，共有党员{党员总数}……     prose with {figure names} filled from the records
    [柱状图：党员类别]  [饼图：党员年龄]  [表格：下级党组织情况]  [问题清单]
    [如果 {届满未换届党组织数} > 0]          lines shown only when the condition holds
    …
    [否则如果 …] / [否则]                    the other cases
    [结束]
A figure may be written {党员总数:数值} to print the number without its unit, and an amount
{财政投入金额:万元} to print it in 万元 to one decimal. The same
[如果 …]…[否则]…[结束] may stand inside a line, choosing between two phrasings:
    年轻党员占{35岁及以下党员占比}[如果 {35岁及以下党员占比} < {年轻党员占比下限}]，比例偏低[结束]。
Conditions are described in ``conditions``. Whatever the text, ``parse`` returns a template
and a list of the problems it found (never an exception).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.kit.errors import ValidationError
from app.paths import data_dir, resources_dir
from app.reports.briefings import conditions
from app.reports.briefings.conditions import Condition, ConditionError

SETTINGS = ("标题", "副标题", "报头", "报", "送", "发", "印数")
HEADINGS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
MARKER = re.compile(r"^[\[【]\s*(柱状图|饼图|表格)\s*[:：]\s*(.+?)\s*[\]】]$")
PROBLEM_LIST = re.compile(r"^[\[【]\s*问题清单\s*[\]】]$")
SETTING = re.compile(r"^(" + "|".join(SETTINGS) + r")\s*[:：]\s*(.*)$")
PLACEHOLDER = re.compile(r"\{([^{}:：]+)(?:[:：](数值|万元))?\}")
# Anything in braces: what is not a PLACEHOLDER ({党员总数:x}, {}, {:}) is a problem, not text.
BRACED = re.compile(r"\{[^{}]*\}")
BAD_PLACEHOLDER = ("不是可以填写的数字：数字只能写成 {名称}、{名称:数值}，金额还可写成 {名称:万元}"
                   "（名称见“插入数字”列表）")
CONTROL = re.compile(r"[\[【]\s*(否则如果|如果|否则|结束)\s*[:：]?\s*([^\[\]【】]*?)\s*[\]】]")
MAX_CHARS = 200_000
MAX_LINES = 5_000
MAX_DEPTH = 8


@dataclass(frozen=True)
class Line:
    number: int  # line number in the file, for messages
    kind: str  # "heading", "para", "chart", "table", "problems"
    text: str
    level: int = 0
    chart_kind: str = ""  # "bar" or "pie"
    pieces: tuple = ()  # the text as str and Choice pieces (conditions inside the line)


@dataclass(frozen=True)
class Arm:
    condition: Condition | None  # None: 否则 (or a condition that could not be read: never shown)
    body: tuple
    valid: bool = True


@dataclass(frozen=True)
class Choice:
    """[如果 …] … [否则如果 …] … [否则] … [结束]: the first arm whose condition holds."""

    number: int  # line of the [如果]
    arms: tuple[Arm, ...]


@dataclass(frozen=True)
class Problem:
    line: int
    marker: str
    message: str


@dataclass(frozen=True)
class Template:
    settings: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (line, value)
    body: tuple = ()  # Line and Choice nodes
    problems: tuple[Problem, ...] = ()

    def setting(self, name: str) -> str:
        return self.settings.get(name, (0, ""))[1]

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every content line, in every branch (for checks and the GUI)."""
        return tuple(walk_lines(self.body))


def walk_lines(nodes: tuple) -> list[Line]:
    out: list[Line] = []
    for n in nodes:
        if isinstance(n, Line):
            out.append(n)
        elif isinstance(n, Choice):
            for arm in n.arms:
                out += walk_lines(arm.body)
    return out


class _Blocks:
    """Builds nested choices from control markers, line by line or piece by piece."""

    def __init__(self, problems: list[Problem], line: int = 0) -> None:
        self.problems = problems
        self.line = line
        self.root: list = []
        # each open choice: (line of 如果, arms so far, current condition, current body, valid, else seen)
        self.stack: list[list] = []

    def add(self, node: object) -> None:
        (self.stack[-1][3] if self.stack else self.root).append(node)

    def control(self, word: str, text: str, number: int, marker: str) -> None:
        def bad(message: str) -> None:
            self.problems.append(Problem(number, marker, message))

        if word == "如果":
            if len(self.stack) >= MAX_DEPTH:
                bad(f"条件套得太深（最多{MAX_DEPTH}层），这一段不会印出")
            condition, valid = self._condition(text, number, marker)
            self.stack.append([number, [], condition, [], valid and len(self.stack) < MAX_DEPTH, False])
            return
        if text and word != "否则如果":
            bad(f"“{word}”后面不用写条件")
        if not self.stack:
            bad(f"“[{word}]”前面没有对应的“[如果 …]”")
            return
        top = self.stack[-1]
        if word == "结束":
            self.stack.pop()
            self.add(self._close(top))
            return
        if top[5]:
            bad(f"“[否则]”之后不能再有“[{word}]”")
            return
        top[1].append(Arm(top[2], tuple(top[3]), top[4]))
        if word == "否则":
            top[2], top[3], top[4], top[5] = None, [], True, True
        else:
            top[2], top[4] = self._condition(text, number, marker)
            top[3] = []

    def _condition(self, text: str, number: int, marker: str) -> tuple[Condition | None, bool]:
        try:
            return conditions.parse(text), True
        except ConditionError as exc:
            self.problems.append(Problem(number, marker, exc.message))
            return None, False

    @staticmethod
    def _close(top: list) -> Choice:
        arms = [*top[1], Arm(top[2], tuple(top[3]), top[4])]
        if not all(a.valid for a in arms):  # a condition that cannot be read: none of the arms shows
            arms = [Arm(a.condition, a.body, False) for a in arms]
        return Choice(top[0], tuple(arms))

    def finish(self, inline: bool = False) -> tuple:
        while self.stack:
            top = self.stack.pop()
            where = "这一行中" if inline else f"第{top[0]}行"
            self.problems.append(Problem(top[0], "如果", f"{where}的“[如果 …]”没有对应的“[结束]”"))
            self.add(self._close(top))
        return tuple(self.root)


def _pieces(text: str, number: int, problems: list[Problem]) -> tuple:
    """A line's text as str and Choice pieces (conditions inside the line)."""
    if not CONTROL.search(text):
        return (text,)
    blocks = _Blocks(problems, number)
    pos = 0
    for m in CONTROL.finditer(text):
        if m.start() > pos:
            blocks.add(text[pos:m.start()])
        blocks.control(m[1], m[2].strip(), number, m[0])
        pos = m.end()
    if pos < len(text):
        blocks.add(text[pos:])
    return blocks.finish(inline=True)


def _content(number: int, line: str, problems: list[Problem]) -> Line:
    if m := MARKER.match(line):
        kind = "table" if m[1] == "表格" else "chart"
        return Line(number, kind, m[2], chart_kind="pie" if m[1] == "饼图" else "bar")
    if PROBLEM_LIST.match(line):
        return Line(number, "problems", "问题清单")
    pieces = _pieces(line, number, problems)
    for level, pattern in HEADINGS:
        if pattern.match(line):
            return Line(number, "heading", line, level=level, pieces=pieces)
    return Line(number, "para", line, pieces=pieces)


def parse(text: str) -> Template:
    """The template and the problems in its markup (too long, conditions that cannot be read,
    [如果] without [结束] …); never raises."""
    problems: list[Problem] = []
    text = text or ""
    if len(text) > MAX_CHARS:
        problems.append(Problem(0, "模板", f"模板太长（{len(text)}字），请不超过{MAX_CHARS}字"))
        text = text[:MAX_CHARS]
    raw_lines = text.splitlines()
    if len(raw_lines) > MAX_LINES:
        problems.append(Problem(0, "模板", f"模板行数太多（{len(raw_lines)}行），请不超过{MAX_LINES}行"))
        raw_lines = raw_lines[:MAX_LINES]
    settings: dict[str, tuple[int, str]] = {}
    blocks = _Blocks(problems)
    in_head = True
    for number, raw in enumerate(raw_lines, start=1):
        line = raw.strip().lstrip("\ufeff").strip("\u3000 ")
        if not line or line.startswith("#"):
            continue
        if in_head and (m := SETTING.match(line)):
            settings[m[1]] = (number, m[2].strip())
            continue
        in_head = False
        control = CONTROL.fullmatch(line)
        if control:
            blocks.control(control[1], control[2].strip(), number, line)
            continue
        blocks.add(_content(number, line, problems))
    body = blocks.finish()
    return Template(settings, body, tuple(problems))


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
