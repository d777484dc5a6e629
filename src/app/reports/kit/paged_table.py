"""Long tables (roster lists of thousands of members) cut into one table per page.

reportlab splits a long Table page by page, re-measuring all remaining rows at each split,
which takes minutes for 16,000 rows. Here each row is measured once (plain text cells need
no Paragraph at all), the rows are packed into pages, and every page gets its own table
with the header row on top.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from app.reports.kit import styles as st
from app.reports.kit.blocks import Table
from app.reports.kit.fonts import Role, font_name, markup, string_width

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 3.0, 4.0
HEADER_FILL = colors.HexColor("#F2F2F2")


def _cell(text: str, style, col_width: float, role: Role):
    """Plain text when it fits on one line in the cell's own font, else a wrapping Paragraph."""
    marked = markup(text, role)
    if marked == escape(text) and string_width(text, role, style.fontSize) <= col_width - 2 * PAD_X:
        return text
    return Paragraph(marked, style)


def paged_tables(table: Table, width: float, first_room: float, room: float,
                 font_size: float | None = None) -> list[Flowable]:
    """Tables (one per page, header on each) separated by page breaks. ``first_room`` is the
    height left on the first page, ``room`` the height of a full page."""
    size = font_size or table.font_size
    leading = size * 1.35
    styles = st.styles()
    centre = styles["cell"].clone("pt_cell", fontSize=size, leading=leading)
    left = styles["cell_left"].clone("pt_left", fontSize=size, leading=leading)
    head_style = styles["head_cell"].clone("pt_head", fontSize=size, leading=leading)
    rel = table.widths or (1.0,) * len(table.header)
    widths = [width * w / sum(rel) for w in rel]
    inner = [w - 2 * PAD_X for w in widths]

    header = [Paragraph(markup(h, Role.HEI), head_style) for h in table.header]
    header_h = max(p.wrap(w, 10_000)[1] for p, w in zip(header, inner, strict=True))
    header_h += PAD_TOP + PAD_BOTTOM
    plain_h = leading + PAD_TOP + PAD_BOTTOM

    out: list[Flowable] = []
    rows: list[list] = []
    heights: list[float] = []
    used, limit = header_h, first_room

    def flush() -> None:
        out.append(_page_table([header, *rows], widths, [header_h, *heights], table, size))

    for values in table.rows:
        cells = [
            _cell(str(v), left if i in table.align_left else centre, widths[i], Role.FANGSONG)
            for i, v in enumerate(values)
        ]
        h = max([plain_h] + [c.wrap(inner[i], 10_000)[1] + PAD_TOP + PAD_BOTTOM
                             for i, c in enumerate(cells) if isinstance(c, Paragraph)])
        h = max(h, table.row_height or 0)
        if rows and used + h > limit:
            flush()
            out.append(PageBreak())
            rows, heights, used, limit = [], [], header_h, room
        rows.append(cells)
        heights.append(h)
        used += h
    flush()
    return out


def _page_table(data: list[list], widths: list[float], heights: list[float],
                table: Table, size: float) -> RLTable:
    t = RLTable(data, colWidths=widths, rowHeights=heights)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font_name(Role.FANGSONG)),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size * 1.35),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ]
    commands += [("ALIGN", (c, 1), (c, -1), "LEFT") for c in table.align_left]
    t.setStyle(TableStyle(commands))
    return t
