"""The import engine every record type's Excel import runs on.

A sheet read against the record's field declarations (app.io.kit.sheets) is checked row by row,
the same way for every area:

1. what reading found (a date that is no date, a formula) and each present field's cleaner
   (a masked number from an export is refused: it cannot be imported);
2. the record already on file that the row names, by the type's identity (a member's ID
   number, a site's community and name);
3. the organisation by name; a name the tree lacks is refused, or, where the type allows it,
   kept as a new organisation to create when the user agrees;
4. the same record twice in the file;
5. the row merged over the record on file (a blank cell keeps what is there), the fields that
   follow from others, and the type's whole-record rules;
6. a planned addition, an update with the fields it changes (old → new, masked), or a row
   that changes nothing.

Every refused row lists every problem as 第N行 字段: 原因. A type says only what is its own by
overriding the hooks at the end of ``RowChecker``; nothing is written here — the area's
service writes the planned rows in one transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import NULLABLE_KINDS, Field
from app.domain.kit.spec import RecordSpec
from app.io.kit.plan import FieldChange, RowProblem, field_changes, masked_message
from app.io.kit.progress import Progress, Ticker
from app.io.kit.sheets import Sheet, SheetRow
from app.io.orgs.names import OrgNames

InputT = TypeVar("InputT")
ORG_KEY = "org_id"


@dataclass(frozen=True, slots=True)
class PlannedRow(Generic[InputT]):
    row: int
    title: str  # how the preview names the record: a member's name, a site's name
    record_id: int | None  # None: a new record
    data: InputT  # org_id is None while its organisation waits to be created
    new_org: str = ""  # the organisation (as the file names it) to be created for this row
    changes: tuple[FieldChange, ...] = ()


@dataclass
class Checked(Generic[InputT]):
    """The sheet's rows sorted by what an import would do with them."""

    adds: list[PlannedRow[InputT]] = field(default_factory=list)
    updates: list[PlannedRow[InputT]] = field(default_factory=list)
    unchanged: list[PlannedRow[InputT]] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)  # every problem of every refused row
    missing_orgs: dict[str, list[int]] = field(default_factory=dict)  # name -> rows naming it


@dataclass
class RowState:
    """One row while it is checked."""

    sheet_row: SheetRow
    cleaned: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # labels already refused
    new_org: str = ""

    @property
    def number(self) -> int:
        return self.sheet_row.number

    def bad(self, label: str, reason: str) -> None:
        self.problems.append(RowProblem(self.number, label, reason))
        self.failed.add(label)


class RowChecker(Generic[InputT]):
    """Checks a sheet's rows for one record type. Subclasses set ``spec`` and ``input_type`` and
    override the hooks they need."""

    spec: RecordSpec  # set on the class, or per importer where one serves several types
    input_type: type  # the service's input dataclass
    new_orgs: ClassVar[bool] = False  # an organisation the tree lacks may be created on apply
    # Columns the sheet has besides the record's fields (a meeting's lists of names), cleaned
    # like them and handed to the hooks in ``state.cleaned``.
    sheet_fields: ClassVar[tuple[Field, ...]] = ()

    def __init__(self, sheet: Sheet, orgs: OrgNames) -> None:
        self.sheet = sheet
        self.orgs = orgs
        self.input_keys = frozenset(f.name for f in dataclasses.fields(self.input_type))
        self.fields = {f.key: f for f in (*self.spec.fields, *self.sheet_fields)}
        extra = {f.key for f in self.sheet_fields}
        self.present = [k for k in sheet.columns if k in self.input_keys or k in extra]
        self.nullable = frozenset(f.key for f in self.spec.fields if f.kind in NULLABLE_KINDS)

    def run(self, progress: Progress | None = None) -> Checked[InputT]:
        """Checks every row; the sheet's rows are used up as they go, so that a county's file
        is not held twice."""
        rows = self.sheet.rows
        existing = self.existing(rows)
        out: Checked[InputT] = Checked()
        first_row_of: dict[Any, int] = {}
        ticker = Ticker(progress, len(rows), step=500)
        ticker.start()
        for i in range(len(rows)):
            r, rows[i] = rows[i], None  # type: ignore[call-overload]
            state = RowState(r)
            planned = self._check(state, existing, first_row_of)
            ticker.tick()
            if planned is None:
                out.refused.extend(state.problems)
                continue
            if planned.new_org:
                out.missing_orgs.setdefault(planned.new_org, []).append(r.number)
            if planned.record_id is None:
                out.adds.append(planned)
            elif planned.changes or planned.new_org:
                out.updates.append(planned)
            else:
                out.unchanged.append(planned)
        return out

    def _check(self, state: RowState, existing: Mapping[Any, Any],
               first_row_of: dict[Any, int]) -> PlannedRow[InputT] | None:
        r = state.sheet_row
        for key, reason in r.problems.items():
            state.bad(self.label(key), reason)
        for key in self.present:
            f = self.fields[key]
            if f.label in state.failed:
                continue
            raw = r.values.get(key)
            if f.mask is not None and isinstance(raw, str) and "*" in raw:
                state.bad(f.label, masked_message(f.label))
                continue
            refusal = self.raw_problem(key, raw)
            if refusal:
                state.bad(f.label, refusal)
                continue
            try:
                state.cleaned[key] = f.cleaned(raw)
            except ValidationError as exc:
                state.bad(f.label, exc.message)
        identity = self.identity(state)
        current = existing.get(identity) if identity is not None else None
        self._organisation(state, current)
        self.resolve(state, current)
        if current is None:  # an identity that holds the organisation is known only now
            identity = self.identity(state)
            current = existing.get(identity) if identity is not None else None
        same = self.duplicate_key(state, identity)
        if same is not None:
            if same in first_row_of:
                label, why = self.duplicate(first_row_of[same], state)
                state.bad(label, why)
            else:
                first_row_of[same] = r.number
        base = self.record_values(current) if current is not None else {}
        merged = dict(base)
        for key, value in state.cleaned.items():
            if current is None or r.values.get(key) is not None:  # a blank cell keeps the record
                merged[key] = value
        for label in state.failed:  # a field that failed is not also reported as empty
            failed_key = self.spec.key_of(label)
            if failed_key in self.fields and failed_key not in merged:
                merged[failed_key] = None
        if state.new_org:
            merged[ORG_KEY] = state.new_org  # present for the rules; created on apply
        values = self.complete(state, merged, current)
        for label, reason in self.rules(state, values, current):
            if label not in state.failed:
                state.bad(label, reason)
        if state.problems:
            return None
        data_values = {k: v for k, v in values.items() if k in self.input_keys}
        if state.new_org:
            data_values[ORG_KEY] = None
        data = self.make_input(data_values)
        changes = field_changes(self.spec, base, values, self.orgs.label) if current is not None else ()
        return PlannedRow(r.number, self.title(values), self.record_id(current), data, state.new_org, changes)

    def _organisation(self, state: RowState, current: Any) -> None:
        """The organisation by name, within the scope the user chose first."""
        text = state.cleaned.get(ORG_KEY)  # the field's cleaner has collapsed the spaces
        if ORG_KEY not in self.fields or not isinstance(text, str) or not text:
            return
        label = self.label(ORG_KEY)
        try:
            org = self.orgs.resolve(text, current=getattr(current, ORG_KEY, None))
        except ValidationError as exc:
            state.bad(label, self.org_error(exc.message))
            return
        if org is None:
            if self.new_orgs:
                state.new_org = text
            else:
                state.bad(label, self.unknown_org(text))
            return
        refusal = self.org_refusal(org, current)
        if refusal:
            state.bad(label, refusal)
        else:
            state.cleaned[ORG_KEY] = org.id

    def label(self, key: str | None) -> str:
        f = self.fields.get(key or "")
        return f.label if f is not None else self.spec.label(key)

    # ---- what a record type says ----------------------------------------------------------
    def existing(self, rows: Sequence[SheetRow]) -> Mapping[Any, Any]:
        """The records on file the rows may name, by identity."""
        return {}

    def identity(self, state: RowState) -> Any:
        """What names the record (None: no record can be matched, the row is new)."""
        return None

    def raw_problem(self, key: str, raw: Any) -> str | None:
        """What is wrong with a cell before it is cleaned (a code Excel turned into a number)."""
        return None

    def duplicate_key(self, state: RowState, identity: Any) -> Any:
        """What two rows for the same record share (None: the row cannot be told apart)."""
        return identity

    def unknown_org(self, text: str) -> str:
        return f"“{text[:30]}”在组织架构中不存在，请先建立，或改为已有的党组织名称"

    def org_error(self, message: str) -> str:
        """The organisation's refusal as this record type says it."""
        return message

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        return self.spec.noun, f"与第{first}行是同一条{self.spec.noun}（只能出现一次）"

    def org_refusal(self, org: Any, current: Any) -> str | None:
        """Why a record may not be put in ``org``, or None."""
        return None

    def resolve(self, state: RowState, current: Any) -> None:
        """The other references of the row (a unit by name …), put into ``state.cleaned``."""

    def record_values(self, current: Any) -> dict[str, Any]:
        return {k: getattr(current, k) for k in self.input_keys if hasattr(current, k)}

    def complete(self, state: RowState, merged: dict[str, Any], current: Any) -> dict[str, Any]:
        """The values with what follows from the others (defaults, derived fields)."""
        return merged

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        """The whole-record rules' problems as (label, reason)."""
        return []

    def title(self, values: Mapping[str, Any]) -> str:
        return str(values.get(self.spec.title) or "")

    def record_id(self, current: Any) -> int | None:
        return None if current is None else int(current.id)

    def make_input(self, values: Mapping[str, Any]) -> InputT:
        """The input from the values it has fields for; an empty value is "" for text and None
        for the kinds whose empty value is None."""
        nullable = self.nullable
        return self.input_type(**{k: ("" if v is None and k not in nullable else v)
                                  for k, v in values.items() if k in self.input_keys})


def service_rules(problems: Callable[[Any, int | None], list[ValidationError]], spec: RecordSpec,
                  data: Any, record_id: int | None) -> list[tuple[str, str]]:
    """A service's check of the would-be input, as (label, reason) without the record's name in
    front (the row number names it)."""
    out = []
    for p in problems(data, record_id):
        head, sep, rest = p.message.partition("：")
        reason = rest if sep and head.startswith(spec.noun) else p.message
        out.append((spec.label(spec.key_of(p.field)) or spec.noun, reason))
    return out
