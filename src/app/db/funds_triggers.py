"""The database's own guard over the ledger, on SQLite and PostgreSQL alike.

Whatever writes to the database — this program, another tool, a hand-typed SQL statement — a
posted entry (已记账) cannot be updated or deleted, no entry can be added to or moved into a
closed year, an entry's year is its date's, and a closed year's record and totals stay as they
were written. Each entry, as it is posted, is added to its month's totals (fund_month_totals),
whichever path posted it, so balances read those totals. A correction is a reversing entry (冲销), which is a new entry.

Emptying the whole ledger for demonstration data (``demo --force``) lifts the guard inside its
own transaction and puts it back before that transaction commits (``suspended``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

POSTED = "已记账"
MSG_POSTED = "已记账的收支记录不能修改或删除，如有错误请做一笔冲销"
MSG_CLOSED = "该年度已结账，不能再记入或改动这一年的收支"
MSG_YEAR = "收支记录须有日期和金额，且年度与日期相符"
MSG_CLOSING = "结账记录和结账余额不能修改或删除"

_SQLITE = [
    f"""CREATE TRIGGER fund_entries_posted_no_update BEFORE UPDATE ON fund_entries
    WHEN OLD.status = '{POSTED}' BEGIN SELECT RAISE(ABORT, '{MSG_POSTED}'); END""",
    f"""CREATE TRIGGER fund_entries_posted_no_delete BEFORE DELETE ON fund_entries
    WHEN OLD.status = '{POSTED}' BEGIN SELECT RAISE(ABORT, '{MSG_POSTED}'); END""",
    f"""CREATE TRIGGER fund_entries_closed_insert BEFORE INSERT ON fund_entries
    WHEN EXISTS (SELECT 1 FROM fund_closings c WHERE c.org_id = NEW.org_id AND c.year = NEW.year)
    BEGIN SELECT RAISE(ABORT, '{MSG_CLOSED}'); END""",
    f"""CREATE TRIGGER fund_entries_closed_update BEFORE UPDATE ON fund_entries
    WHEN EXISTS (SELECT 1 FROM fund_closings c WHERE c.org_id = NEW.org_id AND c.year = NEW.year)
    BEGIN SELECT RAISE(ABORT, '{MSG_CLOSED}'); END""",
    f"""CREATE TRIGGER fund_entries_year_insert BEFORE INSERT ON fund_entries
    WHEN NEW.amount IS NULL OR NEW.year IS NOT CAST(substr(NEW.entry_date, 1, 4) AS INTEGER)
    BEGIN SELECT RAISE(ABORT, '{MSG_YEAR}'); END""",
    f"""CREATE TRIGGER fund_entries_year_update BEFORE UPDATE ON fund_entries
    WHEN NEW.amount IS NULL OR NEW.year IS NOT CAST(substr(NEW.entry_date, 1, 4) AS INTEGER)
    BEGIN SELECT RAISE(ABORT, '{MSG_YEAR}'); END""",
    *(f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
    BEGIN SELECT RAISE(ABORT, '{MSG_CLOSING}'); END"""
      for table in ("fund_closings", "fund_year_totals") for op in ("UPDATE", "DELETE")),
]
_SQLITE_ADD = """INSERT INTO fund_month_totals (org_id, month, source_id, category_key, income, expense)
    VALUES (NEW.org_id, substr(NEW.entry_date, 1, 7) || '-01', NEW.source_id, COALESCE(NEW.category_id, 0),
            CASE WHEN NEW.direction = '收入' THEN NEW.amount ELSE 0 END,
            CASE WHEN NEW.direction = '收入' THEN 0 ELSE NEW.amount END)
    ON CONFLICT (org_id, month, source_id, category_key)
    DO UPDATE SET income = income + excluded.income, expense = expense + excluded.expense;"""
_SQLITE += [
    f"""CREATE TRIGGER fund_entries_totals_insert AFTER INSERT ON fund_entries
    WHEN NEW.status = '{POSTED}' BEGIN {_SQLITE_ADD} END""",
    f"""CREATE TRIGGER fund_entries_totals_post AFTER UPDATE OF status ON fund_entries
    WHEN NEW.status = '{POSTED}' AND OLD.status <> '{POSTED}' BEGIN {_SQLITE_ADD} END""",
]
_SQLITE_NAMES = ["fund_entries_totals_insert", "fund_entries_totals_post", "fund_entries_posted_no_update", "fund_entries_posted_no_delete", "fund_entries_closed_insert",
                 "fund_entries_closed_update", "fund_entries_year_insert", "fund_entries_year_update",
                 *(f"{t}_no_{op}" for t in ("fund_closings", "fund_year_totals") for op in ("update", "delete"))]

_PG = [
    f"""CREATE OR REPLACE FUNCTION fund_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' OR (TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = '{POSTED}') THEN
        RAISE EXCEPTION '{MSG_POSTED}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.entry_date IS NULL OR NEW.amount IS NULL OR NEW.year <> EXTRACT(YEAR FROM NEW.entry_date) THEN
          RAISE EXCEPTION '{MSG_YEAR}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM fund_closings c WHERE c.org_id = NEW.org_id AND c.year = NEW.year) THEN
          RAISE EXCEPTION '{MSG_CLOSED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION fund_month_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = '{POSTED}' AND (TG_OP = 'INSERT' OR OLD.status <> '{POSTED}') THEN
        INSERT INTO fund_month_totals (org_id, month, source_id, category_key, income, expense)
        VALUES (NEW.org_id, date_trunc('month', NEW.entry_date)::date, NEW.source_id, COALESCE(NEW.category_id, 0),
                CASE WHEN NEW.direction = '收入' THEN NEW.amount ELSE 0 END,
                CASE WHEN NEW.direction = '收入' THEN 0 ELSE NEW.amount END)
        ON CONFLICT (org_id, month, source_id, category_key) DO UPDATE
        SET income = fund_month_totals.income + EXCLUDED.income,
            expense = fund_month_totals.expense + EXCLUDED.expense;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER fund_entries_totals AFTER INSERT OR UPDATE ON fund_entries
    FOR EACH ROW EXECUTE FUNCTION fund_month_totals_add()""",
    f"""CREATE OR REPLACE FUNCTION fund_closings_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '{MSG_CLOSING}' USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER fund_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON fund_entries
    FOR EACH ROW EXECUTE FUNCTION fund_entries_guard()""",
    """CREATE TRIGGER fund_entries_no_truncate BEFORE TRUNCATE ON fund_entries
    FOR EACH STATEMENT EXECUTE FUNCTION fund_entries_guard()""",
    *(f"""CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION fund_closings_guard()""" for table in ("fund_closings", "fund_year_totals")),
    *(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION fund_closings_guard()""" for table in ("fund_closings", "fund_year_totals")),
]
_PG_TRIGGERS = [("fund_entries_guard", "fund_entries"), ("fund_entries_totals", "fund_entries"), ("fund_entries_no_truncate", "fund_entries"),
                *((f"{t}_{n}", t) for t in ("fund_closings", "fund_year_totals") for n in ("guard", "no_truncate"))]


def create(conn: Connection) -> None:
    for statement in (_PG if conn.dialect.name == "postgresql" else _SQLITE):
        conn.execute(text(statement))


def drop(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name, table in _PG_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        for func in ("fund_entries_guard", "fund_closings_guard", "fund_month_totals_add"):
            conn.execute(text(f"DROP FUNCTION IF EXISTS {func}()"))
    else:
        for name in _SQLITE_NAMES:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """The guard lifted for the caller's transaction only (emptying the ledger for demo data)."""
    drop(conn)
    yield
    create(conn)


def refused(exc: BaseException) -> str | None:
    """The guard's message if ``exc`` is the database refusing a change to the ledger."""
    text_ = str(getattr(exc, "orig", None) or exc)
    for message in (MSG_POSTED, MSG_CLOSED, MSG_YEAR, MSG_CLOSING):
        if message in text_:
            return message
    return None
