"""Photos in a printout (a meeting's photos under its 会议记录): each scaled to the text block's
width and at most a number of lines high, its proportions kept, with its caption below. A file
that cannot be read as a picture prints as a line saying so, never as a failed document."""

from __future__ import annotations

import io
import warnings

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph

from app.reports.kit import styles as st
from app.reports.kit.blocks import Picture
from app.reports.kit.fonts import Role, markup

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is the most a page needs; beyond is refused


def _size(data: bytes) -> tuple[int, int] | None:
    """The picture's size in pixels, or None when it cannot be read whole (or is absurdly big)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as probe:
                size = probe.size
                if size[0] * size[1] > MAX_PIXELS or min(size) < 1:
                    return None
                probe.load()  # decodes it: a truncated or damaged body fails here, not in print
        ImageReader(io.BytesIO(data)).getSize()
        return size
    except Exception:  # noqa: BLE001 - any unreadable picture prints as a line, not a failure
        return None


def picture_flowables(b: Picture, width: float) -> list[Flowable]:
    caption = Paragraph(markup(b.caption, Role.FANGSONG), st.styles()["caption"]) if b.caption else None
    head: list[Flowable] = [Paragraph(markup(b.heading, Role.FANGSONG), st.styles()["plain"])] if b.heading else []
    size = _size(b.data)
    if size is None:
        text = f"（照片“{b.caption or '未命名'}”无法显示，原件随记录保存）"
        return [KeepTogether([*head, Paragraph(markup(text, Role.FANGSONG), st.styles()["plain"])])]
    w, h = size
    scale = min(width / w, b.max_lines * st.PITCH / h)
    image = Image(io.BytesIO(b.data), width=w * scale, height=h * scale)
    image.hAlign = "CENTER"
    return [KeepTogether([*head, image, *([caption] if caption else [])])]
