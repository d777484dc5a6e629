"""Peak memory and time of a member import, for hostile and for very large files.

    LANG=C.UTF-8 .venv/bin/python benchmarks/import_memory.py [--rows 100000] [--keep DIR] [--cases a,b]

Each case runs in a fresh child process (so its peak resident memory, ru_maxrss, is its own):
the child opens a new database with one community and two branches, previews the file and,
when the preview accepts rows, imports them in one transaction. Cases:

  xfd        5 KB .xlsx: header, one member, one cell at XFD1048576 (<dimension> claims it all)
  cv         the same with the far cell at CV1048576
  xls-far    .xls with one cell at IV65536, the format's last cell
  wide       .xlsx at the cell limit: 26,000 rows × 300 columns of numbers beside the roster
  roster     --rows members in a tidy .xlsx (shared strings, dates as dates)
  roster-csv the same roster as GB18030 CSV
  max-rows   200,000 members in .xlsx (the row limit)

Target: every case under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

HEADER = ["序号", "姓名", "公民身份号码", "人员类别", "所在党组织", "加入党组织日期", "转为正式党员日期", "联系电话",
          "家庭住址"]


def _person(n: int) -> list[object]:
    import datetime as dt

    from app.domain.kit.idcard import make_id

    born = dt.date(1940 + n % 30, 1 + n % 12, 1 + n % 28)
    number = make_id(f"{370102 + n // 999_000 % 50:06d}", born, "男" if n % 2 else "女",
                     sequence=(n % 499) * 2 + (n % 2))
    return [n, f"党员{n}", number, "正式党员", "第一党支部" if n % 2 else "第二党支部", dt.date(1990, 7, 1),
            dt.date(1991, 7, 1), f"138{n:08d}", f"和平路{n % 300}号院{n % 20}号楼"]


def _unique_people(count: int) -> list[list[object]]:
    """``count`` rows with different ID numbers (birth dates and area codes vary)."""
    out, seen, n = [], set(), 0
    while len(out) < count:
        n += 1
        row = _person(n)
        if row[2] in seen:
            continue
        seen.add(row[2])
        row[0] = len(out) + 1
        out.append(row)
    return out


def write_roster(path: Path, rows: int) -> Path:
    if path.suffix == ".csv":
        import csv

        with open(path, "w", encoding="gb18030", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            for r in _unique_people(rows):
                w.writerow([v.isoformat() if hasattr(v, "isoformat") else v for v in r])
        return path
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("党员花名册")
    ws.append(HEADER)
    for r in _unique_people(rows):
        ws.append(r)
    wb.save(path)
    return path


def write_far_cell(path: Path, ref: str) -> Path:
    from tests.io.kit.rawxlsx import header_and_member, inline, row, write_raw_xlsx

    number = int("".join(ch for ch in ref if ch.isdigit()))
    return write_raw_xlsx(path, [*header_and_member(), row(number, inline(ref, "x"))], dimension=f"A1:{ref}")


def write_wide(path: Path) -> Path:
    """Header and members in A–I, then numbers out to column 300 on 26,000 rows (7.8 M cells)."""
    from tests.io.kit.rawxlsx import CONTENT_TYPES, MAIN, REL, ROOT_RELS, inline

    from app.io.kit.limits import column_letter

    people = _unique_people(26_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                   '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        letters = [column_letter(c) for c in range(1, 301)]
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            head = "".join(inline(f"{letters[c]}1", h) for c, h in enumerate(HEADER))
            fh.write(f'<row r="1">{head}</row>'.encode())
            for i, person in enumerate(people, start=2):
                cells = [inline(f"{letters[c]}{i}", str(v)) for c, v in enumerate(person)]
                cells += [f'<c r="{letters[c]}{i}"><v>{i * 1000 + c}.5</v></c>' for c in range(len(HEADER), 300)]
                fh.write(f'<row r="{i}">{"".join(cells)}</row>'.encode())
            fh.write(b"</sheetData></worksheet>")
    return path


def write_xls_far(path: Path) -> Path:
    from tests.io.kit.xls import write_xls

    rows = [HEADER, *(_unique_people(3))]
    rows = [[v.isoformat() if hasattr(v, "isoformat") else v for v in r] for r in rows]
    return write_xls(path, rows, cells=[(65535, 255, "x")])


def _peak_mb() -> int:
    """This program's peak resident memory (VmHWM; ru_maxrss would include the parent's, which
    Linux carries over the exec)."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) // 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def child(path: Path) -> dict[str, object]:
    """Runs in the child: a new office database, preview, apply."""
    from app.domain.orgs.rules import OrgType
    from app.io.members.importer import MemberImporter
    from app.services.access.setup import init_office
    from app.services.container import Services
    from app.services.kit.base import Actor
    from app.services.orgs.service import OrgInput

    db = path.with_suffix(".db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    services = Services.open(db, Actor("基准测试"))
    office = init_office(services, "和平社区党委", "社区党委")
    for name in ("第一党支部", "第二党支部"):
        services.orgs.create(OrgInput(name, OrgType.BRANCH, office.id))
    out: dict[str, object] = {}
    t = time.perf_counter()
    try:
        preview = MemberImporter(services).preview(path)
        out["preview_s"] = round(time.perf_counter() - t, 1)
        out["adds"] = len(preview.adds)
        out["problems"] = len(preview.problems(False))
        if preview.adds:
            t = time.perf_counter()
            done = MemberImporter(services).apply(preview)
            out["apply_s"] = round(time.perf_counter() - t, 1)
            out["added"] = len(done.added_ids)
    except Exception as exc:  # an AppError is the expected answer for the hostile files
        out["refused"] = str(exc)[:90]
        out["preview_s"] = round(time.perf_counter() - t, 1)
    services.close()
    out["peak_mb"] = _peak_mb()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--cases", default="xfd,cv,xls-far,wide,roster,roster-csv,max-rows")
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child)), ensure_ascii=False))
        return 0
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="import-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "xfd": lambda: write_far_cell(folder / "xfd.xlsx", "XFD1048576"),
        "cv": lambda: write_far_cell(folder / "cv.xlsx", "CV1048576"),
        "xls-far": lambda: write_xls_far(folder / "far.xls"),
        "wide": lambda: write_wide(folder / "wide.xlsx"),
        "roster": lambda: write_roster(folder / f"roster{args.rows}.xlsx", args.rows),
        "roster-csv": lambda: write_roster(folder / f"roster{args.rows}.csv", args.rows),
        "max-rows": lambda: write_roster(folder / "roster200000.xlsx", 200_000),
    }
    for case in args.cases.split(","):
        path = makers[case]()
        done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True)
        result = done.stdout.strip().splitlines()[-1] if done.returncode == 0 else f"failed: {done.stderr[-300:]}"
        print(f"{case:11} {path.stat().st_size / 1e6:8.2f} MB file  {result}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
