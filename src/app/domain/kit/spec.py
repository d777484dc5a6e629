"""A record type, declared once: its fields, identity, rules, audit entity and change tag.

The generic record kit reads a RecordSpec everywhere a record type matters: the record service
cleans, checks and audits from it; the importer and exporter map columns with it; the GUI builds
table columns and forms from it. An area declares its spec in app.domain.<area> and adds only
what is really its own (the rules, the matching, the derived fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, by_key, header_index

Values = dict[str, Any]
Rules = Callable[[Values], list[ValidationError]]


@dataclass(frozen=True)
class RecordSpec:
    key: str  # "member": the audit entity and the area's name in code
    noun: str  # "党员": how a message names one record (党员“张三”)
    fields: tuple[Field, ...]
    change: Change  # what a write of this record changes
    identity: tuple[str, ...] = ()  # the keys an import matches existing records by
    title: str = "name"  # the field that names one record in messages
    measure: str = "条"  # the measure word for counting records (党员: 名)
    rules: Rules | None = None  # problems across fields, after each field is clean
    defaults: Callable[[Values], Values] | None = None  # derived values (e.g. sex from the ID number)
    state_labels: Mapping[str, str] = field(default_factory=dict)  # labels of non-field columns in the audit

    @cached_property
    def by_key(self) -> dict[str, Field]:
        return by_key(self.fields)

    @cached_property
    def header_index(self) -> dict[str, Field]:
        return header_index(self.fields)

    @cached_property
    def _key_of_label(self) -> dict[str, str]:
        return {f.label: f.key for f in self.fields}

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        return self.by_key[key]

    def label(self, key: str | None) -> str:
        """The Chinese label of a field key (or of a column the audit names); "" for None."""
        if not key:
            return ""
        f = self.by_key.get(key)
        return f.label if f else self.state_labels.get(key, key)

    def key_of(self, field_or_label: str | None) -> str | None:
        """A problem's field as a key, whether the rule that found it named the key or the label."""
        if field_or_label is None or field_or_label in self.by_key:
            return field_or_label
        return self._key_of_label.get(field_or_label, field_or_label)

    def who(self, values: Mapping[str, Any] | Any) -> str:
        """党员“张三” — how messages name the record."""
        name = values.get(self.title) if isinstance(values, Mapping) else getattr(values, self.title, "")
        return f"{self.noun}“{name}”" if name else self.noun

    # ---- cleaning and checking -----------------------------------------------------------
    def clean(self, raw: Mapping[str, Any]) -> tuple[Values, list[ValidationError]]:
        """Each field's cleaner over the keys present in ``raw``, then the derived values.
        Returns the values (None where a field failed) and every problem found."""
        values: Values = {}
        found: list[ValidationError] = []
        for key, value in raw.items():
            f = self.by_key.get(key)
            if f is None:
                continue
            try:
                values[key] = f.cleaned(value)
            except ValidationError as exc:
                found.append(exc)
                values[key] = None
        if self.defaults is not None:
            values = self.defaults(values)
        return values, found

    def problems(self, raw: Mapping[str, Any]) -> tuple[Values, list[ValidationError]]:
        """Clean values and every problem: the fields' first, then (if none) the rules'."""
        values, found = self.clean(raw)
        if not found and self.rules is not None:
            found = [ValidationError(p.message, field=self.key_of(p.field)) for p in self.rules(values)]
        return values, found

    def checked(self, raw: Mapping[str, Any]) -> Values:
        """Clean values, or the first problem raised, prefixed with the record's name."""
        values, found = self.problems(raw)
        if found:
            first = found[0]
            raise ValidationError(f"{self.who(raw)}：{first.message}", field=first.field)
        return values

    # ---- showing -------------------------------------------------------------------------
    def display(self, key: str, value: Any, *, reveal: bool = False) -> str:
        """How a stored value is shown in tables and exports: dates 1985-03-12, months
        2024年3月, 是/否, masked values masked unless ``reveal``."""
        f = self.by_key.get(key)
        if value is None or value == "":
            return ""
        if f is not None and f.kind is Kind.BOOL:
            return "是" if value else "否"
        if f is not None and f.kind is Kind.MONTH:
            return f"{value.year}年{value.month}月"
        if hasattr(value, "isoformat"):
            return str(value.isoformat())
        text = str(value)
        if f is not None and f.mask is not None and not reveal:
            return f.mask(text)
        return text

    def audit_values(self, values: Mapping[str, Any]) -> Values:
        """Chinese labels; masked fields masked, so the audit trail holds no full numbers."""
        out: Values = {}
        for key, value in values.items():
            f = self.by_key.get(key)
            if f is None:
                if key in self.state_labels:
                    out[self.state_labels[key]] = value
                continue
            out[f.label] = f.mask(value) if f.mask is not None and isinstance(value, str) and value else value
        return out

    def with_fields(self, extra: Sequence[Field]) -> RecordSpec:
        """The same record type with more fields (tests; a community's own fields)."""
        from dataclasses import replace

        return replace(self, fields=(*self.fields, *extra))
