"""Page images of a PDF for the on-screen preview (pypdfium2; no Qt here: the GUI turns the
PNG bytes into a QImage with QImage.fromData)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pypdfium2 as pdfium


@dataclass(frozen=True)
class PageImage:
    index: int  # from 0
    width: int  # pixels
    height: int
    png: bytes


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium  # loaded when a preview is first drawn

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def render_page(pdf: bytes, index: int, dpi: float = 96) -> PageImage:
    """One page as a PNG at ``dpi`` (96 fits a screen; 150 for a sharp zoom)."""
    import pypdfium2 as pdfium  # loaded when a preview is first drawn

    doc = pdfium.PdfDocument(pdf)
    try:
        return _render(doc, index, dpi)
    finally:
        doc.close()


def render_pages(pdf: bytes, dpi: float = 96, first: int = 0, last: int | None = None,
                 ) -> list[PageImage]:
    """Pages first..last (inclusive; all by default) as PNG images."""
    import pypdfium2 as pdfium  # loaded when a preview is first drawn

    doc = pdfium.PdfDocument(pdf)
    try:
        end = len(doc) - 1 if last is None else min(last, len(doc) - 1)
        return [_render(doc, i, dpi) for i in range(first, end + 1)]
    finally:
        doc.close()


def _render(doc: pdfium.PdfDocument, index: int, dpi: float) -> PageImage:
    page = doc[index]
    try:
        image = page.render(scale=dpi / 72).to_pil()
    finally:
        page.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return PageImage(index, image.width, image.height, buf.getvalue())
