"""Chinese line breaking for reportlab paragraphs (wordWrap="CJK").

Rules (GB/T 15834 practice): no line starts with closing punctuation ，。；：？！）》”’、 and no
line ends with opening punctuation （《“‘; numbers and Latin words are not split. reportlab's
own splitter only knows a Japanese list of characters that may not start a line, and it
lets such a character hang past the right edge. ``install()`` replaces it with
``cjk_frag_split``, which instead moves the character before the break down to the next line
(the shortened line is then spread to the full width when justified: reportlab justifies by
widening spaces only, which Chinese text has none of, so justified lines get letter spacing).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

CANNOT_START = "，。、；：？！）》〉」』】〕］｝”’…—·．,.;:?!)]}%％‰℃°"
CANNOT_END = "（《〈「『【〔［｛“‘([{￥$"
_UNSPLIT = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,%-/:")

_installed = False


def install() -> None:
    """Patches reportlab once per process (both copies of its list, and its CJK splitter)."""
    global _installed
    if _installed:
        return
    extra = "".join(c for c in CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    textsplit.ALL_CANNOT_END += "".join(c for c in CANNOT_END if c not in textsplit.ALL_CANNOT_END)
    paragraph.cjkFragSplit = cjk_frag_split
    paragraph._justifyDrawParaLineX = _justify_line
    paragraph.Paragraph.breakLinesCJK = _break_lines_cjk
    plain_split = paragraph.Paragraph._get_split_blParaFunc

    def split_func(self):
        lines = getattr(self.blPara, "lines", None) or []
        if self.blPara.kind == 1 and lines and hasattr(lines[0], "cjk_chars"):
            return _split_cjk
        return plain_split(self)

    paragraph.Paragraph._get_split_blParaFunc = split_func
    _installed = True


def _break_at(chars: list[str], start: int, end: int) -> int:
    """Moves a break before index ``end`` back until neither rule is broken; keeps at least
    half the line so a pathological run of punctuation still makes progress."""
    floor = start + max(1, (end - start) // 2)
    i = end
    while i > floor:
        nxt = chars[i] if i < len(chars) else ""
        prev = chars[i - 1]
        starts_badly = bool(nxt) and nxt in CANNOT_START
        ends_badly = prev in CANNOT_END
        splits_word = bool(nxt) and nxt in _UNSPLIT and prev in _UNSPLIT
        if not (starts_badly or ends_badly or splits_word):
            return i
        i -= 1
    return end


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803
    """Same contract as reportlab.platypus.paragraph.cjkFragSplit."""
    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(paragraph.cjkU(text, f, encoding))
    chars = [str(u) for u in units]
    lines: list[Any] = []
    start = 0
    n = len(units)
    while start < n:
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        used = 0.0
        i = start
        forced = False
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                forced = True
                i += 1
                break
            w = u.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_width
                w = w.normalizedValue(max_width)
            if used + w > max_width + 1e-8 and i > start:
                break
            used += w
            i += 1
        if not forced and i < n:
            i = _break_at(chars, start, i)
        line_units = units[start:i]
        width = sum(_width(u, max_width) for u in line_units if not hasattr(u.frag, "lineBreak"))
        line = paragraph.makeCJKParaLine(
            line_units, max_width, width, max_width - width, forced, calcBounds)
        line.cjk_chars = len(line_units)
        lines.append(line)
        start = i
    return paragraph.ParaLines(kind=1, lines=lines)


def _width(u, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


_plain_justify = paragraph._justifyDrawParaLineX


def _justify_line(tx, offset, line, last=0):
    """Justifies a Chinese line by spacing its characters; other lines as reportlab does."""
    n = getattr(line, "cjk_chars", 0)
    if n < 2 or last or line.lineBreak or line.extraSpace <= 1e-6:
        return _plain_justify(tx, offset, line, last)
    tx._x_offset = offset
    paragraph.setXPos(tx, offset)
    tx.setCharSpace(line.extraSpace / (n - 1))
    paragraph._putFragLine(offset, tx, line, last, "justify")
    tx.setCharSpace(0)
    paragraph.setXPos(tx, -offset)


def _break_lines_cjk(self, maxWidths):  # noqa: N803
    """Paragraph.breakLinesCJK without its single-fragment shortcut, which bypasses the
    rules above and cannot be justified."""
    if not isinstance(maxWidths, list | tuple):
        maxWidths = [maxWidths]  # noqa: N806
    style = self.style
    self.height = 0
    paragraph._handleBulletWidth(self.bulletText, style, maxWidths)
    frags = self.frags
    if not frags:
        return paragraph.ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                                   textColor=style.textColor, lines=[], ascent=style.fontSize,
                                   descent=-0.2 * style.fontSize)
    if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
        return self.blPara
    auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
    return cjk_frag_split(frags, maxWidths, auto not in ("", "off"))


def _split_cjk(blPara, start, stop):  # noqa: N803
    """The fragments of lines start..stop of a split paragraph, joined without the space
    reportlab puts between lines of Latin text."""
    return [w.clone() for line in blPara.lines[start:stop] for w in line.words]
