"""Builds spreadsheets the way offices fill them in, for the import tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    text_columns: Sequence[int] = (),
    extra_sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
    first_sheet_title: str = "花名册",
) -> Path:
    """Rows written from A1 (None for an empty cell); ``merges`` like "A1:F1"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = first_sheet_title
    for title, extra in extra_sheets:
        other = wb.create_sheet(title, 0)
        for r in extra:
            other.append(list(r))
    for r in rows:
        ws.append(list(r))
    for rng in merges:
        ws.merge_cells(rng)
    for col in text_columns:
        for (cell,) in ws.iter_rows(min_col=col, max_col=col):
            cell.number_format = "@"
    wb.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig",
              delimiter: str = ",") -> Path:
    import csv

    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path
