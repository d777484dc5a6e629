"""Filling a parsed template from the records: figures into the text, conditions decided,
charts, tables and the list of problems the records show; every problem collected, never raised.

Names are checked everywhere, also in branches not taken (a misspelt name is a mistake in the
template whatever the figures say); values are computed only where they are printed or compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.domain.kit.text import clip
from app.reports.briefings import conditions, findings, templates
from app.reports.briefings import figures as fig
from app.reports.briefings.templates import Choice, Line
from app.reports.kit.blocks import Block, Chart, Heading, Missing, Para, Part, Table

UNKNOWN = "模板中的这个名称不是可用的数字，请检查是否写错（可用名称见“插入数字”列表）"


@dataclass(frozen=True)
class Problem:
    line: int  # template line, 0 when not from a line
    placeholder: str
    message: str

    def __str__(self) -> str:
        where = f"模板第{self.line}行" if self.line else "模板"
        what = self.placeholder if self.placeholder.startswith(("[", "【")) else f"{{{self.placeholder}}}"
        return f"{where}“{what}”：{self.message}"


class _Undecided(Exception):
    """A condition's figure has no number: the choice shows none of its arms."""


class Filler:
    """Fills one template, collecting problems."""

    def __init__(self, ctx: fig.FigureContext) -> None:
        self.ctx = ctx
        self.problems: list[Problem] = []
        self._cache: dict[str, fig.Value | str] = {}

    def problem(self, line: int, name: str, message: str) -> None:
        p = Problem(line, name, message)
        if p not in self.problems:
            self.problems.append(p)

    def value(self, name: str, line: int) -> fig.Value | None:
        if name not in self._cache:
            if fig.lookup(name) is None:
                self._cache[name] = UNKNOWN
            else:
                try:
                    self._cache[name] = fig.evaluate(name, self.ctx)
                except fig.FigureUnavailable as exc:
                    self._cache[name] = f"无法从台账取得：{exc.reason}"
        got = self._cache[name]
        if isinstance(got, str):
            self.problem(line, clip(name, 40), got)
            return None
        return got

    # ---- text --------------------------------------------------------------------------------
    def parts(self, text: str, line: int) -> tuple[Part, ...]:
        out: list[Part] = []
        pos = 0
        for m in templates.BRACED.finditer(text):
            if m.start() > pos:
                out.append(text[pos:m.start()])
            pos = m.end()
            good = templates.PLACEHOLDER.fullmatch(m[0])
            if good is None:  # {党员总数:x}, {}, {:}: listed, never printed as it stands
                shown = clip(m[0][1:-1], 40)
                self.problem(line, shown, templates.BAD_PLACEHOLDER)
                out.append(Missing(shown))
                continue
            name = good[1].strip()
            v = self.value(name, line)
            if v is None:
                out.append(Missing(clip(name, 40)))
            else:
                out.append(self.shown(v, good[2], name, line))
        if pos < len(text):
            out.append(text[pos:])
        return tuple(out)

    def shown(self, v: fig.Value, form: str | None, name: str, line: int) -> str:
        """The value as the placeholder asks: {名称}, {名称:数值} or, for an amount, {名称:万元}."""
        if form == "数值":
            return v.number_text()
        if form == "万元":
            wan = v.wan_text()
            if wan is None:
                self.problem(line, clip(name, 40), "不是金额，不能写成“:万元”，已按原单位填写")
                return v.text()
            return wan
        return v.text()

    def text(self, text: str, line: int) -> str:
        """For single-line fields (title, masthead): a missing value shows as 【名称？】."""
        return "".join(p if isinstance(p, str) else f"【{p.name}？】" for p in self.parts(text, line))

    def pieces(self, pieces: tuple, line: int) -> tuple[Part, ...]:
        out: list[Part] = []
        for piece in pieces:
            if isinstance(piece, Choice):
                out += self.pieces(self.choose(piece), line)
            else:
                out += self.parts(piece, line)
        return tuple(out)

    # ---- conditions -------------------------------------------------------------------------
    def number(self, name: str, line: int) -> Decimal:
        v = self.value(name, line)
        if v is None:
            raise _Undecided
        n = v.number()
        if n is None:
            self.problem(line, name, "这是文字，不能在条件中比较大小")
            raise _Undecided
        return n

    def choose(self, choice: Choice) -> tuple:
        """The body of the first arm whose condition holds (nothing when none does)."""
        if not all(arm.valid for arm in choice.arms):
            return ()
        for arm in choice.arms:
            if arm.condition is None:
                return arm.body
            try:
                if conditions.holds(arm.condition, lambda n: self.number(n, choice.number)):
                    return arm.body
            except _Undecided:
                return ()
        return ()

    # ---- checking names everywhere ------------------------------------------------------------
    def check_names(self, body: tuple, line: int = 0) -> None:
        """Every name in the template, in every branch: unknown ones are problems."""
        for node in body:
            if isinstance(node, Choice):
                at = line or node.number
                for arm in node.arms:
                    for name in arm.condition.figures() if arm.condition else ():
                        self._known(name, at)
                    self.check_names(arm.body, line)
            elif isinstance(node, Line):
                self.check_names(node.pieces, node.number)
            elif isinstance(node, str):
                for name in templates.placeholders(node):
                    self._known(name, line)
                for braced in templates.bad_placeholders(node):
                    self.problem(line, clip(braced[1:-1], 40), templates.BAD_PLACEHOLDER)

    def _known(self, name: str, line: int) -> None:
        if fig.lookup(name) is None:
            self.problem(line, clip(name, 40), UNKNOWN)

    # ---- blocks ---------------------------------------------------------------------------------
    def blocks(self, body: tuple) -> list[Block]:
        out: list[Block] = []
        for node in body:
            if isinstance(node, Choice):
                out += self.blocks(self.choose(node))
            elif node.kind == "heading":
                out.append(Heading(self.pieces(node.pieces, node.number), node.level))
            elif node.kind == "para":
                out.append(Para(self.pieces(node.pieces, node.number)))
            elif node.kind == "chart":
                if c := self._chart(node):
                    out.append(c)
            elif node.kind == "table":
                if t := self._table(node):
                    out.append(t)
            elif node.kind == "problems":
                out += [Para((s,)) for s in findings.numbered(findings.found(self.ctx))]
        return out

    def _chart(self, line: Line) -> Chart | None:
        source = fig.CHARTS.get(line.text)
        if source is None:
            self.problem(line.number, line.text, "没有这个图表，可用：" + "、".join(fig.CHARTS))
            return None
        try:
            data = source(self.ctx)
        except fig.FigureUnavailable as exc:
            self.problem(line.number, line.text, f"图表无法从台账取得：{exc.reason}")
            return None
        return Chart(line.chart_kind, data.title, data.labels, data.values, data.unit)

    def _table(self, line: Line) -> Table | None:
        source = fig.TABLES.get(line.text)
        if source is None:
            self.problem(line.number, line.text, "没有这个表格，可用：" + "、".join(fig.TABLES))
            return None
        try:
            return source(self.ctx)
        except fig.FigureUnavailable as exc:
            self.problem(line.number, line.text, f"表格无法从台账取得：{exc.reason}")
            return None
