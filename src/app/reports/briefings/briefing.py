"""Work reports (工作汇报) and briefings (简报) whose every figure comes from the records.

The user picks the organisation (with everything below it), the period, the kind, the
title, the issuer and the recipients; the prose comes from a template (``templates``) and
each {placeholder} is filled from ``figures``. A placeholder the records cannot fill is a
``Problem``: the preview shows it in red as 【名称？】 and the document cannot be issued.

For the GUI: ``render_briefing`` gives the PDF bytes and the problem list (preview),
``issue_briefing`` keeps the document with its number; ``preview.render_page`` draws pages.
Filling the template (figures, conditions, charts, the problems the records show) is ``fill``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from app.domain.kit.errors import StorageError, ValidationError, os_error_text
from app.reports.briefings import figures as fig
from app.reports.briefings import templates
from app.reports.briefings.fill import Filler, Problem
from app.reports.briefings.period import Period
from app.reports.kit.blocks import Distribution, DocSpec, Masthead, Signature, Subtitle, Title
from app.services.briefings.service import clean_issuer_settings

__all__ = ["BriefingRequest", "BriefingResult", "Kind", "Problem", "issue_briefing", "parse_kind",
           "render_briefing"]

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
class BriefingRequest:
    org_id: int
    period: Period
    kind: Kind = Kind.REPORT
    title: str = ""  # empty: the template's 标题 line
    issuer: str = ""  # empty: the organisation's full name
    issued_on: dt.date | None = None  # empty: today
    template_text: str | None = None  # empty: the built-in template of the kind
    # 版记 of this issue: (报|送|发, names); None: the issuer's settings (else the template's lines)
    recipients: tuple[tuple[str, str], ...] | None = None
    copies: int | None = None  # 共印X份; 0: not printed; None: the issuer's settings (else 印数)
    masthead_name: str = ""  # 简报 name; empty: the issuer's, else the template's 报头
    number: int | None = None  # 第X期; empty: the issuer's next number kept by BriefingService


@dataclass(frozen=True)
class BriefingResult:
    pdf: bytes
    problems: tuple[Problem, ...]
    pages: int
    title: str
    number: int
    request: BriefingRequest = field(repr=False)
    total_number: int = 0

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


@dataclass(frozen=True)
class Composed:
    spec: DocSpec
    problems: list[Problem]
    title: str
    number: int
    total_number: int


def compose(services, request: BriefingRequest) -> Composed:
    """The document's blocks, the problems found, the title and the numbers."""
    issued_on = request.issued_on or dt.date.today()
    text = request.template_text
    if text is None:
        text = templates.builtin(request.kind.value)
    tpl = templates.parse(text)
    ctx = fig.FigureContext(services, request.org_id, request.period, issued_on)
    filler = Filler(ctx)
    for p in tpl.problems:
        filler.problem(p.line, p.marker, p.message)
    filler.check_names(tpl.body)
    filler.check_names(tuple(v for _line, v in tpl.settings.values()))
    org = ctx.org

    title_line, title_src = tpl.settings.get("标题", (0, ""))
    title = request.title.strip() or filler.text(title_src, title_line).strip()
    if not title:
        title = f"{org.display_name}{request.period.label}{request.kind.value}"
    issuer = request.issuer.strip() or org.name
    svc = briefing_service(services)
    numbers = svc.next_numbers(request.org_id, request.kind.value, issued_on.year)
    number = request.number or numbers.number

    blocks: list = [Title(title)]
    if sub := tpl.setting("副标题"):
        blocks.append(Subtitle(filler.text(sub, tpl.settings["副标题"][0])))
    blocks += filler.blocks(tpl.body)

    masthead = distribution = None
    if request.kind is Kind.BULLETIN:
        own = svc.issuer_settings(request.org_id)
        name = request.masthead_name.strip() or own.masthead or tpl.setting("报头") or DEFAULT_MASTHEAD
        masthead = Masthead(name, number, f"{issuer}编", issued_on, numbers.total)
        lines = request.recipients
        if lines is None:
            lines = own.lines or tuple((k, tpl.setting(k)) for k in ("报", "送", "发") if tpl.setting(k))
        copies = request.copies if request.copies is not None else (own.copies or _copies(tpl))
        checked = clean_issuer_settings(name, lines, copies or None)  # raises for what cannot print
        if checked.lines or checked.copies:
            distribution = Distribution(checked.lines, checked.copies)
    else:
        blocks.append(Signature(issuer, issued_on))

    spec = DocSpec(tuple(blocks), title=title, author=issuer, masthead=masthead,
                   distribution=distribution, keywords=(request.kind.value, request.period.label))
    return Composed(spec, filler.problems, title, number, numbers.total)


def _copies(tpl: templates.Template) -> int | None:
    text = tpl.setting("印数").rstrip("份").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def render_briefing(services, request: BriefingRequest) -> BriefingResult:
    """PDF bytes for the preview, and the problems that stop it from being issued."""
    if request.copies is not None and request.copies < 0:
        raise ValidationError("印数不能是负数（0 表示不印“共印X份”）", field="印数")
    made = compose(services, request)
    from app.reports.kit.document import render_counted  # reportlab loads when a page is made

    pdf, pages = render_counted(made.spec)
    return BriefingResult(pdf, tuple(made.problems), pages, made.title, made.number, request,
                          made.total_number)


def issue_briefing(services, request: BriefingRequest, out: Path | None = None):
    """Renders and keeps the document under the issuer's next numbers; refuses while problems
    remain. With ``out``, the PDF is written there too, in the order that never takes a number
    for a file that was not written: first to a temporary file beside ``out``
    (app.services.kit.files), then the issue is kept, then the file takes its name. Returns
    (BriefingRow, BriefingResult)."""
    issued_on = request.issued_on or dt.date.today()
    request = replace(request, issued_on=issued_on)
    result = render_briefing(services, request)
    if result.problems:
        listed = "；".join(str(p) for p in result.problems[:5])
        more = f"等{len(result.problems)}处" if len(result.problems) > 5 else ""
        raise ValidationError(f"材料中还有数字没有填上，不能印发：{listed}{more}", field="模板")
    if out is None:
        return _keep(services, request, result), result
    from app.services.kit.files import replacing

    row = None
    try:
        with replacing(out, kind="PDF") as tmp:
            try:
                tmp.write_bytes(result.pdf)
            except OSError as exc:
                raise StorageError(os_error_text(exc, out)) from exc
            row = _keep(services, request, result)
    except StorageError as exc:
        if row is None:
            raise StorageError(f"{exc.message}材料没有印发（期号未占用）。") from exc
        raise StorageError(f"材料已印发为{row.label}并保存在台账中，但文件没有写成：{exc.message}"
                           "可用“已印发”列表重新输出。") from exc
    return row, result


def _keep(services, request: BriefingRequest, result: BriefingResult):
    """Registers the issue under the numbers it was made with (BriefingRow)."""
    from app.services.briefings.service import IssueInput

    text = request.template_text
    if text is None:
        text = templates.builtin(request.kind.value)
    return briefing_service(services).issue(IssueInput(
        kind=request.kind.value, number=result.number, total_number=result.total_number,
        title=result.title, issued_on=request.issued_on or dt.date.today(), pdf=result.pdf,
        pages=result.pages, org_id=request.org_id, period_label=request.period.label,
        period_start=request.period.start, period_end=request.period.end,
        issuer=request.issuer.strip() or services.orgs.get(request.org_id).name, template=text,
    ))


class FigureValues:
    """Each figure's value as printed, for the 材料 tab's paragraph view and 插入数字 list: computed
    on first asking, once per organisation, period and date."""

    def __init__(self, services, request: BriefingRequest) -> None:
        issued_on = request.issued_on or dt.date.today()
        self.ctx = fig.FigureContext(services, request.org_id, request.period, issued_on)
        self._texts: dict[str, str | None] = {}
        self.reasons: dict[str, str] = {}

    def text(self, name: str) -> str | None:
        """The printed value ("530名", "增加12名（2.3%）"), or None with ``reasons[name]`` set."""
        if name not in self._texts:
            try:
                self._texts[name] = fig.evaluate(name, self.ctx).text()
            except KeyError:
                self._texts[name] = None
                self.reasons[name] = "不是可用的数字名称"
            except fig.FigureUnavailable as exc:
                self._texts[name] = None
                self.reasons[name] = exc.reason
        return self._texts[name]
