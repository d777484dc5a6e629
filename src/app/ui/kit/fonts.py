"""Chinese text on machines without a Chinese system font: load the bundled one."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

BUNDLED = "wqy-microhei.ttc"
# System fonts preferred when present (Windows, UOS/Kylin, other Linux), then the bundled one.
PREFERRED = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "PingFang SC"]


def install(app: QApplication, point_size: float = 10.5) -> list[str]:
    """Registers the bundled CJK font and makes the application font fall back to it."""
    families: list[str] = []
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / BUNDLED))
    if font_id >= 0:
        families = QFontDatabase.applicationFontFamilies(font_id)
    font = QFont(app.font())
    font.setFamilies(PREFERRED + [f for f in families if f not in PREFERRED])
    font.setPointSizeF(point_size)
    app.setFont(font)
    return families
