"""Checking a roster's rows: each becomes a planned addition or update, or a list of problems.

Cleaning is the field declarations' (app.domain.members.fields), the whole-record rules are
app.domain.members.rules'; this module adds what only an import knows: the organisation by
name (within the scope the user chose first), duplicates inside the file, a blank cell that
keeps what is on record, and 人员类别 following from 转为正式党员日期 when the file leaves it out.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import NULLABLE_KINDS
from app.domain.kit.idcard import clean_id, normalize_id
from app.domain.members import rules as member_rules
from app.domain.members.catalog import FULL, PROBATIONARY
from app.domain.members.fields import FIELDS_BY_KEY, MEMBER_FIELDS, MEMBER_SPEC
from app.domain.members.rules import MEMBERS_IN_COMMITTEES_SETTING
from app.domain.orgs.rules import check_parent_type, clean_name
from app.io.kit.plan import field_changes
from app.io.kit.progress import Progress, Ticker
from app.io.kit.sheets import Sheet
from app.io.members.preview import (
    ID_KEY,
    ID_LABEL,
    NEW_ORG_TYPE,
    ORG_KEY,
    ORG_LABEL,
    FieldChange,
    ImportPreview,
    PlannedRow,
    RowProblem,
    masked_message,
)
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.io.members.services import MemberIoServices
    from app.services.members.service import MemberRow

TYPE_KEY = "member_type"
DERIVED_KEYS = ("birth_date", "sex")  # filled from the ID number when left blank


def ids_by_id_number(services: MemberIoServices, numbers: Any) -> dict[str, int]:
    """ID number -> member id of those on record."""
    wanted = {n for n in numbers if n}
    return services.members.ids_by_id_number(wanted) if wanted else {}


def branch_parent(lookup: OrgNames, scope: int | None) -> int | None:
    """Where a new 党支部 goes: the chosen organisation, or the nearest one above it that may
    hold a branch (a branch chosen as scope puts new branches beside it)."""
    seen: set[int] = set()
    current = scope
    while current is not None and current in lookup.by_id and current not in seen:
        seen.add(current)
        o = lookup.by_id[current]
        try:
            check_parent_type(NEW_ORG_TYPE, o.org_type)
            return o.id
        except ValidationError:
            current = o.parent_id
    return scope if scope in lookup.by_id else None


def parent_and_name(lookup: OrgNames, name: str, default: int | None) -> tuple[int | None, str]:
    """A name written as 上级/支部 goes under that parent when it exists; else under ``default``."""
    for sep in ("/", "／"):
        if sep in name:
            head, _, tail = name.rpartition(sep)
            try:
                parent = lookup.resolve(head)
            except ValidationError:
                parent = None
            if parent is not None and tail.strip():
                return parent.id, tail.strip()
    return default, name


class Checker:
    """Turns each sheet row into a planned addition or update, or a list of problems."""

    def __init__(self, services: MemberIoServices, path: Path, sheet: Sheet, *, scope_id: int | None = None,
                 overrides: dict[str, str | None] | None = None) -> None:
        from app.services.members.service import INPUT_KEYS

        self.services = services
        self.path = path
        self.sheet = sheet
        self.overrides = dict(overrides or {})
        self.input_keys = INPUT_KEYS
        self.office = services.settings.get("office_org_id")
        orgs = services.orgs.list()
        self.scope_id = scope_id if any(o.id == scope_id for o in orgs) else None
        self.orgs = OrgNames(orgs, self.scope_id or self.office)
        self.new_parent = branch_parent(self.orgs, self.scope_id or self.office)
        self.in_committees = bool(services.settings.get(MEMBERS_IN_COMMITTEES_SETTING))
        self.present = [k for k in sheet.columns if k in INPUT_KEYS]
        self.derive_type = "full_on" in sheet.columns
        self.derived_rows: list[int] = []

    def run(self, progress: Progress | None) -> ImportPreview:
        """Checks every row (the sheet's rows are used up, so that a county's roster is not
        held twice)."""
        rows = self.sheet.rows
        numbers = {_as_stored(r.values.get(ID_KEY)) for r in rows} - {""}
        existing_ids = ids_by_id_number(self.services, numbers)
        existing = {m.id_number: m for m in self.services.members.rows(list(existing_ids.values()))}
        adds: list[PlannedRow] = []
        updates: list[PlannedRow] = []
        unchanged: list[PlannedRow] = []
        refused: list[RowProblem] = []
        missing: dict[str, list[int]] = {}
        first_row_of: dict[str, int] = {}
        ticker = Ticker(progress, len(rows), step=500)
        ticker.start()
        for i in range(len(rows)):
            r, rows[i] = rows[i], None  # type: ignore[call-overload]
            planned, problems, new_org = self._check(r, existing, first_row_of)
            ticker.tick()
            if problems:
                refused.extend(problems)
                continue
            assert planned is not None
            if new_org:
                missing.setdefault(new_org, []).append(r.number)
            if planned.member_id is None:
                adds.append(planned)
            elif planned.changes or new_org:
                updates.append(planned)
            else:
                unchanged.append(planned)
        parent = self.orgs.by_id.get(self.new_parent) if self.new_parent is not None else None
        return ImportPreview(
            self.path, self.sheet.sheet_name, self.sheet.header_row, dict(self.sheet.columns),
            self.sheet.ignored, list(self.sheet.skipped), adds, updates, unchanged, refused,
            missing, self._org_problems(missing), self.sheet.plan, self.overrides, tuple(self.derived_rows),
            self.scope_id, self.new_parent, parent.name if parent else "",
        )

    def _org_problems(self, missing: dict[str, list[int]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in missing:
            parent_id, own = parent_and_name(self.orgs, name, self.new_parent)
            if parent_id is None:
                out[name] = f"“{name}”在组织架构中不存在，且尚未设置本单位党组织，无法自动新建；请先在组织架构中建立"
                continue
            parent = self.orgs.by_id.get(parent_id)
            try:
                clean_name(own, ORG_LABEL)
                check_parent_type(NEW_ORG_TYPE, parent.org_type if parent else None)
            except ValidationError as exc:
                out[name] = f"“{name}”无法自动新建：{exc.message}"
        return out

    def _check(self, r: Any, existing: dict[str, MemberRow], first_row_of: dict[str, int],
               ) -> tuple[PlannedRow | None, list[RowProblem], str]:
        problems: list[RowProblem] = []
        failed: set[str] = set()

        def bad(label: str, reason: str) -> None:
            problems.append(RowProblem(r.number, label, reason))
            failed.add(label)

        for key, reason in r.problems.items():
            bad(FIELDS_BY_KEY[key].label, reason)
        cleaned: dict[str, Any] = {}
        for key in self.present:
            if FIELDS_BY_KEY[key].label in failed:
                continue
            raw = r.values.get(key)
            f = FIELDS_BY_KEY[key]
            if f.mask is not None and isinstance(raw, str) and "*" in raw:
                bad(f.label, masked_message(f.label))
                continue
            try:
                cleaned[key] = f.cleaned(raw)
            except ValidationError as exc:
                bad(f.label, exc.message)

        number = cleaned.get(ID_KEY) or ""
        current = existing.get(number) if number else None

        # The organisation, by name (a member may stay in a closed one: those who left do).
        new_org = ""
        org_text = cleaned.get(ORG_KEY)
        if isinstance(org_text, str) and org_text:
            try:
                org = self.orgs.resolve(org_text, current=current.org_id if current else None)
            except ValidationError as exc:
                bad(ORG_LABEL, exc.message)
                org = None
            refusal = None if org is None or (current is not None and current.org_id == org.id) else (
                member_rules.org_refusal(org.name, org.org_type, self.in_committees))
            if refusal:
                bad(ORG_LABEL, refusal)
            elif org is not None:
                cleaned[ORG_KEY] = org.id
            elif ORG_LABEL not in failed:
                new_org = org_text

        # Duplicates inside the file.
        if number:
            if number in first_row_of:
                bad(ID_LABEL, f"与第{first_row_of[number]}行的公民身份号码重复（同一人只能出现一次）")
            else:
                first_row_of[number] = r.number

        # Whole-record rules over the merged values (an update keeps what the file leaves blank).
        base = {k: getattr(current, k) for k in self.input_keys} if current else {}
        merged = dict(base)
        for key, value in cleaned.items():
            if current is None or r.values.get(key) is not None:  # a blank cell keeps the record
                merged[key] = value
        for label in failed:  # a field that failed is not also reported as empty
            key = _key_of(label)
            if key and key not in merged:
                merged[key] = None
        if new_org:
            merged[ORG_KEY] = new_org  # present for the rules; created on apply
        if current is None and not merged.get(TYPE_KEY) and self.derive_type and "转为正式党员日期" not in failed:
            merged[TYPE_KEY] = FULL if merged.get("full_on") else PROBATIONARY
            self.derived_rows.append(r.number)
        values = member_rules.fill_defaults(merged)
        # Without a valid ID number, birth date and sex cannot be derived: say so only once.
        derived = set() if ID_LABEL not in failed else {
            FIELDS_BY_KEY[k].label for k in DERIVED_KEYS if not cleaned.get(k)}
        for broken in member_rules.problems(values):
            label = broken.field or ""
            if label in failed or label in derived:
                continue
            bad(label or "整行", broken.message)
        if problems:
            return None, problems, ""

        from app.services.members.service import MemberInput

        data_values = {k: values[k] for k in self.input_keys if k in values}
        if new_org:
            data_values[ORG_KEY] = None
        data = _make_input(MemberInput, data_values)
        changes = _changes(base, values, self.orgs) if current is not None else ()
        return PlannedRow(r.number, values.get("name") or "", current.id if current else None, data,
                          new_org, changes), [], new_org


def _as_stored(value: Any) -> str:
    """The ID number as the roster stores it (an old 15-digit number as its 18-digit form), to
    find the member it belongs to; a number that fails its check as typed."""
    try:
        return clean_id(value)
    except ValidationError:
        return normalize_id(value)


def _key_of(label: str) -> str | None:
    for f in MEMBER_FIELDS:
        if f.label == label:
            return f.key
    return None


def _make_input(cls: type, values: dict[str, Any]) -> Any:
    names = _field_names(cls)
    clean = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in values.items() if k in names}
    return cls(**clean)


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


# MemberInput fields whose empty value is None rather than "".
_NULLABLE = frozenset(f.key for f in MEMBER_FIELDS if f.kind in NULLABLE_KINDS)


def _changes(old: dict[str, Any], new: dict[str, Any], orgs: OrgNames) -> tuple[FieldChange, ...]:
    return field_changes(MEMBER_SPEC, old, new, orgs.label)
