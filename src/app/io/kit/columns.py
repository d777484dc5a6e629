"""Which field each column of a sheet holds, for any record type.

A column is recognised by its header and, where the header is ambiguous, missing or contradicted
by the cells, by what the cells hold. Each field may declare ``recognise`` (does one cell look
like this field's value?); a column whose filled cells mostly pass one field's test holds that
field. Offices write the same header for different things (党员类别 for 正式/预备 as often as for
常住/在职), so a record type names its ambiguous headers and the cells decide between their
meanings. The user can override any column; every decision is kept with the reason, for the
preview to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.kit.fields import Field, normalize_header
from app.io.kit.cells import CellError, NoResult, text_of
from app.io.kit.limits import column_letter

SAMPLE_ROWS = 300  # data rows looked at to recognise columns
CONTENT_SHARE = 0.8  # share of a column's filled cells that must look like one field
HEADER_DOUBT = 0.5  # below this share the header's own field is contradicted by the cells
SKIP = ""  # an override that leaves a column out

BY_HEADER = "按表头"
BY_CONTENT = "按内容识别"
CONTRADICTED = "表头与内容不符，按内容识别"
AMBIGUOUS = "表头可有两种含义，按内容识别"
CHOSEN = "按您的指定"
DUPLICATE = "与前面的列重复，未导入"
NOT_IMPORTED = "未导入"


@dataclass(frozen=True)
class ColumnPlan:
    index: int  # from 0
    header: str  # as written; "" when the column has none
    key: str | None  # the field it is read as; None when it is not imported
    how: str  # why (BY_HEADER, BY_CONTENT …)
    sample: tuple[str, ...] = ()  # the first few values, for the preview

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)

    @property
    def name(self) -> str:
        """How messages name the column: its header, or 第C列 when it has none."""
        return self.header or f"第{self.letter}列"


def _share(f: Field, values: Sequence[Any]) -> float:
    test = f.recognise
    assert test is not None
    hits = 0
    for v in values:
        try:
            hits += bool(test(v))
        except Exception:  # a recogniser that cannot read the value does not recognise it
            continue
    return hits / len(values)


def _content(values: Sequence[Any], fields: Sequence[Field]) -> tuple[str | None, dict[str, float]]:
    """The field the cells clearly hold (None when none or two do), and every field's share."""
    if not values:
        return None, {}
    scores = {f.key: _share(f, values) for f in fields if f.recognise is not None}
    strong = sorted(((s, k) for k, s in scores.items() if s >= CONTENT_SHARE), reverse=True)
    if not strong or (len(strong) > 1 and strong[0][0] == strong[1][0]):
        return None, scores
    return strong[0][1], scores


def _override(overrides: Mapping[str, str | None], header: str, letter: str) -> tuple[bool, str | None]:
    for name in (header, letter):
        if not name:
            continue
        for k, v in overrides.items():
            if normalize_header(k) == normalize_header(name) or k.upper() == name:
                return True, v or None
    return False, None


def plan_columns(
    header: Sequence[Any],
    sample: Sequence[Sequence[Any]],
    fields: Sequence[Field],
    index: Mapping[str, Field],
    *,
    ambiguous: Mapping[str, Sequence[str]] = {},
    overrides: Mapping[str, str | None] = {},
    skip: Sequence[int] = (),
) -> list[ColumnPlan]:
    """One plan per column of the header and sample rows (``skip``: columns left alone, such as 序号).

    ``index`` maps normalised header texts to fields; ``ambiguous`` maps a normalised header to
    the field keys it may mean; ``overrides`` maps a header text or column letter to a field key
    (or "" to leave the column out).
    """
    from app.io.kit.sheets import match_header

    width = max([len(header), *(len(r) for r in sample)]) if sample or header else 0
    keys = {f.key for f in fields}
    claims: list[tuple[int, int, str, str]] = []  # (rank, column, key, how); lower rank wins
    fallback: dict[int, str] = {}  # column -> its header's field, if its claim loses
    decided: dict[int, tuple[str | None, str]] = {}
    samples: dict[int, tuple[str, ...]] = {}
    for c in range(width):
        text = text_of(header[c]) if c < len(header) else ""
        values = [v for v in (row[c] if c < len(row) else None for row in sample)
                  if not isinstance(v, CellError | NoResult) and text_of(v)]
        samples[c] = tuple(text_of(v) for v in values[:3])
        if c in skip:
            continue
        chosen, key = _override(overrides, text, column_letter(c + 1))
        if chosen:
            if key in keys:
                claims.append((0, c, key, CHOSEN))
            else:
                decided[c] = (None, CHOSEN if key is None else NOT_IMPORTED)
            continue
        best, scores = _content(values, fields)
        f = match_header(text, index) if text else None
        if f is None:
            if best is not None:
                claims.append((2, c, best, BY_CONTENT))
            else:
                decided[c] = (None, NOT_IMPORTED)
            continue
        meanings = ambiguous.get(normalize_header(text), ())
        own = scores.get(f.key)
        if best is not None and best != f.key and best in meanings:
            claims.append((2, c, best, AMBIGUOUS))
            fallback[c] = f.key
        elif best is not None and best != f.key and (own is None or own < HEADER_DOUBT):
            claims.append((2, c, best, CONTRADICTED))
            fallback[c] = f.key
        else:
            claims.append((1 if best == f.key else 3, c, f.key, BY_HEADER))
    taken: set[str] = set()
    losers: list[int] = []
    for _rank, c, key, how in sorted(claims):
        if key in taken:
            losers.append(c)
            continue
        taken.add(key)
        decided[c] = (key, how)
    for c in sorted(losers):
        back = fallback.get(c)
        if back is not None and back not in taken:
            taken.add(back)
            decided[c] = (back, BY_HEADER)
        else:
            decided[c] = (None, DUPLICATE)
    out = []
    for c in range(width):
        text = text_of(header[c]) if c < len(header) else ""
        if c in skip or not (text or samples[c]):
            continue  # an empty column is not worth a line in the preview
        key, how = decided[c]
        out.append(ColumnPlan(c, text, key, how, samples[c]))
    return out
