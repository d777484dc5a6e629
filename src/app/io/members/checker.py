"""Checking a roster's rows: each becomes a planned addition or update, or a list of problems.

Cleaning is the field declarations' (app.domain.members.fields), the whole-record rules are
app.domain.members.rules'; this module adds what only an import knows: the organisation by
name (within the scope the user chose first), duplicates inside the file, a blank cell that
keeps what is on record, and 人员类别 following from 转为正式党员日期 when the file leaves it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import clean_id, normalize_id
from app.domain.members import rules as member_rules
from app.domain.members.catalog import FULL, PROBATIONARY
from app.domain.members.fields import FIELDS_BY_KEY, MEMBER_SPEC
from app.domain.members.rules import MEMBERS_IN_COMMITTEES_SETTING
from app.domain.orgs.rules import check_parent_type, clean_name
from app.io.kit.engine import RowChecker, RowState
from app.io.kit.progress import Progress
from app.io.kit.sheets import Sheet, SheetRow
from app.io.members.preview import (
    ID_KEY,
    ID_LABEL,
    NEW_ORG_TYPE,
    ORG_LABEL,
    ImportPreview,
)
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.io.members.services import MemberIoServices
    from app.services.members.service import MemberInput, MemberRow  # noqa: F401 - in the class's base

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


class Checker(RowChecker["MemberInput"]):
    """Turns each sheet row into a planned addition or update, or a list of problems."""

    spec = MEMBER_SPEC
    new_orgs = True

    def __init__(self, services: MemberIoServices, path: Path, sheet: Sheet, *, scope_id: int | None = None,
                 overrides: dict[str, str | None] | None = None) -> None:
        from app.services.members.service import MemberInput

        self.input_type = MemberInput
        self.services = services
        self.path = path
        self.overrides = dict(overrides or {})
        self.office = services.settings.get("office_org_id")
        orgs = services.orgs.list()
        self.scope_id = scope_id if any(o.id == scope_id for o in orgs) else None
        super().__init__(sheet, OrgNames(orgs, self.scope_id or self.office))
        self.new_parent = branch_parent(self.orgs, self.scope_id or self.office)
        self.in_committees = bool(services.settings.get(MEMBERS_IN_COMMITTEES_SETTING))
        self.derive_type = "full_on" in sheet.columns
        self.derived_rows: list[int] = []

    def run_preview(self, progress: Progress | None) -> ImportPreview:
        found = self.run(progress)
        parent = self.orgs.by_id.get(self.new_parent) if self.new_parent is not None else None
        return ImportPreview(
            self.path, self.sheet.sheet_name, self.sheet.header_row, dict(self.sheet.columns),
            self.sheet.ignored, list(self.sheet.skipped), found.adds, found.updates, found.unchanged, found.refused,
            found.missing_orgs, self._org_problems(found.missing_orgs), self.sheet.plan, self.overrides,
            tuple(self.derived_rows), self.scope_id, self.new_parent, parent.name if parent else "",
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

    # ---- the engine's hooks ----------------------------------------------------------------
    def existing(self, rows: Sequence[SheetRow]) -> dict[str, MemberRow]:
        numbers = {_as_stored(r.values.get(ID_KEY)) for r in rows} - {""}
        found = ids_by_id_number(self.services, numbers)
        return {m.id_number: m for m in self.services.members.rows(list(found.values()))}

    def identity(self, state: RowState) -> str | None:
        return state.cleaned.get(ID_KEY) or None

    def duplicate(self, first: int, state: RowState) -> tuple[str, str]:
        return ID_LABEL, f"与第{first}行的公民身份号码重复（同一人只能出现一次）"

    def org_refusal(self, org: Any, current: Any) -> str | None:
        # A member may stay in a closed organisation: those who left do.
        if current is not None and current.org_id == org.id:
            return None
        return member_rules.org_refusal(org.name, org.org_type, self.in_committees)

    def complete(self, state: RowState, merged: dict[str, Any], current: Any) -> dict[str, Any]:
        if current is None and not merged.get(TYPE_KEY) and self.derive_type and "转为正式党员日期" not in state.failed:
            merged[TYPE_KEY] = FULL if merged.get("full_on") else PROBATIONARY
            self.derived_rows.append(state.number)
        return member_rules.fill_defaults(merged)

    def rules(self, state: RowState, values: dict[str, Any], current: Any) -> list[tuple[str, str]]:
        # Without a valid ID number, birth date and sex cannot be derived: say so only once.
        derived = set() if ID_LABEL not in state.failed else {
            FIELDS_BY_KEY[k].label for k in DERIVED_KEYS if not state.cleaned.get(k)}
        return [(broken.field or "整行", broken.message) for broken in member_rules.problems(values)
                if (broken.field or "") not in derived]


def _as_stored(value: Any) -> str:
    """The ID number as the roster stores it (an old 15-digit number as its 18-digit form), to
    find the member it belongs to; a number that fails its check as typed."""
    try:
        return clean_id(value)
    except ValidationError:
        return normalize_id(value)
