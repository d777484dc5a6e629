"""The 经费 and 党费 tabs' tables: ledger entries and the unpaid-dues list, the special-fund projects — their columns and
cell texts; paging, caching and sorting are the kit's (app.ui.kit.paged_model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from app.domain.funds.fields import ENTRY_SPEC, INCOME
from app.domain.funds.projects import STAGES
from app.domain.kit.money import format_yuan
from app.services.funds.dues import DuesService
from app.services.funds.dues_rows import UnpaidRow
from app.services.funds.entry_query import EntryQuery
from app.services.funds.ledger import LedgerService
from app.services.funds.projects import ProjectRow, ProjectService
from app.services.funds.remittances import RemittanceRow, RemittanceService
from app.services.funds.rows import EntryRow
from app.ui.kit.colours import GREY, RED
from app.ui.kit.paged_model import CellContext, Column, PagedTableModel

GREEN = "#2e7d32"


def _text(key: str, label: str, sample: str, value: Callable[[Any], object], sort: str | None = None,
          colour: Callable[[Any], str | None] | None = None) -> Column[Any]:
    def cell(row: Any, _ctx: CellContext) -> str:
        v = value(row)
        return "" if v is None else str(v)

    return Column(key, label, sort, sample, cell, colour)


def _amount_colour(row: EntryRow) -> str | None:
    if row.amount < 0:
        return RED  # a reversal (红字)
    return GREEN if row.direction == INCOME else None


ENTRY_COLUMNS: tuple[Column[EntryRow], ...] = (
    _text("entry_date", "日期", "2026-12-31", lambda r: r.entry_date.isoformat() if r.entry_date else "", "entry_date"),
    _text("voucher_no", "凭证号", "记-2026-0001", lambda r: r.voucher, "voucher_no"),
    _text("summary", ENTRY_SPEC.label("summary"), "购买党建活动室桌椅及宣传展板", lambda r: r.summary, "summary"),
    _text("direction", "收支", "收入", lambda r: r.direction),
    _text("source", "经费来源", "社区自我补充", lambda r: r.source_name),
    _text("category", "支出类别", "服务群众专项经费", lambda r: r.category_name),
    _text("income", "收入（元）", "1,234,567.89", lambda r: format_yuan(r.amount) if r.direction == INCOME else "",
          "amount", _amount_colour),
    _text("expense", "支出（元）", "1,234,567.89", lambda r: format_yuan(r.amount) if r.direction != INCOME else "",
          None, _amount_colour),
    _text("status", "状态", "已记账", lambda r: r.status + ("（已冲销）" if r.reversed_by else "")),
    _text("handler", "经办人", "欧阳秀英", lambda r: r.handler),
    _text("org", "所属组织", "文化路社区党委", lambda r: r.org_name),
)


class EntryTableModel(PagedTableModel[EntryQuery, EntryRow]):
    def __init__(self, ledger: LedgerService, parent: QObject | None = None) -> None:
        super().__init__(ledger, ENTRY_COLUMNS, EntryQuery(), parent,
                         row_foreground=lambda r: GREY if not r.posted else None)


# ---- the unpaid list -------------------------------------------------------------------------
@dataclass(frozen=True)
class UnpaidQuery:
    month: dt.date
    org_id: int | None = None
    sort: str = ""
    descending: bool = False


class UnpaidSource:
    """The unpaid list as a row source for the paged model (one search, rows by member id)."""

    def __init__(self, dues: DuesService) -> None:
        self.dues = dues
        self._rows: dict[int, UnpaidRow] = {}

    def search_ids(self, query: UnpaidQuery) -> list[int]:
        found = self.dues.unpaid(query.month, query.org_id)
        self._rows = {r.member_id: r for r in found}
        return [r.member_id for r in found]

    def rows(self, ids: Sequence[int]) -> list[UnpaidRow]:
        return [self._rows[i] for i in ids if i in self._rows]


UNPAID_COLUMNS: tuple[Column[UnpaidRow], ...] = (
    _text("name", "姓名", "欧阳秀英", lambda r: r.name),
    _text("org", "所在支部", "第一网格党支部", lambda r: r.org_name),
    _text("monthly", "每月党费（元）", "1,234.56", lambda r: "未核定" if r.monthly is None else format_yuan(r.monthly)),
    _text("owed", "本年欠交月数", "本年欠交月数", lambda r: r.months_owed),
    _text("flag", "提示", "连续6个月以上未交", lambda r: "连续6个月以上未交" if r.flagged else "", None,
          lambda r: RED if r.flagged else None),
)


class UnpaidTableModel(PagedTableModel[UnpaidQuery, UnpaidRow]):
    def __init__(self, dues: DuesService, parent: QObject | None = None) -> None:
        today = dt.date.today().replace(day=1)
        super().__init__(UnpaidSource(dues), UNPAID_COLUMNS, UnpaidQuery(today), parent)


# ---- special-fund projects -------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectQuery:
    org_id: int | None = None
    stage: str | None = None
    text: str = ""
    sort: str = ""
    descending: bool = False


class ProjectSource:
    """The projects of an organisation's subtree as a row source (a handful per community a year:
    read whole, filtered by stage and name here)."""

    def __init__(self, projects: ProjectService) -> None:
        self.projects = projects
        self._rows: dict[int, ProjectRow] = {}

    def search_ids(self, query: ProjectQuery) -> list[int]:
        found = self.projects.projects(query.org_id)
        words = query.text.strip()
        found = [r for r in found if (query.stage is None or r.stage == query.stage)
                 and (not words or words in r.name or words in r.description)]
        keys: dict[str, Callable[[ProjectRow], Any]] = {
            "name": lambda r: r.name, "stage": lambda r: STAGES.index(r.stage), "budget": lambda r: r.budget or 0,
            "spent": lambda r: r.spent, "proposed_on": lambda r: (r.proposed_on or dt.date.min, r.id)}
        if query.sort in keys:
            found.sort(key=keys[query.sort], reverse=query.descending)
        self._rows = {r.id: r for r in found}
        return [r.id for r in found]

    def rows(self, ids: Sequence[int]) -> list[ProjectRow]:
        return [self._rows[i] for i in ids if i in self._rows]


def _money(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen)


def _step_text(r: ProjectRow) -> str:
    last = r.last_step
    return "" if last is None else f"{last.done_on.isoformat()} {last.done_by}"


PROJECT_COLUMNS: tuple[Column[ProjectRow], ...] = (
    _text("proposed_on", "提议日期", "2026-12-31", lambda r: r.proposed_on.isoformat() if r.proposed_on else "",
          "proposed_on"),
    _text("name", "项目名称", "老旧小区楼道照明改造工程", lambda r: r.name, "name"),
    _text("stage", "当前环节", "审核备案", lambda r: r.stage, "stage",
          lambda r: GREEN if r.stage == STAGES[-1] else None),
    _text("budget", "预算（元）", "1,234,567.89", lambda r: _money(r.budget), "budget"),
    _text("spent", "已支出（元）", "1,234,567.89", lambda r: format_yuan(r.spent), "spent"),
    _text("balance", "结余（元）", "1,234,567.89", lambda r: _money(r.balance), None,
          lambda r: RED if (r.balance or 0) < 0 else None),
    _text("last", "最近办理", "2026-12-31 社区党委会议", _step_text),
    _text("org", "所属组织", "文化路社区党委", lambda r: r.org_name),
)


class ProjectTableModel(PagedTableModel[ProjectQuery, ProjectRow]):
    def __init__(self, projects: ProjectService, parent: QObject | None = None) -> None:
        super().__init__(ProjectSource(projects), PROJECT_COLUMNS, ProjectQuery(), parent)


# ---- dues remitted upward --------------------------------------------------------------------
@dataclass(frozen=True)
class RemittanceQuery:
    org_id: int | None = None
    year: int | None = None
    sort: str = ""
    descending: bool = False


class RemittanceSource:
    """The remittances of a year (a dozen a year per organisation) as a row source."""

    def __init__(self, remittances: RemittanceService) -> None:
        self.remittances = remittances
        self._rows: dict[int, RemittanceRow] = {}

    def search_ids(self, query: RemittanceQuery) -> list[int]:
        found = self.remittances.rows_of(query.org_id, query.year)
        if query.sort == "amount":
            found.sort(key=lambda r: r.amount)
        if query.descending:
            found.reverse()
        self._rows = {r.id: r for r in found}
        return [r.id for r in found]

    def rows(self, ids: Sequence[int]) -> list[RemittanceRow]:
        return [self._rows[i] for i in ids if i in self._rows]


REMITTANCE_COLUMNS: tuple[Column[RemittanceRow], ...] = (
    _text("remitted_on", "上缴日期", "2026-12-31", lambda r: r.remitted_on.isoformat(), "remitted_on"),
    _text("amount", "金额（元）", "1,234,567.89", lambda r: format_yuan(r.amount), "amount"),
    _text("to_org", "上缴给", "城关街道党工委组织办", lambda r: r.to_org),
    _text("receipt_no", "收据号", "DF-2026-0001", lambda r: r.receipt_no),
    _text("org", "上缴的党组织", "文化路社区党委", lambda r: r.org_name),
    _text("remarks", "备注", "第一季度党费", lambda r: r.remarks),
)


class RemittanceTableModel(PagedTableModel[RemittanceQuery, RemittanceRow]):
    def __init__(self, remittances: RemittanceService, parent: QObject | None = None) -> None:
        super().__init__(RemittanceSource(remittances), REMITTANCE_COLUMNS,
                         RemittanceQuery(year=dt.date.today().year), parent)
