"""The document engine every printout uses: blocks in, PDF bytes out.

``render(spec)`` lays out a portrait document on the GB/T 9704 grid (22 lines × 28 characters,
page numbers alternating sides, optional 简报 masthead and distribution block);
``render_list(...)`` lays out a landscape A4 list (roster lists) whose table header repeats
on every page, with "第x页 共y页" and the printed date.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from app import APP_NAME
from app.domain.kit.text import cn_date
from app.reports.kit import charts, pages
from app.reports.kit import styles as st
from app.reports.kit.blocks import (
    Blank,
    Block,
    Chart,
    Distribution,
    DocSpec,
    Heading,
    Missing,
    NewPage,
    Para,
    Part,
    Picture,
    Seals,
    Signature,
    Subtitle,
    Table,
    Title,
)
from app.reports.kit.fonts import Role, font_name, markup, string_width
from app.reports.kit.linebreak import balanced_lines
from app.reports.kit.paged_table import paged_tables
from app.reports.kit.pictures import picture_flowables

CHART_LINES = {"bar": 8, "pie": 6}  # lines of the text block a chart takes
CHART_MIN_LINES = 5  # a chart shrinks down to this to use the rest of a page


def parts_markup(parts: Sequence[Part], role: Role) -> str:
    out = []
    for p in parts:
        if isinstance(p, Missing):
            out.append(f'<font color="#D00000">【{markup(p.name, role)}？】</font>')
        else:
            out.append(markup(p, role))
    return "".join(out)


def _role(style_name: str) -> Role:
    return {"h1": Role.HEI, "h2": Role.KAI, "title": Role.TITLE, "list_title": Role.TITLE,
            "subtitle": Role.KAI}.get(
        style_name, Role.FANGSONG)


def _para(parts: Sequence[Part], style_name: str, **overrides) -> Paragraph:
    style = st.styles()[style_name]
    if overrides:
        style = style.clone(style.name + "_x", **overrides)
    return Paragraph(parts_markup(parts, _role(style_name)), style)


def heading_flowable(heading: Heading) -> Paragraph:
    """A heading line. When text follows the heading's first sentence on the same line
    ("（一）夯实基层组织体系。坚持……"), only that sentence is set in the heading's face (黑体 or
    楷体) and the rest in the body's 仿宋, as run-in headings are printed."""
    level = min(max(heading.level, 1), 4)
    name = f"h{level}"
    role = _role(name)
    head: list[Part] = []
    rest: list[Part] = []
    ended = False  # the heading's first sentence has ended
    for part in heading.parts:
        if ended:
            rest.append(part)
        elif isinstance(part, str) and "。" in part:
            cut = part.index("。") + 1
            head.append(part[:cut])
            if part[cut:]:
                rest.append(part[cut:])
            ended = True
        else:
            head.append(part)
    if not rest or role is Role.FANGSONG:
        return _para(heading.parts, name)
    body = parts_markup(rest, Role.FANGSONG)
    text = parts_markup(head, role) + f'<font name="{font_name(Role.FANGSONG)}">{body}</font>'
    return Paragraph(text, st.styles()[name])


def table_flowable(table: Table, width: float, *, font_size: float | None = None,
                   header_fill=colors.HexColor("#F2F2F2")) -> RLTable:
    """A ruled table filling ``width``; its header row repeats on every page."""
    font_size = font_size or table.font_size
    styles = st.styles()
    cell = styles["cell"].clone("cellx", fontSize=font_size, leading=font_size * 1.35)
    left = styles["cell_left"].clone("cell_leftx", fontSize=font_size, leading=font_size * 1.35)
    head = styles["head_cell"].clone("head_cellx", fontSize=font_size, leading=font_size * 1.35)
    n = len(table.header)
    rel = table.widths or (1.0,) * n
    col_widths = [width * w / sum(rel) for w in rel]
    data = [[Paragraph(markup(h, Role.HEI), head) for h in table.header]]
    for row in table.rows:
        data.append([
            Paragraph(markup(str(v), Role.FANGSONG), left if i in table.align_left else cell)
            for i, v in enumerate(row)
        ])
    heights = None
    if table.row_height:
        heights = [None] + [table.row_height] * len(table.rows)
    t = RLTable(data, colWidths=col_widths, rowHeights=heights, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font_name(Role.FANGSONG)),  # no stray Helvetica
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), header_fill),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


class FootBlock(Flowable):
    """Takes the rest of the last page and draws the distribution block at its foot."""

    def __init__(self, dist: Distribution) -> None:
        super().__init__()
        self.dist = dist
        self.items: list[Paragraph] = []
        base = st.styles()["distribution"]
        for label, names in dist.lines:
            hang = string_width(f"{label}：", Role.FANGSONG, base.fontSize)
            style = base.clone("dist_" + label, leftIndent=base.leftIndent + hang,
                               firstLineIndent=-hang)
            self.items.append(Paragraph(markup(f"{label}：{names}", Role.FANGSONG), style))
        self.copies = (
            Paragraph(markup(f"（共印{dist.copies}份）", Role.FANGSONG), st.styles()["right"].clone(
                "copies", fontSize=14, leading=22, rightIndent=14))
            if dist.copies else None
        )

    def _measure(self, width: float) -> float:
        self.heights = [p.wrap(width, 10_000)[1] for p in self.items]
        self.copies_height = self.copies.wrap(width, 10_000)[1] if self.copies else 0
        return sum(self.heights) + self.copies_height + 16

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.need = self._measure(availWidth)
        self.height = availHeight if self.need <= availHeight else self.need
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        c = self.canv
        y = self.need - 4
        c.setLineWidth(1)
        c.line(0, y, self.width, y)
        for p, h in zip(self.items, self.heights, strict=True):
            y -= h
            p.drawOn(c, 0, y)
            c.setLineWidth(0.5)
            c.line(0, y - 2, self.width, y - 2)
        if self.copies:
            y -= self.copies_height + 4
            self.copies.drawOn(c, 0, y)


def title_paragraph(text: str, style_name: str, width: float) -> Paragraph:
    """A centred title in balanced lines (never one character alone on the last line)."""
    style = st.styles()[style_name]

    def measure(s: str) -> float:
        return string_width(s, _role(style_name), style.fontSize)

    lines = balanced_lines(text, width - 1, measure, words=True)
    return Paragraph("<br/>".join(markup(line, _role(style_name)) for line in lines), style)


def _signature(sig: Signature) -> Flowable:
    size = st.BODY_SIZE
    date_text = cn_date(sig.date)
    wd = string_width(date_text, Role.FANGSONG, size)
    wi = string_width(sig.issuer, Role.FANGSONG, size)
    date_indent = 4 * size
    issuer_indent = max(0.0, date_indent + (wd - wi) / 2)
    return KeepTogether([
        # spaceBefore, not a Spacer: it is dropped when the signature starts a page.
        _para([sig.issuer], "right", rightIndent=issuer_indent, spaceBefore=st.PITCH),
        _para([date_text], "right", rightIndent=date_indent),
    ])


def _seals(seals: Seals, width: float) -> Flowable:
    """The parties' blocks in columns, unruled, kept on one page: each names its party, leaves
    room for the seal and the signature, and a date line 年 月 日 to fill in."""
    style = st.styles()["plain"]
    n = max(1, len(seals.parties))
    date = style.clone("seal_date", alignment=2, rightIndent=style.fontSize * 2)
    cells = [[_para([f"{role}（盖章）："], "plain") for role, _name in seals.parties],
             [_para([name], "plain") for _role, name in seals.parties],
             [Spacer(1, st.PITCH * 2) for _ in seals.parties],
             [_para([seals.signer], "plain") for _ in seals.parties],
             [Paragraph(markup("年" + "\xa0" * 8 + "月" + "\xa0" * 8 + "日", Role.FANGSONG), date)
              for _ in seals.parties]]
    t = RLTable(cells, colWidths=[width / n] * n)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name(Role.FANGSONG)),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, st.PITCH), t])


def flowables(blocks: Sequence[Block], width: float = st.BLOCK_WIDTH) -> list[Flowable]:
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Title):
            out.append(title_paragraph(b.text, "title", width))
        elif isinstance(b, Subtitle):
            out.append(_para([b.text], "subtitle"))
        elif isinstance(b, Heading):
            out.append(heading_flowable(b))
        elif isinstance(b, Para):
            out.append(_para(b.parts, "body" if b.indent else "plain"))
        elif isinstance(b, Table):
            if b.caption:
                out.append(_para([b.caption], "caption"))
            t = table_flowable(b, width)
            t.spaceAfter = st.PITCH / 2  # not a Spacer: space is dropped at the top of a page
            out.append(t)
        elif isinstance(b, Chart):
            out.append(charts.ChartFlowable(b, width, CHART_LINES.get(b.kind, 8) * st.PITCH,
                                            CHART_MIN_LINES * st.PITCH))
        elif isinstance(b, Picture):
            out.extend(picture_flowables(b, width))
        elif isinstance(b, Signature):
            out.append(_signature(b))
        elif isinstance(b, Seals):
            out.append(_seals(b, width))
        elif isinstance(b, Blank):
            out.append(Spacer(1, st.PITCH * b.lines))
        elif isinstance(b, NewPage):
            out.append(PageBreak())
    return out


def _frame(top_lines: float = 0) -> Frame:
    # Half a point of slack so that 22 whole lines always fit despite rounding.
    height = st.BLOCK_HEIGHT - top_lines * st.PITCH + 0.5
    return Frame(st.LEFT, st.BOTTOM - 0.5, st.BLOCK_WIDTH, height, leftPadding=0, rightPadding=0,
                 topPadding=0, bottomPadding=0, id=f"block{top_lines}")


def render(spec: DocSpec) -> bytes:
    """The portrait document as PDF bytes (fonts embedded as subsets)."""
    return render_counted(spec)[0]


def render_counted(spec: DocSpec) -> tuple[bytes, int]:
    """The portrait document as PDF bytes, and its number of pages."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT), leftMargin=st.LEFT,
        rightMargin=st.PAGE_WIDTH - st.LEFT - st.BLOCK_WIDTH, topMargin=st.TOP,
        bottomMargin=st.BOTTOM, title=spec.title, author=spec.author, creator=APP_NAME,
        subject=spec.title, keywords=list(spec.keywords), invariant=True,
    )
    later = PageTemplate(id="later", frames=[_frame()])
    if spec.masthead:
        first = PageTemplate(id="first", frames=[_frame(pages.MASTHEAD_LINES)],
                             autoNextPageTemplate="later")
        doc.addPageTemplates([first, later])
    else:
        doc.addPageTemplates([later])
    story = flowables(spec.blocks)
    if spec.distribution:
        story.append(FootBlock(spec.distribution))

    count = [0]

    def decorate(canvas, number: int, total: int) -> None:
        count[0] = total
        if number == 1 and spec.masthead:
            pages.masthead(canvas, spec.masthead)
        if spec.page_numbers:
            pages.page_number(canvas, number)

    doc.build(story or [Spacer(1, 1)], canvasmaker=pages.canvas_maker(decorate))
    return buf.getvalue(), count[0]


@dataclass(frozen=True)
class ListSpec:
    """A landscape list: title, a line of context on the left and right, one table."""

    title: str
    table: Table
    info_left: str = ""
    info_right: str = ""
    printed_on: dt.date | None = None
    font_size: float = 11
    blocks_after: tuple[Block, ...] = ()
    leading: float | None = None  # line height in table cells; default 1.35 × font size
    padding: tuple[float, float, float] = (3.0, 3.0, 4.0)  # cell padding: sides, top, bottom


def render_list(spec: ListSpec) -> bytes:
    return render_list_counted(spec)[0]


def render_list_counted(spec: ListSpec) -> tuple[bytes, int]:
    """The landscape list as PDF bytes, and its number of pages."""
    buf = io.BytesIO()
    width, height = st.LIST_PAGE
    doc = BaseDocTemplate(
        buf, pagesize=st.LIST_PAGE, leftMargin=st.LIST_MARGIN, rightMargin=st.LIST_MARGIN,
        topMargin=st.LIST_TOP, bottomMargin=st.LIST_BOTTOM, title=spec.title, creator=APP_NAME,
        invariant=True,
    )
    frame = Frame(st.LIST_MARGIN, st.LIST_BOTTOM, width - 2 * st.LIST_MARGIN,
                  height - st.LIST_TOP - st.LIST_BOTTOM, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="list", frames=[frame])])
    styles = st.styles()
    inner = width - 2 * st.LIST_MARGIN
    story: list[Flowable] = [title_paragraph(spec.title, "list_title", inner)]
    if spec.info_left or spec.info_right:
        info = RLTable(
            [[Paragraph(markup(spec.info_left, Role.FANGSONG), styles["list_info"]),
              Paragraph(markup(spec.info_right, Role.FANGSONG), styles["list_info_right"])]],
            colWidths=[inner * 0.6, inner * 0.4])
        info.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name(Role.FANGSONG)),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story.append(info)
    frame_height = height - st.LIST_TOP - st.LIST_BOTTOM
    above = sum(f.wrap(inner, frame_height)[1] + f.getSpaceAfter() for f in story)
    story += paged_tables(spec.table, inner, frame_height - above - 1, frame_height - 1,
                          font_size=spec.font_size, leading=spec.leading, pad=spec.padding)
    story += flowables(spec.blocks_after, inner)
    printed = f"打印日期：{cn_date(spec.printed_on)}" if spec.printed_on else ""

    count = [0]

    def decorate(canvas, number: int, total: int) -> None:
        count[0] = total
        pages.list_footer(canvas, number, total, printed)

    doc.build(story, canvasmaker=pages.canvas_maker(decorate))
    return buf.getvalue(), count[0]
