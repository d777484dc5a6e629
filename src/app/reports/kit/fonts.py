"""Chinese fonts by role (仿宋, 黑体, 楷体, 宋体, 标宋), registered once per process.

The office PC's own fonts are used when present (Windows: simfang, simhei, simkai, simsun;
Linux: the same files copied into a font folder, or common free CJK fonts); otherwise the
free fonts bundled in resources/fonts. Every PDF embeds the subset of glyphs it uses.

reportlab draws a blank box for a character the font lacks, so ``markup`` checks each
character against the font's character map and hands runs the font lacks to a fallback
font that has them (rare name characters such as 堃喆赟昇镕).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir


class Role(StrEnum):
    FANGSONG = "仿宋"
    HEI = "黑体"
    KAI = "楷体"
    SONG = "宋体"
    TITLE = "标宋"


# System font files (by lower-case file name, subfont index) in order of preference.
SYSTEM_CANDIDATES: dict[Role, list[tuple[str, int]]] = {
    Role.FANGSONG: [("simfang.ttf", 0), ("fangsong_gb2312.ttf", 0), ("fzfsjw.ttf", 0)],
    Role.HEI: [("simhei.ttf", 0)],
    Role.KAI: [("simkai.ttf", 0), ("kaiti_gb2312.ttf", 0)],
    Role.SONG: [("simsun.ttc", 0), ("simsun.ttf", 0), ("uming.ttc", 0)],
    Role.TITLE: [("fzxbsjw.ttf", 0), ("方正小标宋简体.ttf", 0), ("fzxbsk.ttf", 0)],
}

# Bundled free fonts: file, subfont index. The Fandol fonts (GPL with the font exception,
# converted to TrueType outlines by scripts/convert_fandol.py) give a real 仿宋, 楷体, 黑体 and a
# bold 宋 for the 小标宋 title; 宋体 (page numbers) is AR PL UMing.
BUNDLED: dict[Role, tuple[str, int]] = {
    Role.FANGSONG: ("FandolFang-Regular.ttf", 0),
    Role.HEI: ("FandolHei-Regular.ttf", 0),
    Role.KAI: ("FandolKai-Regular.ttf", 0),
    Role.SONG: ("uming.ttc", 0),
    Role.TITLE: ("FandolSong-Bold.ttf", 0),
}

# Fonts tried, in order, for a character the role's font lacks.
FALLBACK_FILES: list[tuple[str, int]] = [
    ("LXGWWenKai-Regular.ttf", 0), ("uming.ttc", 0), ("wqy-microhei.ttc", 0),
]


@dataclass(frozen=True)
class FontChoice:
    role: Role
    name: str  # the reportlab font name
    path: Path
    bundled: bool


_lock = threading.RLock()
_chosen: dict[Role, FontChoice] = {}
_by_path: dict[tuple[str, int], str] = {}
_fallbacks: list[str] = []
_cmaps: dict[str, frozenset[int] | dict[int, int]] = {}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def licence_file(font_file: Path) -> Path:
    """The licence shipped beside a bundled font (the four Fandol fonts share one)."""
    stem = "Fandol" if font_file.stem.startswith("Fandol") else font_file.stem
    return font_file.parent / f"{stem}.COPYRIGHT"


def use_system_fonts() -> bool:
    """DANGJIAN_FONTS=bundled prints with the bundled fonts only (same look on every PC)."""
    return os.environ.get("DANGJIAN_FONTS", "").lower() != "bundled"


def system_font_dirs() -> list[Path]:
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [home / ".local" / "share" / "fonts", home / ".fonts",
             Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
    return dirs


_system_index: dict[str, Path] | None = None


def _system_files() -> dict[str, Path]:
    """Lower-case file name -> path of every font file in the system font folders."""
    global _system_index
    if _system_index is None:
        index: dict[str, Path] = {}
        for top in system_font_dirs():
            if not top.is_dir():
                continue
            for root, _dirs, files in os.walk(top):
                for f in files:
                    if f.lower().endswith((".ttf", ".ttc")):
                        index.setdefault(f.lower(), Path(root) / f)
        _system_index = index
    return _system_index


def _register(path: Path, index: int) -> str | None:
    """Registers a TrueType file (once); None when reportlab cannot embed it (CFF outlines)."""
    key = (str(path), index)
    if key in _by_path:
        return _by_path[key]
    name = f"DJ{len(_by_path)}-{path.stem}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # PostScript outlines, damaged files: try the next candidate
        return None
    pdfmetrics.registerFont(font)
    _by_path[key] = name
    _cmaps[name] = font.face.charToGlyph
    return name


def font_for(role: Role | str) -> FontChoice:
    """The font printed for ``role``: the system's when present, else the bundled one."""
    role = Role(role)
    with _lock:
        if role in _chosen:
            return _chosen[role]
        choice = None
        if use_system_fonts():
            files = _system_files()
            for file, index in SYSTEM_CANDIDATES[role]:
                path = files.get(file.lower())
                if path and (name := _register(path, index)):
                    choice = FontChoice(role, name, path, bundled=False)
                    break
        if choice is None:
            file, index = BUNDLED[role]
            path = fonts_dir() / file
            name = _register(path, index)
            if name is None:
                raise RuntimeError(f"bundled font {path} cannot be loaded")
            choice = FontChoice(role, name, path, bundled=True)
        _chosen[role] = choice
        return choice


def font_name(role: Role | str) -> str:
    return font_for(role).name


def _fallback_names() -> list[str]:
    with _lock:
        if not _fallbacks:
            for file, index in FALLBACK_FILES:
                name = _register(fonts_dir() / file, index)
                if name:
                    _fallbacks.append(name)
        return _fallbacks


def has_glyph(name: str, char: str) -> bool:
    return ord(char) in _cmaps[name] or char in "\n\t "


# Punctuation that Chinese text sets full-width; some fonts (LXGW WenKai) draw it narrow.
FULL_WIDTH_PUNCTUATION = "“”‘’—…"
_full_width: dict[tuple[str, str], bool] = {}


def _is_full_width(name: str, char: str) -> bool:
    key = (name, char)
    if key not in _full_width:
        _full_width[key] = has_glyph(name, char) and pdfmetrics.stringWidth(char, name, 1) > 0.9
    return _full_width[key]


def font_with(char: str, preferred: str) -> str | None:
    """The first font (``preferred``, then the fallbacks) that has ``char``; None if none."""
    if char in FULL_WIDTH_PUNCTUATION and not _is_full_width(preferred, char):
        for name in _fallback_names():
            if _is_full_width(name, char):
                return name
    if has_glyph(preferred, char):
        return preferred
    for name in _fallback_names():
        if has_glyph(name, char):
            return name
    return None


def missing(text: str, role: Role | str) -> str:
    """Characters of ``text`` that no font at all can print (shown to the user, never boxed)."""
    name = font_name(role)
    return "".join(sorted({c for c in text if font_with(c, name) is None}))


def markup(text: str, role: Role | str) -> str:
    """``text`` escaped for a reportlab Paragraph whose font is ``role``'s; runs of characters
    that font lacks are wrapped in <font name=...> of a font that has them."""
    base = font_name(role)
    out: list[str] = []
    run: list[str] = []
    run_font = base
    for ch in text:
        f = font_with(ch, base) or base
        if f != run_font and run:
            out.append(_wrap("".join(run), run_font, base))
            run = []
        run_font = f
        run.append(ch)
    if run:
        out.append(_wrap("".join(run), run_font, base))
    return "".join(out)


def _wrap(text: str, font: str, base: str) -> str:
    body = escape(text)
    return body if font == base else f'<font name="{font}">{body}</font>'


def canvas_runs(text: str, role: Role | str) -> list[tuple[str, str]]:
    """(font name, text) runs for drawing directly on a canvas (page numbers, mastheads)."""
    base = font_name(role)
    runs: list[tuple[str, str]] = []
    for ch in text:
        f = font_with(ch, base) or base
        if runs and runs[-1][0] == f:
            runs[-1] = (f, runs[-1][1] + ch)
        else:
            runs.append((f, ch))
    return runs


def string_width(text: str, role: Role | str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in canvas_runs(text, role))


def draw_string(canvas, x: float, y: float, text: str, role: Role | str, size: float,
                anchor: str = "left") -> float:
    """Draws ``text`` with fallback fonts; anchor left/right/centre. Returns the width."""
    width = string_width(text, role, size)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for f, t in canvas_runs(text, role):
        canvas.setFont(f, size)
        canvas.drawString(x, y, t)
        x += pdfmetrics.stringWidth(t, f, size)
    return width


def forget() -> None:
    """Chooses the fonts afresh at the next use (after fonts were installed, and in tests).
    Font files already registered stay registered."""
    global _system_index
    with _lock:
        _chosen.clear()
        _system_index = None
    from app.reports.kit import styles

    styles.styles.cache_clear()


def describe() -> list[str]:
    """One line per role: which file prints it (for the about box and support calls)."""
    return [f"{r.value}：{font_for(r).path.name}{'（内置）' if font_for(r).bundled else ''}" for r in Role]
