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


# ---- balanced lines for titles and short labels ---------------------------------------------
# Words of the catalogues that labels are made of (党员类别, 学历, 组织类型, 单位性质): a label
# breaks between them ("下岗/失业", "待业/大学生"), never inside one.
WORDS = frozenset((
    "下岗", "失业", "待业", "大学生", "进城", "务工", "离退休", "常住", "在职", "流动", "研究生", "博士",
    "硕士", "大学", "本科", "专科", "中等", "职业", "高中", "初中", "小学", "非公有", "公有", "经济",
    "控制", "企业", "事业", "单位", "社会", "组织", "机关", "网格", "党支部", "党总支", "社区", "党委",
    "联合", "临时", "行业", "商圈", "商务", "楼宇", "党小组", "街道", "党工委", "居委会", "其他", "党员",
    "正式", "预备", "及以下", "及以上", "少数", "民族", "汉族", "男", "女",
    # words titles are made of
    "第一季度", "第二季度", "第三季度", "第四季度", "季度", "年度", "上半年", "下半年", "半年", "党建",
    "工作", "情况", "汇报", "简报", "基层", "推进", "扎实", "党组织", "关于", "通知", "报告", "调研",
    "建设", "服务", "群众", "治理", "专项", "经费", "活动", "总结", "计划", "会议", "主题", "党日",
    "签到表", "花名册", "名册", "党员名册", "集中", "排查", "开展", "落实", "加强", "创建", "品牌", "关系",
))
_LONGEST = max(len(w) for w in WORDS)


def segments(text: str) -> list[str]:
    """``text`` cut into known words, runs of digits or Latin letters, and single characters."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] in _UNSPLIT:
            j = i
            while j < len(text) and text[j] in _UNSPLIT:
                j += 1
            out.append(text[i:j])
            i = j
            continue
        for size in range(min(_LONGEST, len(text) - i), 0, -1):
            if size == 1 or text[i:i + size] in WORDS:
                out.append(text[i:i + size])
                i += size
                break
    return out


UNIT_AFTER_NUMBER = "年月日号期季度个名岁届次份"


def _legal(chars: str, i: int) -> bool:
    """May a line break before ``chars[i]``? Not inside a number, nor between a number and
    its unit (2026年, 第3期, 35岁)."""
    if i <= 0 or i >= len(chars):
        return False
    nxt, prev = chars[i], chars[i - 1]
    if (prev.isdigit() and nxt in UNIT_AFTER_NUMBER) or prev == "第":
        return False
    return not (nxt in CANNOT_START or prev in CANNOT_END or (nxt in _UNSPLIT and prev in _UNSPLIT))


def label_lines(text: str, width: float, measure) -> list[str]:
    """A short label (a chart's category) on one line, or two broken between words: the
    break that makes the wider line narrowest. A single word stays whole."""
    if measure(text) <= width:
        return [text]
    cuts = [0]
    for seg in segments(text):
        cuts.append(cuts[-1] + len(seg))
    inner = [i for i in cuts[1:-1] if _legal(text, i)]
    if not inner:
        return [text]
    best = min(inner, key=lambda i: (max(measure(text[:i]), measure(text[i:])), i))
    return [text[:best], text[best:]]


def balanced_lines(text: str, width: float, measure, words: bool = False) -> list[str]:
    """``text`` in as few lines as fit ``width`` (``measure(s)`` gives a string's width), the
    lines as equal as the break rules allow: no single character left alone on a last line.
    With ``words``, lines break only between the words of ``segments`` (when they can)."""
    if measure(text) <= width or len(text) < 2:
        return [text]
    allowed = [i for i in range(1, len(text)) if _legal(text, i)]
    if words:
        cuts = [0]
        for seg in segments(text):
            cuts.append(cuts[-1] + len(seg))
        allowed = [i for i in cuts[1:-1] if _legal(text, i)] or allowed
    if not allowed:
        return [text]
    total = measure(text)
    n = max(2, -(-int(total) // max(1, int(width))))
    while n <= len(text):
        lines = _split_even(text, allowed, n, total, width, measure)
        if lines is not None:
            return lines
        n += 1
    return [text]


def _split_even(text: str, allowed: list[int], n: int, total: float, width: float, measure):
    """Breaks nearest to k/n of the width for k = 1..n-1, or None if some line is too wide."""
    cuts = [0]
    for k in range(1, n):
        target = total * k / n
        later = [i for i in allowed if i > cuts[-1]]
        if not later:
            return None
        best = min(later, key=lambda i: (abs(measure(text[:i]) - target), -i))
        cuts.append(best)
    cuts.append(len(text))
    lines = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    if len(lines) != n or any(measure(line) > width + 0.01 for line in lines):
        return None
    return lines
