"""Makes the printing fonts in resources/fonts from the Fandol fonts (GPL with the font exception).

The Fandol fonts (FandolFang, FandolSong, FandolKai, FandolHei; version 0.3, Fandol team) come
as OpenType with CFF outlines, which reportlab cannot embed. This script converts the four the
documents use to TrueType (quadratic) outlines, keeping every glyph (names need the full set),
and writes them as resources/fonts/<name>.ttf next to Fandol.COPYRIGHT.

    /work/main/.venv/bin/pip install fonttools     # a tool for this script only
    python scripts/convert_fandol.py               # gets texlive-lang-chinese with apt-get download
    python scripts/convert_fandol.py --deb texlive-lang-chinese_2022.20230122-1_all.deb
    python scripts/convert_fandol.py --otf-dir DIR # a folder holding the .otf files (e.g. from CTAN)

The output is the same bytes for the same input and fontTools version: timestamps are kept
from the source font and nothing depends on the time or the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

FONTS = ("FandolFang-Regular", "FandolSong-Bold", "FandolKai-Regular", "FandolHei-Regular")
OTF_DIR_IN_DEB = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
MAX_ERR = 1.0  # font units (of 1000 per em): the quadratic curves stay within this of the cubic ones
NOTE = "converted to TrueType outlines (scripts/convert_fandol.py of the dangjian ledger)"
ROOT = Path(__file__).resolve().parent.parent


def otf_to_ttf(src: Path, dst: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(src), recalcTimestamp=False)
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise SystemExit(f"{src}: not a CFF OpenType font")
    order = font.getGlyphOrder()
    source = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(source)
        source[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # vertical origins belong to CFF fonts
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names (the CID names say nothing and cost space)
    post.extraNames = []
    post.mapping = {}
    name_table = font["name"]
    for record in list(name_table.names):
        if record.nameID == 5:  # version string: says the outlines were converted
            name_table.setName(f"{record.toUnicode()}; {NOTE}", 5, record.platformID,
                               record.platEncID, record.langID)
    font.sfntVersion = "\0\1\0\0"
    font.save(str(dst))


def otf_dir_from_deb(deb: Path, work: Path) -> Path:
    subprocess.run(["dpkg", "-x", str(deb), str(work / "x")], check=True)
    return work / "x" / OTF_DIR_IN_DEB


def download_deb(work: Path) -> Path:
    subprocess.run(["apt-get", "download", "texlive-lang-chinese"], cwd=work, check=True)
    found = sorted(work.glob("texlive-lang-chinese_*.deb"))
    if not found:
        raise SystemExit("apt-get download texlive-lang-chinese gave no .deb file")
    return found[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, help="texlive-lang-chinese .deb already downloaded")
    parser.add_argument("--otf-dir", type=Path, help="folder with the Fandol .otf files")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        otf_dir = args.otf_dir or otf_dir_from_deb(args.deb or download_deb(work), work)
        args.out.mkdir(parents=True, exist_ok=True)
        for name in FONTS:
            src = otf_dir / f"{name}.otf"
            dst = args.out / f"{name}.ttf"
            part = dst.with_suffix(".ttf.part")
            otf_to_ttf(src, part)
            part.replace(dst)
            digest = hashlib.sha256(dst.read_bytes()).hexdigest()
            print(f"{dst.name}\t{dst.stat().st_size:>9,} bytes\tsha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
