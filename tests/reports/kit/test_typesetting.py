"""Typesetting a secretary would notice: balanced title lines, charts kept on the page and with
their caption, chart labels broken between words."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.reports.kit import styles as st
from app.reports.kit.blocks import Chart, DocSpec, Para, Title
from app.reports.kit.charts import axis_labels
from app.reports.kit.document import render_counted
from app.reports.kit.fonts import Role, string_width
from app.reports.kit.linebreak import balanced_lines, label_lines
from tests.reports.kit.pdfcheck import needs_poppler, words


def title_width(s: str) -> float:
    return string_width(s, Role.TITLE, st.TITLE_SIZE)


@pytest.mark.parametrize("title", [
    "和平社区扎实推进2026年第三季度基层党建工作",
    "青山县城关街道党工委关于2026年上半年党建工作情况的汇报",
    "和平社区党委2026年度创建党建品牌工作作",
])
def test_titles_break_into_balanced_lines(title: str) -> None:
    lines = balanced_lines(title, st.BLOCK_WIDTH - 1, title_width, words=True)
    assert "".join(lines) == title
    assert all(title_width(line) <= st.BLOCK_WIDTH for line in lines)
    if len(lines) > 1:
        widths = [title_width(line) for line in lines]
        assert min(widths) > 0.6 * max(widths), lines  # never one character left alone
        assert all(len(line) > 3 for line in lines)
        assert not any(a[-1:].isdigit() and b[:1] in "年月日季期" for a, b in zip(lines, lines[1:], strict=False))
        assert not any(a.endswith("第") or (a.endswith("季") and b.startswith("度"))
                       for a, b in zip(lines, lines[1:], strict=False))


@needs_poppler
def test_the_printed_title_is_two_balanced_lines(tmp_path: Path) -> None:
    title = "和平社区扎实推进2026年第三季度基层党建工作"
    pdf, _ = render_counted(DocSpec((Title(title), Para(("正文。",)))))
    tops: dict[float, str] = {}
    for w in words(pdf, tmp_path):
        if w.y0 < 200:
            tops[round(w.y0)] = tops.get(round(w.y0), "") + w.text
    lines = [tops[k] for k in sorted(tops)][:2]
    assert lines == ["和平社区扎实推进2026年", "第三季度基层党建工作"]


def test_chart_labels_break_between_words() -> None:
    chart = Chart("bar", "党员类别分布", ("常住党员", "下岗失业党员", "待业大学生党员", "进城务工党员"),
                  (1, 2, 3, 4), "名")
    labels = axis_labels(chart, room=32, size=10.5)
    assert labels == ["常住", "下岗\n失业", "待业\n大学生", "进城\n务工"]
    assert label_lines("研究生（硕士）", 40, lambda s: len(s) * 10.5) == ["研究生", "（硕士）"]
    assert label_lines("离退休", 20, lambda s: len(s) * 10.5) == ["离退休"]  # one word stays whole


def _doc_with_chart(lines_before: int) -> DocSpec:
    # each paragraph of 27 characters and a 2-character indent fills exactly two lines
    blocks = [Para(("这是用来占位的正文文字，" * 4 + "好的。",)) for _ in range(lines_before // 2)]
    return DocSpec((*blocks, Chart("bar", "党员类别分布", ("常住党员", "在职党员"), (3, 5), "名"),
                    Para(("图后的文字。",))))


@needs_poppler
@pytest.mark.parametrize(("lines_before", "chart_page"), [(12, 1), (16, 1), (20, 2)])
def test_a_chart_stays_with_its_caption_and_leaves_no_large_gap(tmp_path: Path, lines_before: int,
                                                                 chart_page: int) -> None:
    pdf, _pages = render_counted(_doc_with_chart(lines_before))
    found = words(pdf, tmp_path)
    caption = [w for w in found if w.text == "党员类别分布"]
    assert [w.page for w in caption] == [chart_page]
    bars = [w for w in found if w.text in ("常住", "在职")]
    assert {w.page for w in bars} == {chart_page}  # the chart is drawn where its caption is
    if chart_page == 2:
        # what is left empty at the foot of page 1 is less than a third of the text block
        last = max(w.y1 for w in found if w.page == 1)
        block_bottom = st.PAGE_HEIGHT - st.BOTTOM
        assert block_bottom - last < st.BLOCK_HEIGHT / 3


def test_a_run_in_heading_sets_only_its_first_sentence_in_the_heading_face() -> None:
    from app.reports.kit.blocks import Heading
    from app.reports.kit.document import heading_flowable
    from app.reports.kit.fonts import font_name

    para = heading_flowable(Heading(("（一）夯实基层组织体系。坚持把支部建在网格上，", "5个网格党支部。"), 2))
    faces = [(f.fontName, f.text) for f in para.frags if f.text]
    kai, fang = font_name(Role.KAI), font_name(Role.FANGSONG)
    assert faces[0] == (kai, "（一）夯实基层组织体系。")
    assert all(name == fang for name, _text in faces[1:]) and "".join(t for _n, t in faces[1:]).startswith("坚持")
    alone = heading_flowable(Heading(("一、基本情况",), 1))
    assert {f.fontName for f in alone.frags if f.text} == {font_name(Role.HEI)}
