"""Copying a whole ledger between engines: from a SQLite file to a PostgreSQL server when an
office grows, and back (a server's automatic backups are such copies in a SQLite file).

Every table is copied in dependency order with its ids and UUIDs as they are, in one transaction
on the target (a failed copy leaves nothing behind); a server's id sequences then continue after
the largest id. The copy is verified afterwards: the number of records and a checksum of every
table, computed from the rows as they were read from the source and again from the target, and
the audit chain in the target, which must verify and end where the source's ended.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, Table, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.db.migrate import current_revision
from app.db.models import Base
from app.db.server import is_server_error
from app.domain.access.permissions import Permission
from app.domain.kit.errors import ConflictError, StorageError
from app.services.kit.base import Database, Service, storage_error
from app.services.safety import audit
from app.services.safety.identity import IDENTITY_KEY

COPY_ACTION = "复制台账"
CHUNK = 2000
Progress = Callable[[str, int], None]  # table, rows copied so far

# How tables are named in the report (others by their own name).
LABELS = {
    "organizations": "组织", "members": "党员", "member_events": "党员变动记录", "users": "用户",
    "settings": "设置", "briefings": "已印发材料", "audit_log": "操作记录",
}


def tables() -> list[Table]:
    """Every table of the ledger, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


# ---- checksums -------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


class Checksum:
    """The rows of one table as a count and a SHA-256 based sum that does not depend on the
    order the rows were read in (the engines may order text keys differently)."""

    MOD = 1 << 256

    def __init__(self) -> None:
        self.rows = 0
        self._sum = 0

    def add(self, values: Iterable[Any]) -> None:
        line = json.dumps([_plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(line.encode("utf-8")).digest(), "big")) % self.MOD
        self.rows += 1

    @property
    def hex(self) -> str:
        return f"{self._sum:064x}"


def table_sums(conn: Connection) -> dict[str, Checksum]:
    """Count and checksum of every table as ``conn`` sees them."""
    out: dict[str, Checksum] = {}
    for t in tables():
        c = Checksum()
        for row in conn.execute(select(*t.columns)).yield_per(CHUNK):
            c.add(row)
        out[t.name] = c
    return out


# ---- copying ---------------------------------------------------------------------------------
def counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0 for t in tables()}


def _seeded(conn: Connection) -> int:
    """The identity every new database is given when it is made (migration 0007): a database
    holding only that is still empty, and a copy takes the identity of the ledger it copies."""
    settings = Base.metadata.tables["settings"]
    return conn.execute(select(func.count()).select_from(settings)
                        .where(settings.c.key == IDENTITY_KEY)).scalar() or 0


# Lists a new database's migrations fill in (the ledger's standard sources and categories): a
# target holding only these is empty, and they are replaced by the source's own.
SEEDED = ("fund_categories", "fund_sources")


def refuse_if_not_empty(db: Database, where: str) -> None:
    with db.engine.connect() as conn:
        found = counts(conn)
        found["settings"] = found.get("settings", 0) - _seeded(conn)
        held = {name: n for name, n in found.items() if n and name not in SEEDED}
    if held:
        what = "，".join(f"{LABELS.get(t, t)}{n}条" for t, n in held.items())
        raise ConflictError(
            f"{where}里已有数据（{what}），复制不会覆盖它。请换一个空的数据库：服务器上新建一个空库，或一个新的文件名。"
        )


def _self_references(t: Table) -> list[str]:
    return [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]


def copy_rows(src: Connection, dst: Connection, progress: Progress | None = None) -> dict[str, Checksum]:
    """Copies every row of every table from ``src`` to ``dst`` (whose tables are empty), ids
    included, and returns the count and checksum of what was read. A column that refers to its
    own table (an organisation's parent) is filled in once all the table's rows are there."""
    sums: dict[str, Checksum] = {}
    settings = Base.metadata.tables["settings"]
    dst.execute(settings.delete().where(settings.c.key == IDENTITY_KEY))
    for t in tables():
        own = _self_references(t)
        stamped = [c.name for c in t.columns if c.onupdate is not None and c.name not in own]
        pk = list(t.primary_key.columns)
        later: list[dict[str, Any]] = []
        check = Checksum()
        batch: list[dict[str, Any]] = []
        result = src.execute(select(*t.columns).order_by(*pk)).yield_per(CHUNK)
        for row in result:
            check.add(row)
            values = dict(row._mapping)
            if own and any(values[c] is not None for c in own):
                # Columns filled on every UPDATE (updated_at) keep their value as copied.
                kept = own + stamped
                later.append({**{f"k_{c.name}": values[c.name] for c in pk}, **{f"v_{c}": values[c] for c in kept}})
                values.update({c: None for c in own})
            batch.append(values)
            if len(batch) >= CHUNK:
                dst.execute(t.insert(), batch)
                batch = []
                if progress:
                    progress(t.name, check.rows)
        if batch:
            dst.execute(t.insert(), batch)
        if later:
            update = t.update().where(*(c == bindparam(f"k_{c.name}") for c in pk)).values(
                {c: bindparam(f"v_{c}") for c in own + stamped})
            dst.execute(update, later)
        if progress:
            progress(t.name, check.rows)
        sums[t.name] = check
    return sums


def fix_sequences(dst: Connection) -> None:
    """On a server, each table's id sequence continues after the largest id copied in."""
    if dst.dialect.name != "postgresql":
        return
    for t in tables():
        pk = list(t.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            dst.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT max({pk[0].name}) FROM {t.name}), 0) + 1, false)"))


def refresh_statistics(dst: Connection) -> None:
    """A server plans its queries from table statistics, which a freshly copied table lacks
    until the server's own maintenance gets round to it: gather them now."""
    if dst.dialect.name == "postgresql":
        for t in tables():
            dst.exec_driver_sql(f"ANALYZE {t.name}")


def wipe(dst: Connection) -> None:
    """Every row of every table, children first (a restore on a server, inside its transaction)."""
    for t in reversed(tables()):
        dst.execute(t.delete())


def _hold_still(conn: Connection) -> None:
    """A source on a server is read in one snapshot while others go on working."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _lock_target(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        from app.db.server import WRITE_LOCK_KEY

        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


# ---- the verified copy -----------------------------------------------------------------------
@dataclass(frozen=True)
class TableResult:
    table: str
    rows: int
    source_sum: str
    target_rows: int
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.rows == self.target_rows and self.source_sum == self.target_sum

    @property
    def label(self) -> str:
        return LABELS.get(self.table, self.table)


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    tables: list[TableResult]
    chain_ok: bool
    chain_records: int
    chain_problem: str
    source_head: str
    target_head: str

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables) and self.chain_ok and self.source_head == self.target_head

    def lines(self) -> list[str]:
        """The report in Chinese, one line per fact."""
        out = [f"从 {self.source}", f"复制到 {self.target}"]
        for t in self.tables:
            mark = "一致" if t.ok else f"不一致（目标中 {t.target_rows} 条）"
            out.append(f"  {t.label}：{t.rows} 条，校验值 {t.source_sum[:12]}…，{mark}")
        if self.chain_ok and self.source_head == self.target_head:
            out.append(f"  操作记录校验链完好：共 {self.chain_records} 条，末条校验值与原台账相同")
        elif not self.chain_ok:
            out.append(f"  操作记录校验链有问题：{self.chain_problem}")
        else:
            out.append("  操作记录校验链的末条与原台账不同")
        out.append("核对结果：复制完整无误。" if self.ok else "核对结果：复制的内容与原台账不一致，请不要使用这个副本。")
        return out


def _head(conn: Connection) -> str:
    from app.db.models import AuditEntry

    return conn.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar() or ""


def _where(db: Database) -> str:
    if db.is_server:
        from app.db.server import describe

        return describe(db.engine.url)
    return str(db.path)


def copy_ledger(source: Database, target: Database, progress: Progress | None = None,
                *, replace: bool = False) -> CopyReport:
    """Copies the whole ledger ``source`` into ``target`` and verifies the copy before it is
    committed: if anything differs, nothing stays in the target (StorageError with the report).

    ``target`` must be empty, unless ``replace`` (a restore on a server): then its rows are
    deleted in the same transaction that copies the new ones in, so a failure leaves it as it
    was. Both must have the same schema version (opening them migrates both to this program's).
    """
    if source.url == target.url:
        raise ConflictError("复制的来源和目标是同一个数据库，请另选一个目标。")
    src_rev, dst_rev = current_revision(source.engine), current_revision(target.engine)
    if src_rev != dst_rev:
        raise StorageError(f"两个数据库的结构版本不同（{src_rev} 与 {dst_rev}），无法复制。请用本程序分别打开它们一次后再试。")
    if not replace:
        refuse_if_not_empty(target, _where(target))
    try:
        return _copy(source, target, progress, replace)
    except (OperationalError, DBAPIError) as exc:  # a full disk, a lost server, missing rights
        if isinstance(exc, OperationalError) or is_server_error(exc):
            raise storage_error(exc) from exc
        raise


def _copy(source: Database, target: Database, progress: Progress | None, replace: bool) -> CopyReport:
    with source.engine.connect() as src, src.begin():
        _hold_still(src)
        source_head = _head(src)
        with target.engine.begin() as dst:
            _lock_target(dst)
            from app.db import funds_triggers

            # The ledger's guard refuses changes to posted entries and closed years; a copy
            # writes them as they are, and the guard is back before the copy commits.
            with funds_triggers.suspended(dst):
                if replace:
                    wipe(dst)
                else:
                    for name in SEEDED:
                        dst.execute(text(f"DELETE FROM {name}"))
                read = copy_rows(src, dst, progress)
            fix_sequences(dst)
            refresh_statistics(dst)
            report = verify_copy(dst, read, source_head, _where(source), _where(target))
            if not report.ok:
                raise StorageError("复制后的核对没有通过，目标数据库没有改动：" + "；".join(report.lines()[2:]))
    return report


def chain_state(conn: Connection) -> tuple[bool, int, str]:
    """Walks the audit chain as ``conn`` sees it: (holds, records checked, problem)."""
    from types import SimpleNamespace

    from app.db.models import AuditEntry

    prev, checked = "", 0
    for row in conn.execute(select(*AuditEntry.__table__.columns).order_by(AuditEntry.id)).yield_per(CHUNK):
        e = SimpleNamespace(**row._mapping)
        if e.prev_hash != prev or audit.entry_hash(prev, e) != e.hash:
            return False, checked, f"第{e.id}条记录与校验值不符"
        prev, checked = e.hash, checked + 1
    return True, checked, ""


def verify_copy(dst: Connection, read: dict[str, Checksum], source_head: str, source: str,
                target: str) -> CopyReport:
    """Reads the target back (its own transaction's rows) and compares with what was read."""
    written = table_sums(dst)
    results = [TableResult(name, c.rows, c.hex, written[name].rows, written[name].hex) for name, c in read.items()]
    ok, checked, problem = chain_state(dst)
    return CopyReport(source, target, results, ok, checked, problem, source_head, _head(dst))


class CopyService(Service):
    """``dangjian copy``: the acting user copies the ledger this service is open on to another,
    empty database. The copy is recorded in this ledger's audit trail first, so the copy's
    trail ends with the record of where it came from."""

    def copy_to(self, target: Database, progress: Progress | None = None) -> CopyReport:
        self.require(Permission.BACKUP)
        where = _where(target)
        refuse_if_not_empty(target, where)
        with self.writing() as s:
            audit.append(s, self.actor.name, COPY_ACTION, entity="ledger", entity_id="",
                         summary=f"复制整个台账到 {where}", new={"目标": where})
        return copy_ledger(self.db, target, progress)
