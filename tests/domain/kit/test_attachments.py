"""Attached scans: the kind read from the content, hostile file names cleaned, the size bound."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kit.attachments import MAX_NAME, check_file, clean_file_name, mime_of
from app.domain.kit.errors import ValidationError

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def test_the_kind_comes_from_the_content_not_the_name() -> None:
    assert mime_of(PDF) == ("application/pdf", ".pdf")
    checked = check_file("协议扫描件.png", PDF)  # a PDF named .png
    assert checked.name == "协议扫描件.pdf" and checked.mime == "application/pdf"
    assert check_file("照片.JPEG", JPG).name == "照片.jpeg"
    assert check_file("照片", PNG).name == "照片.png"
    assert len(check_file("a.pdf", PDF).sha256) == 64


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Windows\\System32\\协议.pdf", "协议.pdf"),
    ("..", "附件.pdf"),
    ("", "附件.pdf"),
    ("CON.pdf", "附件_CON.pdf"),
    ("协\x00议\r\n<1>:?*|\".pdf", "协议1.pdf"),
    ("\u202efdp.exe", "fdp.exe.pdf"),
    ("   .隐藏文件.pdf", "隐藏文件.pdf"),
])
def test_hostile_names_become_plain_file_names(name: str, expected: str) -> None:
    assert clean_file_name(name, ".pdf") == expected


def test_a_very_long_name_is_cut_keeping_the_extension() -> None:
    name = clean_file_name("长" * 500 + ".pdf", ".pdf")
    assert len(name) == MAX_NAME and name.endswith(".pdf")


@given(st.text(max_size=300))
def test_any_name_is_cleaned_to_a_safe_one(name: str) -> None:
    cleaned = clean_file_name(name, ".pdf")
    assert cleaned.endswith(".pdf") and 5 <= len(cleaned) <= MAX_NAME
    assert not any(c in cleaned for c in '/\\:*?"<>|\x00\n\r')
    assert not cleaned.startswith(".")


@pytest.mark.parametrize(("data", "words"), [
    (b"", "是空文件"),
    (b"MZ\x90\x00 a program", "不是PDF、PNG或JPG文件"),
    (b"<html>%PDF-", "不是PDF、PNG或JPG文件"),
])
def test_refusals(data: bytes, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        check_file("x.pdf", data)


def test_a_file_over_the_limit_is_refused_in_chinese() -> None:
    with pytest.raises(ValidationError, match="超过了每个附件1 KB的上限"):
        check_file("大文件.pdf", PDF + b"0" * 2000, limit=1024)
