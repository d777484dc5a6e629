"""Renders resources/icons/dangjian.svg into the PNG sizes desktops use and a Windows .ico.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py OUT_DIR

OUT_DIR receives dangjian-16.png … dangjian-256.png and dangjian.ico (PNG-compressed entries,
which Windows reads since Vista). Run by packaging/build.sh; needs only PySide6.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "dangjian.svg"


def render(renderer: QSvgRenderer, size: int, path: Path) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")
    return path.read_bytes()


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (sizes up to 256; 256 is written as 0)."""
    sizes = [s for s in sorted(pngs) if s in (16, 24, 32, 48, 64, 128, 256)]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        blob = pngs[s]
        dim = 0 if s == 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main(out: Path) -> None:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    out.mkdir(parents=True, exist_ok=True)
    pngs = {size: render(renderer, size, out / f"dangjian-{size}.png") for size in SIZES}
    (out / "dangjian.ico").write_bytes(ico(pngs))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icons"))
