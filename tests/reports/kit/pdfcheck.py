"""Reading printed PDFs back: text, fonts, word positions (pdftotext -bbox), layout lines."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

MM = 72 / 25.4

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils 未安装")


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in reader(pdf).pages)


def fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name -> whether its program is embedded (FontFile2 / FontFile / FontFile3)."""
    found: dict[str, bool] = {}
    for page in reader(pdf).pages:
        res = page.get("/Resources") or {}
        for f in (res.get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(f["/BaseFont"])] = any(k in desc for k in ("/FontFile2", "/FontFile", "/FontFile3"))
    return found


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float  # from the top of the page, points
    x1: float
    y1: float
    text: str


def words(pdf: bytes, tmp: Path) -> list[Word]:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    out: list[Word] = []
    for n, page in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            out.append(Word(n, float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5]))
    return out


def layout_lines(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "layout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]
