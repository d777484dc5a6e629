"""Builds .xlsx files from hand-written sheet XML: the hostile and odd files no library writes."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_and_member(id_cell: str = "") -> list[str]:
    """A header row (姓名, 身份证号) and one member; ``id_cell`` replaces the ID number's cell."""
    return [row(1, inline("A1", "姓名"), inline("B1", "身份证号")),
            row(2, inline("A2", "张三"), id_cell or inline("B2", "11010519491231002X"))]


def write_raw_xlsx(path: Path, rows: Sequence[str], *, dimension: str = "", after_rows: str = "",
                   shared: Sequence[str] = (), styles: str = "", prefix: str = "", before_root: str = "",
                   sheet_name: str = "花名册") -> Path:
    """A workbook of one sheet whose <sheetData> holds ``rows`` (XML text) as given.

    ``shared`` are <si> bodies for the shared string table; ``styles`` a styles.xml body;
    ``prefix`` writes the sheet with a namespace prefix (x:row …) as some programs do.
    """
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(rows)
    if prefix:
        body = body.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{before_root}'
             f'<{p}worksheet {ns}>{dim}<{p}sheetData>{body}</{p}sheetData>{after_rows}</{p}worksheet>')
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared:
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                   f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                   f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            items = "".join(f"<si>{s}</si>" for s in shared)
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}" count="{len(shared)}">{items}</sst>')
        if styles:
            z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
    return path
