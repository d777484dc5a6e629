"""Fonts by role (the office PC's own first, bundled otherwise) and page images for preview."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.reports.kit import fonts
from app.reports.kit.blocks import DocSpec, Para, Title
from app.reports.kit.document import render
from app.reports.kit.preview import page_count, render_page, render_pages


@pytest.fixture
def fresh_fonts():
    fonts.forget()
    yield
    fonts.forget()


def test_bundled_fonts_cover_every_role(monkeypatch, fresh_fonts) -> None:
    monkeypatch.setenv("DANGJIAN_FONTS", "bundled")
    for role in fonts.Role:
        choice = fonts.font_for(role)
        assert choice.bundled and choice.path.is_file()
        assert fonts.licence_file(choice.path).is_file()
    assert len(fonts.describe()) == len(fonts.Role)
    files = {role: fonts.font_for(role).path.name for role in fonts.Role}
    # A real 仿宋 for the body, distinct from the 楷体 of the (一) headings; a bold 宋 title.
    assert files[fonts.Role.FANGSONG] == "FandolFang-Regular.ttf"
    assert files[fonts.Role.KAI] == "FandolKai-Regular.ttf"
    assert files[fonts.Role.HEI] == "FandolHei-Regular.ttf"
    assert files[fonts.Role.TITLE] == "FandolSong-Bold.ttf"
    assert "GPL font exception" in fonts.licence_file(fonts.font_for(fonts.Role.FANGSONG).path).read_text()


def test_rare_name_characters_fall_back_and_digits_stay_in_the_running_face(monkeypatch, fresh_fonts) -> None:
    monkeypatch.setenv("DANGJIAN_FONTS", "bundled")
    body = fonts.font_name(fonts.Role.FANGSONG)
    marked = fonts.markup("张堃2026年第3期", fonts.Role.FANGSONG)
    assert marked.startswith("张<font name=") and "堃</font>2026年第3期" in marked
    for ch in "0123456789１２３％“”，。：（）—":
        assert fonts.font_with(ch, body) == body, ch
    for ch in "堃喆赟昇镕珺玥":
        assert fonts.font_with(ch, body) not in (None, body), ch


def test_the_office_pcs_own_font_is_preferred(monkeypatch, tmp_path: Path, fresh_fonts) -> None:
    # A PC with 楷体 installed (here a copy under the Windows file name).
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(fonts.fonts_dir() / "LXGWWenKai-Regular.ttf", folder / "simkai.ttf")
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [folder])
    monkeypatch.delenv("DANGJIAN_FONTS", raising=False)
    kai = fonts.font_for(fonts.Role.KAI)
    assert kai.path == folder / "simkai.ttf" and not kai.bundled
    assert fonts.font_for(fonts.Role.HEI).bundled  # no 黑体 on this PC


def test_characters_no_font_has_are_reported_not_boxed() -> None:
    assert fonts.missing("张堃李喆王赟赵昇钱镕", fonts.Role.FANGSONG) == ""
    assert fonts.missing("\U000f0000", fonts.Role.FANGSONG) == "\U000f0000"  # private use
    marked = fonts.markup("王䶮", fonts.Role.HEI)  # 䶮 is not in the bundled 黑体
    assert marked.startswith("王<font name=") and "䶮</font>" in marked


def test_preview_pages_are_png_images() -> None:
    pdf = render(DocSpec((Title("预览"), Para(("正文。" * 400,)))))
    n = page_count(pdf)
    assert n >= 2
    first = render_page(pdf, 0, dpi=50)
    assert first.png.startswith(b"\x89PNG") and first.height > first.width  # A4 portrait
    assert [p.index for p in render_pages(pdf, dpi=30)] == list(range(n))
