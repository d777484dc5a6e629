"""A table's columns built from a record's spec: every field is a column unless the area says
otherwise, so a field added to the spec appears in the table without another edit.

An area lists the columns in the order it wants them: a field column (``field``: the field's
label, the value as the spec displays it, masked unless revealed) or a derived column (``text``:
a community's name for ``org_id``, a status, a count). ``spec_columns`` then appends a column for
each field the list does not show and ``hidden`` does not name; ``hidden`` may name only the
spec's fields, so a misspelt key fails at once instead of showing a column by surprise.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from app.domain.kit.spec import RecordSpec
from app.ui.kit.paged_model import CellContext, Column

SAMPLE_CHARS = 12  # at most this many 中 for a field column's starting width when it has no sample


def field(spec: RecordSpec, key: str, sample: str = "", sort: str | None = "") -> Column[Any]:
    """A column showing the field as the spec displays it (phones masked unless revealed).
    ``sort`` "" sorts by the field's key, None not at all."""
    if not sample:
        f = spec.field(key)
        sample = f.sample or "中" * min(max(f.width // 2, len(f.label)), SAMPLE_CHARS)
    return Column(key, spec.label(key), key if sort == "" else sort, sample,
                  lambda row, ctx: spec.display(key, getattr(row, key), reveal=ctx.reveal))


def text(key: str, label: str, sample: str, value: Callable[[Any], object], sort: str | None = None,
         colour: Callable[[Any], str | None] | None = None) -> Column[Any]:
    """A derived column: ``value(row)`` as text (empty for None)."""

    def cell(row: Any, _ctx: CellContext) -> str:
        v = value(row)
        return "" if v is None else str(v)

    return Column(key, label, sort, sample, cell, colour)


def spec_columns(spec: RecordSpec, columns: Sequence[Column[Any]], *, hidden: Collection[str] = (),
                 shown_as: Collection[str] = (), sort_new: bool = False) -> tuple[Column[Any], ...]:
    """``columns`` followed by a field column for every field of ``spec`` that is neither among
    them (by key) nor in ``hidden`` nor in ``shown_as`` (fields a derived column with another key
    shows: ``volunteer_id`` as 志愿者). Fields appended are sortable by their key when
    ``sort_new`` (the area's query must know the field's key as a sort)."""
    unknown = sorted({*hidden, *shown_as} - set(spec.keys))
    if unknown:
        raise ValueError(f"{spec.key}: hidden/shown_as name no field of the spec: {', '.join(unknown)}")
    covered = {c.key for c in columns} | set(hidden) | set(shown_as)
    extra = [field(spec, f.key, sort="" if sort_new else None) for f in spec.fields if f.key not in covered]
    return (*columns, *extra)
