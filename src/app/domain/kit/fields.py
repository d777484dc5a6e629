"""One declaration per field.

Each record type declares its fields once — Chinese label, kind, whether required, the most
characters it holds, the cleaner that turns a raw value into the stored one, the header aliases
an Excel importer accepts, the masking rule, the choices for a drop-down, and where it sits on
the form. Table columns, editor forms, the importer, the exporter and the error messages all
read these declarations (gathered in a RecordSpec, app.domain.kit.spec), so adding a field is
one edit.

A cleaner receives the field itself, so a label is written once; a problem it finds is a
ValidationError whose ``field`` is the field's key (the label is looked up when shown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.kit.errors import ValidationError


class Kind(StrEnum):
    TEXT = "text"  # one line; spaces folded, full-width digits made plain
    LONG_TEXT = "long_text"  # several lines, kept as typed
    DATE = "date"
    MONTH = "month"  # year-month, stored as the first day of the month
    BOOL = "bool"
    CHOICE = "choice"
    INT = "int"
    PHONE = "phone"
    ID_NUMBER = "id_number"  # 公民身份号码 (GB 11643)
    CREDIT_CODE = "credit_code"  # 统一社会信用代码 (GB 32100)
    MONEY = "money"  # integer fen in storage, Decimal in code
    HOURS = "hours"  # tenths of an hour in storage
    ORG = "org"  # a node of the organisation tree, imported by name
    REF = "ref"  # another record (``ref`` names its area: "member", "unit"), imported by name or number


Cleaner = Callable[["Field", Any], Any]

# Kinds stored as NULL when empty; every other kind stores "" / False / 0.
NULLABLE_KINDS = frozenset({Kind.DATE, Kind.MONTH, Kind.ORG, Kind.REF, Kind.MONEY, Kind.HOURS, Kind.INT})


@dataclass(frozen=True)
class Field:
    key: str  # attribute name on the row/input objects and the ORM column
    label: str  # Chinese label: column header, form label, message prefix
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: Sequence[str] = ()  # other header spellings accepted on import
    choices: Sequence[str] = ()  # for CHOICE: allowed values, in display order
    clean: Cleaner | None = None  # raw value -> clean value; None: the kind's own cleaner
    mask: Callable[[str], str] | None = None  # masking for display/export without permission
    max_length: int | None = None  # characters the column holds (text kinds)
    width: int = 8  # column width in characters, for tables and exports
    export: bool = True
    help: str = ""
    group: str = ""  # the form's section
    placeholder: str = ""  # grey hint in an empty form input
    sample: str = ""  # an example value for the import template
    ref: str = ""  # for REF: the area referred to
    extra: dict[str, Any] = field(default_factory=dict)
    # Does one cell look like this field's value? Lets an importer recognise a column by what
    # it holds when its header is ambiguous, missing or wrong. Only for values that say what
    # they are (正式党员, an 18-character ID number), never for free text or dates.
    recognise: Callable[[Any], bool] | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header spelling that means this field (label first)."""
        return (self.label, *self.aliases)

    @property
    def nullable(self) -> bool:
        """Whether the column may hold NULL: kinds stored as NULL when empty, except a required
        reference (a member always belongs to an organisation)."""
        return self.kind in NULLABLE_KINDS and not (self.required and self.kind in (Kind.ORG, Kind.REF))

    @property
    def stored_as_text(self) -> bool:
        """Kept in a bounded text column (String(max_length)); LONG_TEXT is unbounded Text."""
        return self.kind in (Kind.TEXT, Kind.CHOICE, Kind.PHONE, Kind.ID_NUMBER, Kind.CREDIT_CODE)

    def error(self, reason: str) -> ValidationError:
        return ValidationError(f"{self.label}：{reason}", field=self.key)

    def cleaned(self, raw: Any) -> Any:
        """The stored value for ``raw``; a problem is a ValidationError carrying this key."""
        from app.domain.kit.cleaners import default_cleaner

        cleaner = self.clean or default_cleaner(self.kind)
        try:
            return cleaner(self, raw) if cleaner is not None else raw
        except ValidationError as exc:
            if exc.field != self.key:
                exc.field = self.key
            raise


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


def missing_required(fields: Sequence[Field], values: dict[str, Any]) -> list[ValidationError]:
    """Required fields of the kinds stored as NULL (dates, references, numbers) that are empty.
    Their cleaners let an empty value through — an import's blank cell keeps what the record
    holds — so a record's rules ask for them here."""
    return [ValidationError(f"请填写{f.label}", field=f.key) for f in fields
            if f.required and f.kind in NULLABLE_KINDS and values.get(f.key) in (None, "")]
