"""Importing the member roster from Excel or CSV: a preview first, then one transaction.

``MemberImporter.preview(path)`` reads the file and sorts every row into: new members, members
already on record (matched by ID number; the fields that differ shown old → new), rows that
change nothing, and refused rows (each with every problem: Excel row number, field, reason).
Organisations named in the file that do not exist yet are listed; they can be created under the
office's organisation as 党支部 when the user agrees. Nothing is written until ``apply``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Kind
from app.domain.kit.idcard import clean_id, normalize_id
from app.domain.members import rules as member_rules
from app.domain.members.fields import FIELDS_BY_KEY, MEMBER_FIELDS, display_value
from app.domain.orgs.rules import OrgType, check_parent_type, clean_name
from app.io.kit.progress import Cancelled, Progress, Ticker
from app.io.kit.sheets import Sheet, SkippedRow, read_sheet
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.services.container import Services
    from app.services.members.service import MemberInput, MemberRow, NewOrg

ID_KEY = "id_number"
ORG_KEY = "org_id"
ORG_LABEL = FIELDS_BY_KEY[ORG_KEY].label
ID_LABEL = FIELDS_BY_KEY[ID_KEY].label
NEW_ORG_TYPE = OrgType.BRANCH
DERIVED_KEYS = ("birth_date", "sex")  # filled from the ID number when left blank


def masked_message(label: str) -> str:
    return f"{label}已遮蔽（含*号），不能用于导入。请导出时选择显示完整号码，或填写完整号码"


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number Excel shows
    label: str  # the field's Chinese label
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.label}: {self.reason}"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


@dataclass(frozen=True)
class PlannedRow:
    row: int
    name: str
    member_id: int | None  # None: a new member
    data: MemberInput  # org_id is None while its organisation waits to be created
    new_org: str = ""  # the organisation (as the file names it) to be created for this row
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    source: Path
    sheet_name: str
    header_row: int
    columns: dict[str, str]  # field key -> header in the file
    ignored_columns: tuple[str, ...]
    skipped: list[SkippedRow]  # total rows, notes, section titles, the template's example
    adds: list[PlannedRow]
    updates: list[PlannedRow]
    unchanged: list[PlannedRow]
    refused: list[RowProblem]  # every problem of every refused row, in row order
    missing_orgs: dict[str, list[int]]  # organisation name -> rows that name it
    org_problems: dict[str, str] = field(default_factory=dict)  # name -> why it cannot be created

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})

    def problems(self, create_missing_orgs: bool) -> list[RowProblem]:
        """Everything that keeps a row out, given the user's choice about new organisations."""
        out = list(self.refused)
        for name, rows in self.missing_orgs.items():
            reason = self.org_problems.get(name) if create_missing_orgs else (
                f"“{name}”在组织架构中不存在（可选择自动新建为{NEW_ORG_TYPE.value}，或先在组织架构中建立）"
            )
            if reason:
                out.extend(RowProblem(r, ORG_LABEL, reason) for r in rows)
        return sorted(out, key=lambda p: p.row)

    def writable(self, create_missing_orgs: bool) -> tuple[list[PlannedRow], list[PlannedRow]]:
        """The additions and updates ``apply`` would write."""
        blocked = {n for n in self.missing_orgs if not create_missing_orgs or n in self.org_problems}

        def ok(p: PlannedRow) -> bool:
            return not p.new_org or p.new_org not in blocked

        return [p for p in self.adds if ok(p)], [p for p in self.updates if ok(p)]

    def summary(self, create_missing_orgs: bool = False) -> list[str]:
        adds, updates = self.writable(create_missing_orgs)
        refused = {p.row for p in self.problems(create_missing_orgs)}
        lines = [
            f"文件：{self.source.name}（工作表“{self.sheet_name}”，表头在第{self.header_row}行）",
            f"新增党员 {len(adds)} 名，更新 {len(updates)} 名，无变化 {len(self.unchanged)} 名，"
            f"有问题未导入 {len(refused)} 行",
        ]
        if self.missing_orgs:
            names = "、".join(self.missing_orgs)
            verb = "将新建" if create_missing_orgs else "不存在"
            lines.append(f"组织架构中{verb}的党组织 {len(self.missing_orgs)} 个：{names}")
        if self.ignored_columns:
            lines.append("未导入的列：" + "、".join(self.ignored_columns))
        lines += [f"第{s.number}行：{s.reason}" for s in self.skipped]
        return lines


@dataclass(frozen=True)
class ImportOutcome:
    added_ids: list[int]
    updated_ids: list[int]
    unchanged: int
    refused_rows: list[int]
    created_orgs: list[str]


class MemberImporter:
    def __init__(self, services: Services) -> None:
        self.services = services

    # ---- preview --------------------------------------------------------------------------
    def preview(self, path: str | Path, progress: Progress | None = None) -> ImportPreview:
        """Reads and checks the file; writes nothing. Raises AppError for an unreadable file,
        PermissionDenied (before the file is read) for a user who may not match on ID numbers."""
        self.services.members.check_match_by_id_number()
        sheet = read_sheet(path, MEMBER_FIELDS, id_keys={ID_KEY})
        missing = sheet.missing(MEMBER_FIELDS)
        if missing:
            names = "、".join(f"“{f.label}”" for f in missing)
            raise AppError(
                f"“{sheet.source}”第{sheet.header_row}行的表头中缺少必填列{names}。"
                f"请补上这些列（列名可用{_aliases(missing)}）后重新导入"
            )
        return _Checker(self.services, Path(path), sheet).run(progress)

    # ---- apply ----------------------------------------------------------------------------
    def apply(self, preview: ImportPreview, *, create_missing_orgs: bool = False,
              progress: Progress | None = None) -> ImportOutcome:
        """Writes the preview's additions and updates in one transaction (refused rows are left).

        ``progress(done, total)`` returning False cancels; a cancelled import writes nothing.
        New organisations, when agreed, are created in the same transaction as the members.
        """
        adds, updates = preview.writable(create_missing_orgs)
        total = len(adds) + len(updates)
        ticker = Ticker(progress, total)
        ticker.start()
        self._check_still_current(adds, updates)
        new_orgs, found = self._new_orgs(adds, updates) if create_missing_orgs else ([], {})

        def final(p: PlannedRow) -> MemberInput:
            # A row whose organisation is new names it; the service swaps in the new id.
            return replace(p.data, org_id=found.get(p.new_org, p.new_org)) if p.new_org else p.data

        result = self.services.members.import_batch(
            _Reporting([final(p) for p in adds], ticker),
            _Reporting([(p.member_id, final(p)) for p in updates], ticker),
            new_orgs=new_orgs,
        )
        return ImportOutcome(list(result.added_ids), list(result.updated_ids), len(preview.unchanged),
                             sorted({p.row for p in preview.problems(create_missing_orgs)}),
                             sorted({*found, *result.created_orgs}))

    def _check_still_current(self, adds: list[PlannedRow], updates: list[PlannedRow]) -> None:
        """Someone may have changed the roster since the preview; then nothing is written."""
        on_record = ids_by_id_number(self.services, [p.data.id_number for p in (*adds, *updates)])
        for p in adds:
            if p.data.id_number in on_record:
                raise AppError(f"第{p.row}行的党员“{p.name}”已在预览后被他人登记，请重新预览后再导入")
        for p in updates:
            if on_record.get(p.data.id_number) != p.member_id:
                raise AppError(f"第{p.row}行的党员“{p.name}”已在预览后被他人改动，请重新预览后再导入")

    def _new_orgs(self, adds: list[PlannedRow], updates: list[PlannedRow],
                  ) -> tuple[list[NewOrg], dict[str, int]]:
        """The organisations to create (each under its named parent, else under the office), keyed
        by the name the file gives them, and those someone has made since the preview (name -> id).
        The service creates them with the members, in one transaction."""
        from app.services.members.service import NewOrg

        names = sorted({p.new_org for p in (*adds, *updates) if p.new_org})
        if not names:
            return [], {}
        office = self.services.settings.get("office_org_id")
        lookup = OrgNames(self.services.orgs.list(), office)
        out: list[NewOrg] = []
        found: dict[str, int] = {}
        for name in names:
            existing = lookup.resolve(name)
            if existing is not None:
                found[name] = existing.id
                continue
            parent_id, own = _parent_and_name(lookup, name, office)
            out.append(NewOrg(own, parent_id, NEW_ORG_TYPE, key=name))
        return out, found


class _Reporting(Sequence):
    """A list that reports progress as the service walks through it; False cancels.

    Cancelling raises inside the service's transaction, so everything written so far is rolled back.
    """

    def __init__(self, items: list[Any], ticker: Ticker) -> None:
        self.items = items
        self.ticker = ticker

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self.items[i]

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            yield item
            self.ticker.tick()


def ids_by_id_number(services: Services, numbers: Iterable[str]) -> dict[str, int]:
    """ID number -> member id of those on record."""
    wanted = {n for n in numbers if n}
    return services.members.ids_by_id_number(wanted) if wanted else {}


def _aliases(missing: Sequence[Any]) -> str:
    return "；".join("、".join(f.headers) for f in missing)


def _parent_and_name(lookup: OrgNames, name: str, office: int | None) -> tuple[int | None, str]:
    """A name written as 上级/支部 goes under that parent when it exists; else under the office."""
    for sep in ("/", "／"):
        if sep in name:
            head, _, tail = name.rpartition(sep)
            try:
                parent = lookup.resolve(head)
            except ValidationError:
                parent = None
            if parent is not None and tail.strip():
                return parent.id, tail.strip()
    return office, name


# ---- checking rows ----------------------------------------------------------------------------

class _Checker:
    """Turns each sheet row into a planned addition or update, or a list of problems."""

    def __init__(self, services: Services, path: Path, sheet: Sheet) -> None:
        from app.services.members.service import INPUT_KEYS

        self.services = services
        self.path = path
        self.sheet = sheet
        self.input_keys = INPUT_KEYS
        self.office = services.settings.get("office_org_id")
        self.orgs = OrgNames(services.orgs.list(), self.office)
        self.present = [k for k in sheet.columns if k in INPUT_KEYS]

    def run(self, progress: Progress | None) -> ImportPreview:
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
        for r in rows:
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
        return ImportPreview(
            self.path, self.sheet.sheet_name, self.sheet.header_row, dict(self.sheet.columns),
            self.sheet.ignored, list(self.sheet.skipped), adds, updates, unchanged, refused,
            missing, self._org_problems(missing),
        )

    def _org_problems(self, missing: dict[str, list[int]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in missing:
            parent_id, own = _parent_and_name(self.orgs, name, self.office)
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
                cleaned[key] = f.clean(raw) if f.clean else raw
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
            if org is not None:
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
        values = member_rules.fill_defaults(merged)
        # Without a valid ID number, birth date and sex cannot be derived: say so only once.
        derived = set() if ID_LABEL not in failed else {
            FIELDS_BY_KEY[k].label for k in DERIVED_KEYS if not cleaned.get(k)}
        for exc in member_rules.problems(values):
            label = exc.field or ""
            if label in failed or label in derived:
                continue
            bad(label or "整行", exc.message)
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
_NULLABLE = frozenset({"org_id", "joined_on", "full_on", "birth_date", "lost_since"})


def _changes(old: dict[str, Any], new: dict[str, Any], orgs: OrgNames) -> tuple[FieldChange, ...]:
    out: list[FieldChange] = []
    for f in MEMBER_FIELDS:
        if f.key not in new or f.key not in old:
            continue
        a, b = old[f.key], new[f.key]
        if (a or None) == (b or None) or a == b:
            continue
        if f.kind is Kind.ORG:
            out.append(FieldChange(f.label, orgs.label(a), orgs.label(b) if isinstance(b, int) else str(b)))
        else:
            out.append(FieldChange(f.label, display_value(f.key, a), display_value(f.key, b)))
    return tuple(out)


__all__ = ["Cancelled", "FieldChange", "ImportOutcome", "ImportPreview", "MemberImporter", "PlannedRow",
           "RowProblem"]
