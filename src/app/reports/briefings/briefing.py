"""Work reports (工作汇报) and briefings (简报) whose every figure comes from the records.

The user picks the organisation (with everything below it), the period, the kind, the
title, the issuer and the recipients; the prose comes from a template (``templates``) and
each {placeholder} is filled from ``figures``. A placeholder the records cannot fill is a
``Problem``: the preview shows it in red as 【名称？】 and the document cannot be issued.

For the GUI: ``render_briefing`` gives the PDF bytes and the problem list (preview),
``issue_briefing`` keeps the document with its number; ``preview.render_page`` draws pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import clip
from app.reports.briefings import figures as fig
from app.reports.briefings import templates
from app.reports.briefings.period import Period
from app.reports.kit.blocks import (
    Chart,
    Distribution,
    DocSpec,
    Heading,
    Masthead,
    Missing,
    Para,
    Part,
    Signature,
    Subtitle,
    Title,
)

DEFAULT_MASTHEAD = "党建工作简报"


class Kind(StrEnum):
    REPORT = "工作汇报"
    BULLETIN = "简报"


def parse_kind(text: str) -> Kind:
    value = (text or "").strip()
    if value in ("汇报", "工作汇报", "report"):
        return Kind.REPORT
    if value in ("简报", "bulletin"):
        return Kind.BULLETIN
    raise ValidationError(f"材料类型“{text}”无法识别，可选：汇报、简报", field="类型")


@dataclass(frozen=True)
class Problem:
    line: int  # template line, 0 when not from a line
    placeholder: str
    message: str

    def __str__(self) -> str:
        where = f"模板第{self.line}行" if self.line else "模板"
        return f"{where}“{{{self.placeholder}}}”：{self.message}"


@dataclass(frozen=True)
class BriefingRequest:
    org_id: int
    period: Period
    kind: Kind = Kind.REPORT
    title: str = ""  # empty: the template's 标题 line
    issuer: str = ""  # empty: the organisation's full name
    issued_on: dt.date | None = None  # empty: today
    template_text: str | None = None  # empty: the built-in template of the kind
    recipients: tuple[tuple[str, str], ...] = ()  # (报|送|发, names); empty: the template's
    copies: int | None = None  # 共印X份; empty: the template's 印数
    masthead_name: str = ""  # 简报 name; empty: the template's 报头
    number: int | None = None  # 第X期; empty: the next number kept by BriefingService


@dataclass(frozen=True)
class BriefingResult:
    pdf: bytes
    problems: tuple[Problem, ...]
    pages: int
    title: str
    number: int
    request: BriefingRequest = field(repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


def briefing_service(services):
    """The BriefingService of ``services`` (built on the spot until the container has one)."""
    found = getattr(services, "briefings", None)
    if found is None:
        from app.services.briefings.service import BriefingService

        found = BriefingService(services.db, services.actor, services.hub)
    return found


class _Filler:
    """Fills one template's placeholders, collecting problems."""

    def __init__(self, ctx: fig.FigureContext) -> None:
        self.ctx = ctx
        self.problems: list[Problem] = []
        self._cache: dict[str, fig.Value | str] = {}

    def value(self, name: str, line: int) -> fig.Value | None:
        if name not in self._cache:
            if name not in fig.FIGURES:
                self._cache[name] = "模板中的这个名称不是可用的数字，请检查是否写错（可用名称见“插入数字”列表）"
            else:
                try:
                    self._cache[name] = fig.evaluate(name, self.ctx)
                except fig.FigureUnavailable as exc:
                    self._cache[name] = f"无法从台账取得：{exc.reason}"
        got = self._cache[name]
        if isinstance(got, str):
            self.problems.append(Problem(line, clip(name, 40), got))
            return None
        return got

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
                self.problems.append(Problem(line, shown, templates.BAD_PLACEHOLDER))
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
        if form == "数值":
            return v.number_text()
        if form == "万元":
            wan = v.wan_text()
            if wan is None:
                self.problems.append(Problem(line, clip(name, 40), "不是金额，不能写成“:万元”，已按原单位填写"))
                return v.text()
            return wan
        return v.text()

    def text(self, text: str, line: int) -> str:
        """For single-line fields (title, masthead): a missing value shows as 【名称？】."""
        return "".join(p if isinstance(p, str) else f"【{p.name}？】" for p in self.parts(text, line))


def _chart(filler: _Filler, line: templates.Line) -> Chart | None:
    source = fig.CHARTS.get(line.text)
    if source is None:
        filler.problems.append(Problem(line.number, line.text, "没有这个图表，可用："
                                       + "、".join(fig.CHARTS)))
        return None
    try:
        data = source(filler.ctx)
    except fig.FigureUnavailable as exc:
        filler.problems.append(Problem(line.number, line.text, f"图表无法从台账取得：{exc.reason}"))
        return None
    return Chart(line.chart_kind, data.title, data.labels, data.values, data.unit)


def _table(filler: _Filler, line: templates.Line):
    source = fig.TABLES.get(line.text)
    if source is None:
        filler.problems.append(Problem(line.number, line.text, "没有这个表格，可用："
                                       + "、".join(fig.TABLES)))
        return None
    try:
        return source(filler.ctx)
    except fig.FigureUnavailable as exc:
        filler.problems.append(Problem(line.number, line.text, f"表格无法从台账取得：{exc.reason}"))
        return None


def compose(services, request: BriefingRequest) -> tuple[DocSpec, list[Problem], str, int]:
    """The document's blocks, the problems found, the title and the number."""
    issued_on = request.issued_on or dt.date.today()
    text = request.template_text
    if text is None:
        text = templates.builtin(request.kind.value)
    tpl = templates.parse(text)
    ctx = fig.FigureContext(services, request.org_id, request.period, issued_on)
    filler = _Filler(ctx)
    org = ctx.org

    title_line, title_src = tpl.settings.get("标题", (0, ""))
    title = request.title.strip() or filler.text(title_src, title_line).strip()
    if not title:
        title = f"{org.display_name}{request.period.label}{request.kind.value}"
    issuer = request.issuer.strip() or org.name
    number = request.number or briefing_service(services).next_number(
        request.kind.value, issued_on.year)

    blocks: list = [Title(title)]
    if sub := tpl.setting("副标题"):
        blocks.append(Subtitle(filler.text(sub, tpl.settings["副标题"][0])))
    for line in tpl.lines:
        if line.kind == "heading":
            blocks.append(Heading(filler.parts(line.text, line.number), line.level))
        elif line.kind == "para":
            blocks.append(Para(filler.parts(line.text, line.number)))
        elif line.kind == "chart":
            if c := _chart(filler, line):
                blocks.append(c)
        elif line.kind == "table" and (t := _table(filler, line)):
            blocks.append(t)

    masthead = distribution = None
    if request.kind is Kind.BULLETIN:
        name = request.masthead_name.strip() or tpl.setting("报头") or DEFAULT_MASTHEAD
        masthead = Masthead(name, number, f"{issuer}编", issued_on)
        lines = request.recipients or tuple(
            (k, tpl.setting(k)) for k in ("报", "送", "发") if tpl.setting(k))
        copies = request.copies if request.copies is not None else _copies(tpl)
        if lines or copies:
            distribution = Distribution(tuple(lines), copies)
    else:
        blocks.append(Signature(issuer, issued_on))

    spec = DocSpec(tuple(blocks), title=title, author=issuer, masthead=masthead,
                   distribution=distribution, keywords=(request.kind.value, request.period.label))
    return spec, filler.problems, title, number


def _copies(tpl: templates.Template) -> int | None:
    text = tpl.setting("印数").rstrip("份").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def render_briefing(services, request: BriefingRequest) -> BriefingResult:
    """PDF bytes for the preview, and the problems that stop it from being issued."""
    spec, problems, title, number = compose(services, request)
    from app.reports.kit.document import render_counted  # reportlab loads when a page is made

    pdf, pages = render_counted(spec)
    return BriefingResult(pdf, tuple(problems), pages, title, number, request)


def issue_briefing(services, request: BriefingRequest):
    """Renders and keeps the document under its number; refuses while problems remain.
    Returns (BriefingRow, BriefingResult)."""
    from app.services.briefings.service import IssueInput

    issued_on = request.issued_on or dt.date.today()
    request = replace(request, issued_on=issued_on)
    result = render_briefing(services, request)
    if result.problems:
        listed = "；".join(str(p) for p in result.problems[:5])
        more = f"等{len(result.problems)}处" if len(result.problems) > 5 else ""
        raise ValidationError(f"材料中还有数字没有填上，不能印发：{listed}{more}", field="模板")
    text = request.template_text
    if text is None:
        text = templates.builtin(request.kind.value)
    row = briefing_service(services).issue(IssueInput(
        kind=request.kind.value, number=result.number, title=result.title,
        issued_on=issued_on, pdf=result.pdf, pages=result.pages, org_id=request.org_id,
        period_label=request.period.label, period_start=request.period.start,
        period_end=request.period.end,
        issuer=request.issuer.strip() or services.orgs.get(request.org_id).name, template=text,
    ))
    return row, result
