"""The ledger (经费台账): entries are drafts until posted; posting gives each the next voucher
number of its organisation's year (1, 2, 3 … with no gaps), after which the entry is never
changed or deleted — the database refuses it too — and is corrected by a reversing entry that
names the original. Nothing dated in a closed year can be added.

Reading, cleaning and auditing are the record kit's; what is here is the ledger's own: the
references to sources and categories, numbering, posting, reversing and the warning before a
source goes below zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.db.models import FundClosing, FundEntry, FundProject, Organization
from app.domain.access.permissions import Permission
from app.domain.funds.fields import DRAFT, ENTRY_SPEC, EXPENSE, INCOME, POSTED
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.money import format_yuan
from app.domain.kit.text import cn_date
from app.services.funds import balances as bal
from app.services.funds import entry_query as eq
from app.services.funds.catalog import Catalog
from app.services.funds.entry_files import EntryFileService
from app.services.funds.rows import EntryInput, EntryRow
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import is_sole_root
from app.services.safety import audit

CHANGE = ENTRY_SPEC.change


class NegativeBalance(ConflictError):
    """Posting would take a source below zero; the clerk is asked and may post anyway."""

    title = "经费来源余额不足"


class LedgerService(RecordService[EntryRow]):
    spec = ENTRY_SPEC
    model = FundEntry
    row_type = EntryRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- reading -------------------------------------------------------------------------
    def _rows_select(self, ids: list[int]) -> AnySelect:
        from app.db.models import FundCategory, FundSource

        rev = aliased(FundEntry)
        reversed_by = select(rev.id).where(rev.reverses_id == FundEntry.id).limit(1).scalar_subquery()
        return (select(FundEntry, Organization.name, FundSource.name, FundCategory.name, FundProject.name,
                       reversed_by)
                .join(Organization, Organization.id == FundEntry.org_id)
                .join(FundSource, FundSource.id == FundEntry.source_id)
                .outerjoin(FundCategory, FundCategory.id == FundEntry.category_id)
                .outerjoin(FundProject, FundProject.id == FundEntry.project_id)
                .where(FundEntry.id.in_(ids)))

    def search_ids(self, query: eq.EntryQuery) -> list[int]:
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, eq.id_select(_whole_ledger(s, query)))]

    def ids_window(self, query: eq.EntryQuery, offset: int, limit: int) -> list[int]:
        """Rows offset … offset+limit-1 of search_ids(query): the list reads a long ledger so."""
        with self.reading() as s:
            stmt = eq.id_select(_whole_ledger(s, query)).offset(max(0, offset)).limit(max(0, limit))
            return [r[0] for r in fetch_rows(s, stmt)]

    def count(self, query: eq.EntryQuery) -> int:
        with self.reading() as s:
            return s.scalar(eq.count_select(_whole_ledger(s, query))) or 0

    def closed_years(self, org_id: int) -> list[int]:
        with self.reading() as s:
            return list(s.scalars(select(FundClosing.year).where(FundClosing.org_id == org_id)
                                  .order_by(FundClosing.year)))

    # ---- drafts --------------------------------------------------------------------------
    def create(self, data: EntryInput) -> EntryRow:
        """A new draft (no voucher number yet)."""
        with self.writing(CHANGE) as s:
            values = self._valid(s, data)
            entry_id = self._insert(s, {**values, "status": DRAFT}).id
        return self.get(entry_id)

    def update(self, entry_id: int, data: EntryInput, version: int | None = None) -> EntryRow:
        with self.writing(CHANGE) as s:
            entry = self._draft(s, entry_id, "修改")
            versions.check(entry, version)
            self._update(s, entry, self._valid(s, data))
        return self.get(entry_id)

    def delete_draft(self, entry_id: int) -> None:
        with self.writing(CHANGE) as s:
            entry = self._draft(s, entry_id, "删除")
            self._audit(s, None, "删除收支草稿", entry.id, f"删除草稿“{entry.summary}”",
                        old=ENTRY_SPEC.audit_values({k: getattr(entry, k) for k in ENTRY_SPEC.keys}))
            EntryFileService.remove_all(s, entry.id)  # its receipt scans
            s.delete(entry)

    # ---- posting and reversing -----------------------------------------------------------
    def post(self, entry_ids: Sequence[int], *, allow_negative: bool = False) -> list[EntryRow]:
        """Posts drafts, in date order, giving each the next voucher number of its year. If a
        source would go below zero, NegativeBalance is raised (nothing posted) unless
        ``allow_negative``: the clerk has seen the warning and confirmed."""
        with self.writing(CHANGE) as s:
            entries = [self._draft(s, i, "记账") for i in dict.fromkeys(entry_ids)]
            entries.sort(key=lambda e: (e.entry_date, e.id))
            warning = self._negative_warning(s, entries)
            if warning and not allow_negative:
                raise NegativeBalance(warning)
            log = audit.Appender(s, self.actor.name)
            for entry in entries:
                self._refuse_closed(s, entry.org_id, entry.year)
                self._number(s, entry)
                self._update(s, entry, {"status": POSTED}, log=log, action="收支记账",
                             summary=f"记账{entry.summary}（凭证号{entry.year}-{entry.voucher_no}，"
                                     f"{entry.direction}{format_yuan(entry.amount)}元）")
            log.flush()
        return self.rows([e.id for e in entries])

    def negative_warning(self, entry_ids: Sequence[int]) -> str | None:
        """What posting these drafts would take below zero, for the confirmation; None if nothing."""
        with self.reading() as s:
            return self._negative_warning(s, [self._load(s, i) for i in entry_ids])

    def reverse(self, entry_id: int, on: dt.date | None = None, reason: str = "") -> EntryRow:
        """A posted reversing entry (红字冲销): the original's amount negated, naming it; the
        original stays as it was. ``on`` is the reversal's date (today by default)."""
        on = on or dt.date.today()
        reason = " ".join((reason or "").split())[:60]
        with self.writing(CHANGE) as s:
            original = self._load(s, entry_id)
            if original.status != POSTED:
                raise ConflictError("草稿还没有记账，直接修改或删除即可，不需要冲销")
            if original.reverses_id is not None:
                raise ConflictError("这是一笔冲销记录，不能再冲销；如冲销有误，请重新录入原记录")
            if s.scalar(select(FundEntry.id).where(FundEntry.reverses_id == original.id)) is not None:
                raise ConflictError(f"凭证{original.year}-{original.voucher_no}已经冲销过了")
            if on < original.entry_date:
                raise ValidationError(f"冲销日期{cn_date(on)}早于原记录日期{cn_date(original.entry_date)}",
                                      field="entry_date")
            self._refuse_closed(s, original.org_id, on.year)
            values = {k: getattr(original, k) for k in ENTRY_SPEC.keys}
            values.update(entry_date=on, year=on.year, amount=-original.amount, status=POSTED,
                          summary=f"冲销{original.year}-{original.voucher_no:04d}号：{original.summary}"[:100],
                          remarks=reason, reverses_id=original.id, posted_at=_now(), posted_by=self.actor.name,
                          attachments=0)
            record = FundEntry(**values)
            self._number(s, record, assign_time=False)
            s.add(record)
            s.flush()
            self._audit(s, None, "冲销收支", record.id,
                        f"冲销凭证{original.year}-{original.voucher_no}（{original.summary}）"
                        + (f"：{reason}" if reason else ""), new=ENTRY_SPEC.audit_values(values))
            new_id = record.id
        return self.get(new_id)

    def create_posted(self, data: EntryInput) -> EntryRow:
        """A new entry posted at once (dues returned, an income typed from a bank slip)."""
        with self.writing(CHANGE) as s:
            values = self._valid(s, data)
            record = self._insert(s, {**values, "status": POSTED, "posted_at": _now(), "posted_by": self.actor.name,
                                      "voucher_no": self._last_number(s, values["org_id"], values["year"]) + 1},
                                  action="收支记账")
            entry_id = record.id
        return self.get(entry_id)

    def problems(self, data: EntryInput) -> list[ValidationError]:
        """What is wrong with ``data`` (an import's preview); nothing is saved."""
        with self.reading() as s:
            try:
                self._valid(s, data)
            except (ValidationError, ConflictError) as exc:
                return [ValidationError(exc.message, field=ENTRY_SPEC.key_of(exc.field))]
        return []

    def add_drafts(self, inputs: Sequence[EntryInput], *, action: str = "导入收支草稿") -> list[int]:
        """Many drafts in one transaction, an audit record each (an import without --post)."""
        self.require(Permission.IMPORT_DATA)
        with self.writing(CHANGE) as s:
            values = [{**self._valid(s, d), "status": DRAFT} for d in inputs]
            log = audit.Appender(s, self.actor.name)
            ids = self._bulk_insert(s, values, log=log, action=action)
            log.flush()
        return ids

    def add_posted(self, inputs: Sequence[EntryInput], *, action: str = "导入收支") -> list[int]:
        """Entries posted at once in one transaction (an import with --post, demo data), an
        audit record each; numbered in date order after what each year holds."""
        self.require(Permission.IMPORT_DATA)
        with self.writing(CHANGE) as s:
            values = [self._valid(s, d) for d in inputs]
            values.sort(key=lambda v: v["entry_date"])
            for org_id, year in sorted({(v["org_id"], v["year"]) for v in values}):
                self._refuse_closed(s, org_id, year)
            next_no: dict[tuple[int, int], int] = {}
            now = _now()
            for v in values:
                key = (v["org_id"], v["year"])
                if key not in next_no:
                    next_no[key] = self._last_number(s, *key)
                next_no[key] += 1
                v.update(status=POSTED, voucher_no=next_no[key], posted_at=now, posted_by=self.actor.name)
            log = audit.Appender(s, self.actor.name)
            ids = self._bulk_insert(s, values, log=log, action=action)
            log.flush()
        return ids

    # ---- helpers -------------------------------------------------------------------------
    def _valid(self, s: Session, data: EntryInput) -> dict[str, Any]:
        raw = asdict(data)
        catalog = Catalog(s)
        raw["source_id"] = catalog.source_id(raw.get("source_id"))
        raw["category_id"] = catalog.category_id(raw.get("category_id"))
        values = ENTRY_SPEC.checked(raw)
        if values.get("direction") == INCOME and values.get("category_id") is not None:
            values["category_id"] = None  # categories are for spending
        org = s.get(Organization, values["org_id"]) if isinstance(values["org_id"], int) else None
        if org is None:
            raise ValidationError(f"{ENTRY_SPEC.who(values)}：找不到所选党组织，请重选", field="org_id")
        project = values.get("project_id")
        if project is not None:
            found = s.get(FundProject, project) if isinstance(project, int) else s.scalar(
                select(FundProject).where(FundProject.name == project, FundProject.org_id == org.id))
            if found is None:
                raise ValidationError(f"{ENTRY_SPEC.who(values)}：找不到专项项目“{project}”", field="project_id")
            values["project_id"] = found.id
        values["year"] = values["entry_date"].year
        self._refuse_closed(s, org.id, values["year"])
        if values["entry_date"] > dt.date.today() + dt.timedelta(days=31):
            raise ValidationError(f"日期{cn_date(values['entry_date'])}远在今天之后，请核对", field="entry_date")
        return values

    def _draft(self, s: Session, entry_id: int, doing: str) -> FundEntry:
        entry: FundEntry = self._load(s, entry_id)
        if entry.status == POSTED:
            raise ConflictError(f"凭证{entry.year}-{entry.voucher_no}“{entry.summary}”已记账，不能{doing}；"
                                f"如有错误，请做一笔冲销")
        return entry

    def _refuse_closed(self, s: Session, org_id: int, year: int) -> None:
        if s.scalar(select(FundClosing.id).where(FundClosing.org_id == org_id, FundClosing.year == year)):
            raise ConflictError(f"{year}年度已结账，不能再记入这一年的收支；请记在当前年度")

    def _last_number(self, s: Session, org_id: int, year: int) -> int:
        return s.scalar(select(func.max(FundEntry.voucher_no))
                        .where(FundEntry.org_id == org_id, FundEntry.year == year)) or 0

    def _number(self, s: Session, entry: FundEntry, *, assign_time: bool = True) -> None:
        """The next voucher number of the entry's year. Write transactions hold the ledger's
        write lock (the file's on SQLite, the server's advisory lock), so no two PCs get one
        number; the unique index is the last guard."""
        entry.voucher_no = self._last_number(s, entry.org_id, entry.year) + 1
        if assign_time:
            entry.posted_at, entry.posted_by = _now(), self.actor.name

    def import_warning(self, inputs: Sequence[EntryInput]) -> str | None:
        """What posting ``inputs`` at once (导入并记账) would do to a source's balance: the warning
        the 记账 button gives, said before the import. Nothing is written."""
        with self.reading() as s:
            spending: dict[tuple[int, int], int] = {}
            for d in inputs:
                v = self._valid(s, d)
                delta = v["amount"] if v["direction"] == EXPENSE else -v["amount"]
                spending[(v["org_id"], v["source_id"])] = spending.get((v["org_id"], v["source_id"]), 0) + delta
            return self._spending_warning(s, spending)

    def _negative_warning(self, s: Session, entries: Sequence[FundEntry]) -> str | None:
        spending: dict[tuple[int, int], int] = {}
        for e in entries:
            if e.status == DRAFT:
                delta = e.amount if e.direction == EXPENSE else -e.amount
                spending[(e.org_id, e.source_id)] = spending.get((e.org_id, e.source_id), 0) + delta
        return self._spending_warning(s, spending)

    @staticmethod
    def _spending_warning(s: Session, spending: dict[tuple[int, int], int]) -> str | None:
        problems = []
        for (org_id, source_id), spent in sorted(spending.items()):
            if spent <= 0:
                continue
            left = bal.source_balance(s, org_id, source_id)
            if left - spent < 0:
                name = Catalog(s).source_name(source_id)
                problems.append(f"“{name}”现有余额{format_yuan(left)}元，记账后将为{format_yuan(left - spent)}元")
        if not problems:
            return None
        return "；".join(problems) + "。经费来源的余额将低于零，请确认收入是否已入账，确需记账请再次确认"


def _whole_ledger(s: Session, query: eq.EntryQuery) -> eq.EntryQuery:
    """The query without its organisation when that is the one root of the tree (the county):
    every entry is under it, and without the IN list the database reads a whole ledger in its
    order from ix_fund_entries_ledger_order instead of sorting it (a million entries: seconds)."""
    if query.org_id is None:
        return query
    return replace(query, org_id=None) if is_sole_root(s, query.org_id) else query


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
