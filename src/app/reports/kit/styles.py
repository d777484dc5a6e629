"""Page geometry and type styles of printed documents (GB/T 9704-2012).

A4 portrait: top margin 37 mm, binding (left) margin 28 mm, text block 156 × 225 mm holding
22 lines of 28 characters. Body text 三号仿宋, headings 一、黑体 （一）楷体 1. and （1）仿宋, title
二号小标宋. Chinese point sizes: 初号 42, 小初 36, 一号 26, 二号 22, 三号 16, 四号 14, 小四 12.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.reports.kit import linebreak
from app.reports.kit.fonts import Role, font_name

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP = 37 * mm
LEFT = 28 * mm
BLOCK_WIDTH = 156 * mm
BLOCK_HEIGHT = 225 * mm
BOTTOM = PAGE_HEIGHT - TOP - BLOCK_HEIGHT  # ≈ 35 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # ≈ 28.95 pt
BODY_SIZE = BLOCK_WIDTH / CHARS_PER_LINE  # ≈ 15.79 pt: 28 characters fill the line exactly
TITLE_SIZE = 22.0  # 二号
PAGE_NUMBER_SIZE = 14.0  # 四号
PAGE_NUMBER_GAP = 7 * mm  # below the text block

LIST_PAGE = landscape(A4)
LIST_MARGIN = 15 * mm
LIST_TOP = 20 * mm
LIST_BOTTOM = 18 * mm

RED = (0.85, 0.0, 0.0)

def _style(name: str, role: Role, size: float, leading: float, **kw) -> ParagraphStyle:
    linebreak.install()
    return ParagraphStyle(name, fontName=font_name(role), fontSize=size, leading=leading,
                          wordWrap="CJK", **kw)


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Named styles: title, body, h1..h4, signature, table cells, list title."""
    indent = 2 * BODY_SIZE
    body = dict(firstLineIndent=indent, alignment=TA_JUSTIFY)
    return {
        "title": _style("title", Role.TITLE, TITLE_SIZE, PITCH * 1.25, alignment=TA_CENTER,
                        spaceAfter=PITCH * 0.75),
        "subtitle": _style("subtitle", Role.KAI, BODY_SIZE, PITCH, alignment=TA_CENTER,
                           spaceAfter=PITCH),
        "body": _style("body", Role.FANGSONG, BODY_SIZE, PITCH, **body),
        "h1": _style("h1", Role.HEI, BODY_SIZE, PITCH, **body),
        "h2": _style("h2", Role.KAI, BODY_SIZE, PITCH, **body),
        "h3": _style("h3", Role.FANGSONG, BODY_SIZE, PITCH, **body),
        "h4": _style("h4", Role.FANGSONG, BODY_SIZE, PITCH, **body),
        "plain": _style("plain", Role.FANGSONG, BODY_SIZE, PITCH, alignment=TA_LEFT),
        "right": _style("right", Role.FANGSONG, BODY_SIZE, PITCH, alignment=TA_RIGHT),
        "caption": _style("caption", Role.HEI, 14, PITCH, alignment=TA_CENTER, keepWithNext=1),
        "cell": _style("cell", Role.FANGSONG, 12, 16, alignment=TA_CENTER),
        "cell_left": _style("cell_left", Role.FANGSONG, 12, 16, alignment=TA_LEFT),
        "head_cell": _style("head_cell", Role.HEI, 12, 16, alignment=TA_CENTER),
        "list_title": _style("list_title", Role.TITLE, 20, 28, alignment=TA_CENTER, spaceAfter=4),
        "list_info": _style("list_info", Role.FANGSONG, 12, 18, alignment=TA_LEFT),
        "list_info_right": _style("list_info_right", Role.FANGSONG, 12, 18, alignment=TA_RIGHT),
        "distribution": _style("distribution", Role.FANGSONG, 14, 22, alignment=TA_LEFT,
                               leftIndent=14, firstLineIndent=0),
    }
