"""One declaration per field.

Each record type declares its fields once — Chinese label, kind, whether required, the
validation that cleans a raw value, the header aliases an Excel importer accepts, the masking
rule, and the choices for a drop-down. Table columns, editor forms, the importer, the exporter
and the error messages all read these declarations, so adding a field is one edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.kit.errors import ValidationError


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    MONTH = "month"  # year-month, stored as the first day of the month
    BOOL = "bool"
    CHOICE = "choice"
    INT = "int"
    ORG = "org"  # a node of the organisation tree, imported by name


Cleaner = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    key: str  # attribute name on the row/input objects
    label: str  # Chinese label: column header, form label, message prefix
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: Sequence[str] = ()  # other header spellings accepted on import
    choices: Sequence[str] = ()  # for CHOICE: allowed values, in display order
    clean: Cleaner | None = None  # raw value -> clean value; raises ValidationError
    mask: Callable[[str], str] | None = None  # masking for display/export without permission
    width: int = 8  # column width in characters, for tables and exports
    export: bool = True
    help: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Does one cell look like this field's value? Lets an importer recognise a column by what
    # it holds when its header is ambiguous, missing or wrong. Only for values that say what
    # they are (正式党员, an 18-character ID number), never for free text or dates.
    recognise: Callable[[Any], bool] | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header spelling that means this field (label first)."""
        return (self.label, *self.aliases)

    def error(self, reason: str) -> ValidationError:
        return ValidationError(f"{self.label}：{reason}", field=self.label)


def by_key(fields: Sequence[Field]) -> dict[str, Field]:
    return {f.key: f for f in fields}


def header_index(fields: Sequence[Field]) -> dict[str, Field]:
    """Normalised header text → field, for matching spreadsheet headers."""
    index: dict[str, Field] = {}
    for f in fields:
        for h in f.headers:
            index[normalize_header(h)] = f
    return index


def normalize_header(text: str) -> str:
    """Headers compare without spaces, line breaks, asterisks and brackets' contents' padding."""
    value = str(text or "")
    for ch in " \t\r\n\u3000*＊:：":
        value = value.replace(ch, "")
    return value.replace("（", "(").replace("）", ")").lower()
