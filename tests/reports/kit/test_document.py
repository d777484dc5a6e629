"""The document engine: GB/T 9704 page geometry, fonts embedded, Chinese line breaking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.reports.kit import styles as st
from app.reports.kit.blocks import (
    Chart,
    Distribution,
    DocSpec,
    Heading,
    Masthead,
    Missing,
    Para,
    Signature,
    Table,
    Title,
)
from app.reports.kit.document import render, render_counted
from app.reports.kit.linebreak import CANNOT_END, CANNOT_START
from tests.reports.kit.pdfcheck import MM, fonts, layout_lines, needs_poppler, reader, text, words

PROSE = ("社区党组织认真落实“三会一课”制度，推进《中国共产党章程》学习，组织开展“主题党日”活动，"
         "党员参与率达到95%以上；群众满意度持续提升！网格党支部（含楼栋党小组）发挥了作用？是的。")


def three_pages() -> DocSpec:
    blocks = [Title("青山县2026年第三季度党建工作汇报"), Heading(("一、基本情况",), 1)]
    blocks += [Para((PROSE * 2,)) for _ in range(7)]
    blocks.append(Signature("中共青山县委组织部", dt.date(2026, 7, 1)))
    return DocSpec(tuple(blocks), title="测试")


def test_a4_with_every_font_embedded() -> None:
    pdf, pages = render_counted(three_pages())
    assert pages == 3
    for page in reader(pdf).pages:
        assert abs(float(page.mediabox.width) - 595.28) < 0.5
        assert abs(float(page.mediabox.height) - 841.89) < 0.5
    used = fonts(pdf)
    assert used and all(used.values()), used


def test_body_is_28_characters_a_line_22_lines_a_page() -> None:
    assert 15.75 <= st.BODY_SIZE <= 16
    assert abs(st.PITCH - 28.95) < 0.1
    assert abs(st.BODY_SIZE * 28 - st.BLOCK_WIDTH) < 0.01


@needs_poppler
def test_text_block_starts_at_28mm_left_and_37mm_top(tmp_path: Path) -> None:
    ws = words(render(three_pages()), tmp_path)
    body = [w for w in ws if w.page == 2 and w.y0 < 700]
    assert abs(min(w.x0 for w in body) - 28 * MM) < 1 * MM
    assert abs(min(w.y0 for w in body) - 37 * MM) < 1 * MM
    # the text never runs past the right edge of the 156 mm block
    assert max(w.x1 for w in body) <= (28 + 156) * MM + 0.5


@needs_poppler
def test_page_numbers_alternate_sides(tmp_path: Path) -> None:
    ws = words(render(three_pages()), tmp_path)
    numbers = {w.page: w for w in ws if w.text in {"1", "2", "3"} and w.y0 > 740}
    assert set(numbers) == {1, 2, 3}
    right_edge, left_edge = (28 + 156) * MM, 28 * MM
    for page, w in numbers.items():
        # "— n —": the number sits inside the dashes, one 14 pt character in from the edge
        if page % 2:
            assert right_edge - 14 - 30 < w.x1 < right_edge - 14
        else:
            assert left_edge + 14 < w.x0 < left_edge + 14 + 30
        # 7 mm below the text block (top of the digits)
        assert abs(w.y0 - (37 + 225 + 7) * MM) < 1.5 * MM


@needs_poppler
def test_no_line_starts_or_ends_with_forbidden_punctuation(tmp_path: Path) -> None:
    starts = [i for i in range(0, 90, 2) if PROSE[i] not in CANNOT_START]
    blocks = [Para((PROSE[i:] + PROSE,)) for i in starts]
    lines = layout_lines(render(DocSpec(tuple(blocks))), tmp_path)
    body = [line for line in lines if not line.startswith("—")]
    assert len(body) > 60
    for line in body:
        assert line[0] not in CANNOT_START, line
        assert line[-1] not in CANNOT_END, line


def test_missing_figures_are_shown_in_red_not_left_blank() -> None:
    pdf = render(DocSpec((Para(("共有党员", Missing("党员总数"), "。")),)))
    assert "【党员总数？】" in text(pdf)


def test_rare_name_characters_print_with_a_font_that_has_them() -> None:
    from app.reports.kit.fonts import Role, font_name, font_with, has_glyph

    names = "堃喆赟昇镕䶮"
    for ch in names:
        f = font_with(ch, font_name(Role.SONG))
        assert f is not None and has_glyph(f, ch)
    pdf = render(DocSpec((Title("表彰" + names), Para((names,)))))
    assert names in text(pdf).replace("\n", "")


def test_tables_repeat_their_header_on_every_page_and_charts_draw() -> None:
    rows = tuple((f"第{i}网格党支部", str(i)) for i in range(80))
    spec = DocSpec((Table(("党组织", "党员数"), rows, caption="表1"),
                    Chart("bar", "党员类别分布", ("在职党员", "离退休党员"), (3, 2), "名"),
                    Chart("pie", "党员类别构成", ("在职党员", "离退休党员"), (3, 2), "名")))
    pdf, pages = render_counted(spec)
    assert pages >= 3
    per_page = [p.extract_text() for p in reader(pdf).pages]
    table_pages = [t for t in per_page if "网格党支部" in t]
    assert len(table_pages) >= 2 and all("党员数" in t for t in table_pages)
    assert "党员类别构成" in per_page[-1] and "离退休党员" in per_page[-1]


def test_bulletin_masthead_and_distribution_block() -> None:
    spec = DocSpec((Title("标题"), Para(("正文。",))),
                   masthead=Masthead("党建工作简报", 3, "中共青山县委组织部编", dt.date(2026, 7, 1)),
                   distribution=Distribution((("报", "县委"), ("发", "各社区党委")), 30))
    t = text(render(spec))
    for expected in ("党建工作简报", "第3期", "中共青山县委组织部编", "2026年7月1日", "报：县委",
                     "发：各社区党委", "共印30份"):
        assert expected in t.replace(" ", "").replace("\n", ""), expected
