"""Long tables (roster lists of thousands of members) cut into one table per page.

reportlab splits a long Table page by page, re-measuring all remaining rows at each split,
which takes minutes for 16,000 rows. Here each row is measured once (plain text cells need
no Paragraph at all), the rows are packed into pages, and every page gets its own table
with the header row on top.

A table may have group rows (``Table.groups``: one cell across the table showing the row's first
value, e.g. a branch and its count; the second value, if any, names the group when it goes on):
a group row never ends a page, and a group that goes on to the next page starts it again with
its name marked （续）. ``fit_widths`` sizes columns to what they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from app.reports.kit import styles as st
from app.reports.kit.blocks import Table
from app.reports.kit.fonts import Role, font_name, markup, string_width

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 3.0, 4.0
HEADER_FILL = colors.HexColor("#F2F2F2")
GROUP_FILL = colors.HexColor("#E8E8E8")
CONTINUED = "（续）"


def _cell(text: str, style, col_width: float, role: Role, pad_x: float):
    """Plain text when it fits on one line in the cell's own font, else a wrapping Paragraph."""
    marked = markup(text, role)
    if marked == escape(text) and string_width(text, role, style.fontSize) <= col_width - 2 * pad_x:
        return text
    return Paragraph(marked, style)


def fit_widths(table: Table, width: float, font_size: float, *, flexible: Sequence[int] = (),
               pad_x: float = PAD_X, least_chars: float = 4) -> tuple[float, ...]:
    """Column widths (points, summing to ``width``) sized to the widest cell of each column, so
    that nothing wraps when there is room. Room to spare is shared out in proportion; when the
    widest cells do not all fit, the ``flexible`` columns (free text: units, addresses) give way
    first, down to ``least_chars`` characters, and wrap."""
    need: list[float] = []
    for i, head in enumerate(table.header):
        seen = {str(r[i]) for n, r in enumerate(table.rows) if n not in table.groups and i < len(r)}
        widest = max([string_width(v, Role.FANGSONG, font_size) for v in seen] or [0.0])
        longest_head = max(string_width(part, Role.HEI, font_size) for part in head.split("\n"))
        need.append(max(widest, longest_head, font_size) + 2 * pad_x + 1)
    total = sum(need)
    if total <= width:
        return tuple(w * width / total for w in need)
    least = least_chars * font_size + 2 * pad_x
    fixed = sum(w for i, w in enumerate(need) if i not in flexible)
    room = width - fixed
    flex_need = sum(need[i] for i in flexible)
    if flexible and room >= least * len(flexible):
        shares = {i: max(least, need[i] * room / flex_need) for i in flexible}
        scale = room / sum(shares.values())
        return tuple(shares[i] * scale if i in flexible else w for i, w in enumerate(need))
    return tuple(w * width / total for w in need)


def paged_tables(table: Table, width: float, first_room: float, room: float,
                 font_size: float | None = None, *, leading: float | None = None,
                 pad: tuple[float, float, float] = (PAD_X, PAD_TOP, PAD_BOTTOM)) -> list[Flowable]:
    """Tables (one per page, header on each) separated by page breaks. ``first_room`` is the
    height left on the first page, ``room`` the height of a full page."""
    size = font_size or table.font_size
    leading = leading or size * 1.35
    pad_x, pad_top, pad_bottom = pad
    styles = st.styles()
    centre = styles["cell"].clone("pt_cell", fontSize=size, leading=leading)
    left = styles["cell_left"].clone("pt_left", fontSize=size, leading=leading)
    head_style = styles["head_cell"].clone("pt_head", fontSize=size, leading=leading)
    group_style = styles["head_cell"].clone("pt_group", fontSize=size, leading=leading, alignment=0)
    rel = table.widths or (1.0,) * len(table.header)
    widths = [width * w / sum(rel) for w in rel]
    inner = [w - 2 * pad_x for w in widths]

    header = [Paragraph(markup(h, Role.HEI).replace("\n", "<br/>"), head_style) for h in table.header]
    header_h = max(p.wrap(w, 10_000)[1] for p, w in zip(header, inner, strict=True))
    header_h += pad_top + pad_bottom
    plain_h = leading + pad_top + pad_bottom
    n = len(table.header)

    def group_row(text: str) -> list:
        return [Paragraph(markup(text, Role.HEI), group_style)] + [""] * (n - 1)

    out: list[Flowable] = []
    page: list[tuple[list, float, bool]] = []  # cells, height, is a group row
    used, limit = header_h, first_room
    current_group = ""

    def flush() -> None:
        out.append(_page_table(page, header, header_h, widths, table, size, pad))

    for index, values in enumerate(table.rows):
        is_group = index in table.groups
        if is_group:
            current_group = str(values[1]) if len(values) > 1 and values[1] else str(values[0])
            cells, h = group_row(str(values[0])), plain_h
            ahead = plain_h  # a group row needs room for its first member below it
        else:
            cells = [
                _cell(str(v), left if i in table.align_left else centre, widths[i], Role.FANGSONG, pad_x)
                for i, v in enumerate(values)
            ]
            h = max([plain_h] + [c.wrap(inner[i], 10_000)[1] + pad_top + pad_bottom
                                 for i, c in enumerate(cells) if isinstance(c, Paragraph)])
            h = max(h, table.row_height or 0)
            ahead = 0.0
        if page and used + h + ahead > limit:
            flush()
            out.append(PageBreak())
            page, used, limit = [], header_h, room
            if not is_group and current_group:
                page.append((group_row(current_group + CONTINUED), plain_h, True))
                used += plain_h
        page.append((cells, h, is_group))
        used += h
    flush()
    return out


def _page_table(page: list[tuple[list, float, bool]], header: list, header_h: float,
                widths: list[float], table: Table, size: float,
                pad: tuple[float, float, float]) -> RLTable:
    data = [header] + [cells for cells, _h, _g in page]
    heights = [header_h] + [h for _c, h, _g in page]
    t = RLTable(data, colWidths=widths, rowHeights=heights)
    pad_x, pad_top, pad_bottom = pad
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font_name(Role.FANGSONG)),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size * 1.35),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad_top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
    ]
    commands += [("ALIGN", (c, 1), (c, -1), "LEFT") for c in table.align_left]
    for row, (_cells, _h, is_group) in enumerate(page, start=1):
        if is_group:
            commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_FILL)]
    t.setStyle(TableStyle(commands))
    return t
