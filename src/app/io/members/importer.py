"""Importing the member roster from Excel or CSV: a preview first, then one transaction.

``MemberImporter.preview(path)`` reads the file and sorts every row into: new members, members
already on record (matched by ID number; the fields that differ shown old → new), rows that
change nothing, and refused rows (each with every problem: Excel row number, field, reason).
It says how each column was understood (by header or by content; the user may change it and
preview again). Organisations named in the file that do not exist yet are listed; they can be
created as 党支部 under the organisation the user chose when the user agrees. Nothing is
written until ``apply``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.kit.errors import AppError
from app.domain.members.fields import AMBIGUOUS_HEADERS, MEMBER_FIELDS
from app.io.kit.progress import Cancelled, Progress, Ticker
from app.io.kit.sheets import read_sheet
from app.io.members.checker import TYPE_KEY, Checker, ids_by_id_number, parent_and_name
from app.io.members.preview import (
    ID_KEY,
    NEW_ORG_TYPE,
    FieldChange,
    ImportOutcome,
    ImportPreview,
    PlannedRow,
    RowProblem,
)
from app.io.orgs.names import OrgNames

if TYPE_CHECKING:
    from app.io.members.services import MemberIoServices
    from app.services.members.service import MemberInput, NewOrg


class MemberImporter:
    def __init__(self, services: MemberIoServices) -> None:
        self.services = services

    # ---- preview --------------------------------------------------------------------------
    def preview(self, path: str | Path, progress: Progress | None = None, *, scope_id: int | None = None,
                columns: Mapping[str, str | None] | None = None) -> ImportPreview:
        """Reads and checks the file; writes nothing. Raises AppError for an unreadable file.

        ``scope_id`` is the organisation the user chose: names are looked up there first and
        new organisations go under it. ``columns`` overrides how columns are read (header or
        column letter -> field key, "" to leave one out). A user who may not match on ID numbers
        is refused (PermissionDenied) before the file is read.
        """
        self.services.members.check_match_by_id_number()
        overrides = dict(columns or {})
        sheet = read_sheet(path, MEMBER_FIELDS, id_keys={ID_KEY}, ambiguous=AMBIGUOUS_HEADERS, overrides=overrides)
        missing = [f for f in sheet.missing(MEMBER_FIELDS)
                   if not (f.key == TYPE_KEY and "full_on" in sheet.columns)]  # it follows from 转正日期
        if missing:
            names = "、".join(f"“{f.label}”" for f in missing)
            raise AppError(
                f"“{sheet.source}”第{sheet.header_row}行的表头中缺少必填列{names}。"
                f"请补上这些列（列名可用{_aliases(missing)}）后重新导入"
            )
        return Checker(self.services, Path(path), sheet, scope_id=scope_id, overrides=overrides).run_preview(progress)

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
        new_orgs, found = self._new_orgs(preview, adds, updates) if create_missing_orgs else ([], {})

        def final(p: PlannedRow) -> MemberInput:
            # A row whose organisation is new names it; the service swaps in the new id.
            return replace(p.data, org_id=found.get(p.new_org, p.new_org)) if p.new_org else p.data

        result = self.services.members.import_batch(
            _Reporting([final(p) for p in adds], ticker),
            _Reporting([(p.record_id, final(p)) for p in updates], ticker),
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
                raise AppError(f"第{p.row}行的党员“{p.title}”已在预览后被他人登记，请重新预览后再导入")
        for p in updates:
            if on_record.get(p.data.id_number) != p.record_id:
                raise AppError(f"第{p.row}行的党员“{p.title}”已在预览后被他人改动，请重新预览后再导入")

    def _new_orgs(self, preview: ImportPreview, adds: list[PlannedRow], updates: list[PlannedRow],
                  ) -> tuple[list[NewOrg], dict[str, int]]:
        """The organisations to create (each under its named parent, else where the preview said), keyed
        by the name the file gives them, and those someone has made since the preview (name -> id).
        The service creates them with the members, in one transaction."""
        from app.services.members.service import NewOrg

        names = sorted({p.new_org for p in (*adds, *updates) if p.new_org})
        if not names:
            return [], {}
        lookup = OrgNames(self.services.orgs.list(), preview.scope_id or self.services.settings.get("office_org_id"))
        out: list[NewOrg] = []
        found: dict[str, int] = {}
        for name in names:
            existing = lookup.resolve(name)
            if existing is not None:
                found[name] = existing.id
                continue
            parent_id, own = parent_and_name(lookup, name, preview.new_org_parent_id)
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

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            yield item
            self.ticker.tick()


def _aliases(missing: Sequence[Any]) -> str:
    return "；".join("、".join(f.headers) for f in missing)


__all__ = ["Cancelled", "FieldChange", "ImportOutcome", "ImportPreview", "MemberImporter", "PlannedRow",
           "RowProblem", "ids_by_id_number"]
