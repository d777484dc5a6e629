"""What is drawn on every page besides the text: page numbers, the 简报 masthead, list
headers and footers. Pages are decorated when the document is finished, so that "共y页"
knows the page count."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from app.domain.kit.text import cn_date
from app.reports.kit import styles as st
from app.reports.kit.blocks import Masthead
from app.reports.kit.fonts import Role, draw_string, font_name, string_width

Decorate = Callable[[Canvas, int, int], None]  # canvas, page number (from 1), page count


def canvas_maker(decorate: Decorate) -> type[Canvas]:
    """A Canvas class that holds pages back until save(), then decorates each one."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Not Helvetica: every font in the file is an embedded one.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font_name(Role.FANGSONG)
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                self.saveState()
                decorate(self, number, total)
                self.restoreState()
                super().showPage()
            super().save()

    return DecoratedCanvas


def page_number(canvas: Canvas, number: int) -> None:
    """"— 1 —" in 四号宋体, its top 7 mm below the text block; odd pages on the right and even
    pages on the left, one character in from the edge of the text block."""
    size = st.PAGE_NUMBER_SIZE
    text = f"— {number} —"
    baseline = st.BOTTOM - st.PAGE_NUMBER_GAP - size * 0.8
    if number % 2:
        draw_string(canvas, st.LEFT + st.BLOCK_WIDTH - size, baseline, text, Role.SONG, size,
                    anchor="right")
    else:
        draw_string(canvas, st.LEFT + size, baseline, text, Role.SONG, size)


# Height of the masthead on the first page of a 简报, in lines of the text block.
MASTHEAD_LINES = 6


def masthead(canvas: Canvas, head: Masthead) -> None:
    top = st.PAGE_HEIGHT - st.TOP
    centre = st.LEFT + st.BLOCK_WIDTH / 2
    size = 42.0  # 初号; smaller for a long name so it stays on one line
    while size > 22 and string_width(head.name, Role.TITLE, size) * 1.1 > st.BLOCK_WIDTH:
        size -= 2
    name_width = string_width(head.name, Role.TITLE, size)
    # Letter-spaced like a printed masthead when the name is short.
    gap = min(size * 0.5, (st.BLOCK_WIDTH * 0.8 - name_width) / max(1, len(head.name) - 1))
    gap = max(gap, 0)
    canvas.setFillColorRGB(*st.RED)
    x = centre - (name_width + gap * (len(head.name) - 1)) / 2
    for ch in head.name:
        x += draw_string(canvas, x, top - size * 0.95, ch, Role.TITLE, size) + gap
    canvas.setFillColorRGB(0, 0, 0)
    line = top - size - st.PITCH * 1.3
    if head.number is not None:
        issue = f"第{head.number}期"
        if head.total_number:
            issue += f"（总第{head.total_number}期）"
        draw_string(canvas, centre, line, issue, Role.FANGSONG, st.BODY_SIZE, anchor="centre")
    line -= st.PITCH * 1.5
    draw_string(canvas, st.LEFT + st.BODY_SIZE, line, head.issuer, Role.FANGSONG, st.BODY_SIZE)
    draw_string(canvas, st.LEFT + st.BLOCK_WIDTH - st.BODY_SIZE, line, cn_date(head.date),
                Role.FANGSONG, st.BODY_SIZE, anchor="right")
    rule = line - st.BODY_SIZE * 0.6
    canvas.setStrokeColorRGB(*st.RED)
    canvas.setLineWidth(2)
    canvas.line(st.LEFT, rule, st.LEFT + st.BLOCK_WIDTH, rule)


def list_footer(canvas: Canvas, number: int, total: int, printed: str) -> None:
    """第x页 共y页 in the middle and the printed date on the right, under a landscape list."""
    width, _height = st.LIST_PAGE
    y = st.LIST_BOTTOM - 20
    draw_string(canvas, width / 2, y, f"第{number}页 共{total}页", Role.FANGSONG, 10.5,
                anchor="centre")
    if printed:
        draw_string(canvas, width - st.LIST_MARGIN, y, printed, Role.FANGSONG, 10.5,
                    anchor="right")
