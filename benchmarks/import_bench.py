"""Importing a large roster into the demo database: how long each step takes.

    LANG=C.UTF-8 .venv/bin/python benchmarks/import_bench.py [--rows 10000] [--keep DIR]

Builds the demo database, writes an .xlsx of ``rows`` new members (valid, spread over the demo
branches, with the messiness of office files: a title row, dates as text and as Excel dates,
phone numbers as numbers), then times: reading the sheet, the preview, the write, and the
export of the whole roster. Target: a 10,000-row import under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", metavar="DIR", help="write the files here instead of a temporary folder")
    args = parser.parse_args()

    import openpyxl

    from app.domain.kit.idcard import make_id
    from app.domain.members.fields import MEMBER_FIELDS
    from app.io.kit.sheets import read_sheet
    from app.io.members.exporter import export_members
    from app.io.members.importer import MemberImporter
    from app.io.orgs.names import OrgNames
    from app.services.container import Services
    from app.services.demo import build_demo
    from app.services.kit.base import Actor
    from app.services.members.query import MemberQuery

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    t = time.perf_counter()
    services = Services.open(db, Actor("基准测试"))
    build_demo(services)
    print(f"demo database: {time.perf_counter() - t:.2f} s, "
          f"{services.members.count(MemberQuery(include_left=True))} members")

    rng = random.Random(7)
    names = OrgNames(services.orgs.list(), services.settings.get("office_org_id"))
    branches = [names.label(o.id) for o in services.orgs.list(include_closed=False)
                if o.org_type.value.endswith("党支部")]
    path = folder / "roster.xlsx"
    header = ["序号", "姓名", "性别", "身份证号码", "民族", "学历", "党员类型", "所在党支部", "入党时间",
              "转正时间", "手机", "家庭住址", "党员类别"]
    written: list[list[object]] = []
    used: set[str] = set()  # area 370181 is not among the demo's, so no clash with demo members
    n = 0
    while n < args.rows:
        born = dt.date(rng.randint(1940, 1995), rng.randint(1, 12), rng.randint(1, 28))
        sex = rng.choice("男女")
        number = make_id("370181", born, sex, rng)
        if number in used:
            continue
        used.add(number)
        n += 1
        joined = dt.date(born.year + rng.randint(19, 28), rng.randint(1, 12), rng.randint(1, 28))
        full = joined.replace(year=joined.year + 1)
        joined_cell = joined if n % 2 else f"{joined.year}年{joined.month}月{joined.day}日"
        written.append([n, f"测试{n}", sex, number, "汉族", "大学本科", "正式党员", rng.choice(branches),
                        joined_cell, full.isoformat(), 13900000000 + n, f"和平路{n}号", "常住党员"])

    def save(target: Path, rows: list[list[object]]) -> None:
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("花名册")
        ws.append(["青山县党员花名册（基准测试）"])
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(target)

    save(path, written)
    print(f"file: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")

    t = time.perf_counter()
    sheet = read_sheet(path, MEMBER_FIELDS, id_keys={"id_number"})
    read_s = time.perf_counter() - t
    print(f"read sheet:  {read_s:.2f} s ({len(sheet.rows)} rows)")

    importer = MemberImporter(services)
    t = time.perf_counter()
    preview = importer.preview(path)
    preview_s = time.perf_counter() - t
    print(f"preview:     {preview_s:.2f} s (adds {len(preview.adds)}, updates {len(preview.updates)}, "
          f"refused rows {len(preview.refused_rows)})")
    for problem in preview.refused[:5]:
        print("   ", problem)

    t, cpu = time.perf_counter(), time.process_time()
    outcome = importer.apply(preview)
    apply_s = time.perf_counter() - t
    print(f"apply:       {apply_s:.2f} s (cpu {time.process_time() - cpu:.2f} s; {len(outcome.added_ids)} added, "
          f"one transaction)")
    print(f"import total (preview + apply; the preview reads the file): {preview_s + apply_s:.2f} s "
          f"(load {os.getloadavg()[0]:.2f})")

    # The same people again, each with a new phone number and address: 10,000 updates.
    changed = folder / "changed.xlsx"
    save(changed, [[*r[:10], 13700000000 + int(str(r[0])), f"新华路{r[0]}号", r[12]] for r in written])
    t = time.perf_counter()
    again = importer.preview(changed)
    preview2_s = time.perf_counter() - t
    t = time.perf_counter()
    outcome = importer.apply(again)
    apply2_s = time.perf_counter() - t
    print(f"update import: preview {preview2_s:.2f} s, apply {apply2_s:.2f} s "
          f"({len(outcome.updated_ids)} updated), total {preview2_s + apply2_s:.2f} s")
    report = services.audit.verify()
    print(f"audit chain: {'ok' if report.ok else report.problem}, {report.checked} records")

    t = time.perf_counter()
    result = export_members(services, MemberQuery(include_left=True), folder / "export.xlsx",
                            show_sensitive=True)
    print(f"export xlsx: {time.perf_counter() - t:.2f} s ({result.count} members)")
    t = time.perf_counter()
    again = importer.preview(folder / "export.xlsx")
    print(f"re-import preview of the export: {time.perf_counter() - t:.2f} s "
          f"(unchanged {len(again.unchanged)}, adds {len(again.adds)}, updates {len(again.updates)})")
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
