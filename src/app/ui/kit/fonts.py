"""Chinese text on machines without a Chinese system font, and the 字号 setting.

The bundled CJK font is registered and the application font falls back to it. 字号 (标准 / 大 /
特大) scales the whole interface for older users: the application font, and the sizes in the
stylesheet (paddings), so buttons and rows grow with the letters. It is kept in the app config.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu

from app.paths import forms_dir, resources_dir

BUNDLED = "wqy-microhei.ttc"
# System fonts preferred when present (Windows, UOS/Kylin, other Linux), then the bundled one.
PREFERRED = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "PingFang SC"]
BASE_POINT_SIZE = 10.5
FONT_SIZES: tuple[tuple[str, float], ...] = (("标准", 1.0), ("大", 1.25), ("特大", 1.5))
DEFAULT_SIZE = FONT_SIZES[0][0]
CONFIG_KEY = "font_size"  # in the app config: one of the names above
_SIZE = re.compile(r"(\d+(?:\.\d+)?)(px|pt)\b")


def install(app: QApplication, point_size: float = BASE_POINT_SIZE) -> list[str]:
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


def size_name(config: dict) -> str:
    """The 字号 kept in the config; 标准 for anything else."""
    name = config.get(CONFIG_KEY)
    return name if isinstance(name, str) and name in dict(FONT_SIZES) else DEFAULT_SIZE


def scale_of(name: str) -> float:
    return dict(FONT_SIZES).get(name, 1.0)


def scaled_stylesheet(text: str, scale: float) -> str:
    """The stylesheet with every size in px or pt multiplied (borders of 1px stay 1px)."""
    def one(m: re.Match[str]) -> str:
        value = float(m[1])
        if value <= 1:
            return m[0]
        new = value * scale
        return f"{round(new)}{m[2]}" if m[2] == "px" else f"{new:g}{m[2]}"

    return _SIZE.sub(one, text)


def apply_stylesheet(app: QApplication, scale: float = 1.0) -> None:
    """The program's stylesheet, its sizes scaled; it also carries the letter size, since Qt
    does not pass a new application font on to widgets while a stylesheet is set."""
    path = forms_dir() / "style.qss"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    size = f"QWidget {{ font-size: {BASE_POINT_SIZE * scale:g}pt; }}\n"
    app.setStyleSheet(size + scaled_stylesheet(text, scale))


def apply_size(app: QApplication, name: str) -> float:
    """Sets the 字号 for the whole program now (open windows follow); the scale applied."""
    scale = scale_of(name)
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)  # for what reads the application font (new fonts, painters)
    apply_stylesheet(app, scale)
    return scale


def add_size_menu(menu: QMenu, config: dict, save: Callable[[dict], None] | None = None) -> dict[str, QAction]:
    """字号 (标准 / 大 / 特大) as a submenu of ``menu``: choosing one applies it at once and keeps
    it in ``config`` (written with ``save``). The actions by name."""
    sizes = menu.addMenu("字号")
    group = QActionGroup(sizes)
    group.setExclusive(True)
    current = size_name(config)
    actions: dict[str, QAction] = {}
    for name, scale in FONT_SIZES:
        action = QAction(f"{name}（{scale:.0%}）" if scale != 1 else name, sizes)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setData(name)
        group.addAction(action)
        sizes.addAction(action)
        actions[name] = action

    def chosen(action: QAction) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_size(app, action.data())
        config[CONFIG_KEY] = action.data()
        if save is not None:
            save(config)

    group.triggered.connect(chosen)
    return actions


def relative_pt(factor: float) -> str:
    """A stylesheet font size ``factor`` times the program's letters (e.g. a big 已锁定)."""
    app = QApplication.instance()
    base = app.font().pointSizeF() if isinstance(app, QApplication) else BASE_POINT_SIZE
    return f"{base * factor:.1f}pt"
