"""The generic record service: what every record area's service does the same way.

A record area (members, units, service records, ledger entries …) gives its spec, its ORM
model and its row dataclass; the kit then reads rows by ids in chunks, lists ids and counts
for a query, and writes: clean → rules → audit in one helper, inside the caller's transaction,
so no write can forget its audit record. The area adds only what is really its own (matching,
derived fields, history events, its query).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from app.db.models import new_uuid, utcnow
from app.db.models.base import table_of
from app.domain.kit.errors import NotFoundError
from app.domain.kit.spec import RecordSpec, Values
from app.services.kit.base import Service
from app.services.kit.ids import reserve_ids
from app.services.safety import audit

RowT = TypeVar("RowT")
AnySelect = Select[*tuple[Any, ...]]  # a select of any columns
CHUNK = 500


def fetch_rows(s: Session, stmt: AnySelect) -> list[tuple[Any, ...]]:
    """Rows straight from the DB-API cursor on SQLite: for id lists of 100,000 the ORM's result
    machinery costs more than the database's own work (psycopg's cursor on a server)."""
    conn = s.connection()
    if conn.dialect.name == "postgresql":  # psycopg's own cursor, in the session's transaction
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        with conn.connection.driver_connection.cursor() as cur:  # type: ignore[union-attr]
            cur.execute(str(compiled), compiled.construct_params())
            return list(cur.fetchall())
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(stmt)]
    # IN (…) lists are expanded into plain parameters here, as the ORM would at execution.
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    values = [params[name] for name in compiled.positiontup or ()]
    values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    cursor = conn.connection.driver_connection.execute(str(compiled), values)  # type: ignore[union-attr]
    return list(cursor.fetchall())


class RecordService(Service, Generic[RowT]):
    """Reads and writes one record type described by ``spec``.

    ``row_type`` is a frozen dataclass; a row is built from the ORM object's attributes of the
    same names, plus any extra columns the area's ``_rows_select`` joins in (``_row``).
    """

    spec: ClassVar[RecordSpec]
    model: ClassVar[type[Any]]
    row_type: ClassVar[type[Any]]

    # ---- reading -------------------------------------------------------------------------
    def get(self, record_id: int) -> RowT:
        rows = self.rows([record_id])
        if not rows:
            raise self.not_found(record_id)
        return rows[0]

    def rows(self, ids: Sequence[int]) -> list[RowT]:
        """The records with these ids, in the same order (missing ids are skipped)."""
        found: dict[int, RowT] = {}
        with self.reading() as s:
            for start in range(0, len(ids), CHUNK):
                chunk = list(ids[start:start + CHUNK])
                for result in s.execute(self._rows_select(chunk)):
                    row = self._row(*result)
                    found[row.id] = row  # type: ignore[attr-defined]
        return [found[i] for i in ids if i in found]

    def _rows_select(self, ids: list[int]) -> AnySelect:
        """What ``rows`` reads for one chunk of ids (an area joins in what its rows show)."""
        return select(self.model).where(self.model.id.in_(ids))

    def _row(self, record: Any, *extra: Any) -> RowT:
        """A row from the ORM object; ``extra`` are the joined columns, by the names of the
        row's fields that the model lacks, in declaration order."""
        names = [f.name for f in dataclasses.fields(self.row_type)]
        missing = [n for n in names if not hasattr(type(record), n)]
        values = {n: getattr(record, n) for n in names if n not in missing}
        values.update(zip(missing, extra, strict=False))
        return self.row_type(**values)

    def not_found(self, record_id: int) -> NotFoundError:
        return NotFoundError(f"找不到编号为{record_id}的{self.spec.noun}，可能已被他人改动，请刷新")

    def count_all(self) -> int:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(self.model)) or 0

    def _load(self, s: Session, record_id: int) -> Any:
        record = s.get(self.model, record_id)
        if record is None:
            raise self.not_found(record_id)
        return record

    def _load_many(self, s: Session, ids: Sequence[int]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start:start + CHUNK])
            out.update({r.id: r for r in s.scalars(select(self.model).where(self.model.id.in_(chunk)))})
        return out

    # ---- writing (inside the caller's ``writing`` transaction) ----------------------------
    def _insert(self, s: Session, values: Values, *, log: audit.Appender | None = None,
                action: str = "", summary: str = "") -> Any:
        """Adds one record and its audit record."""
        record = self.model(**values)
        s.add(record)
        s.flush()
        self._audit(s, log, action or f"新增{self.spec.noun}", record.id,
                    summary or f"新增{self.spec.who(values)}", new=self.spec.audit_values(values))
        return record

    def _update(self, s: Session, record: Any, values: Values, *, log: audit.Appender | None = None,
                action: str = "", summary: str = "") -> bool:
        """Writes the changed columns of ``record`` and audits them; False if nothing changed."""
        before = {k: getattr(record, k) for k in values}
        for key, value in values.items():
            if before[key] != value:  # only what changed goes into the UPDATE
                setattr(record, key, value)
        # The fields, and the state columns the spec names for the audit (a termination date).
        shown = {k: v for k, v in values.items() if k in self.spec.by_key or k in self.spec.state_labels}
        old, new = audit.diff(before, shown)
        if log is None:
            s.flush()
        if not new:
            return False
        self._audit(s, log, action or f"修改{self.spec.noun}", record.id,
                    summary or f"修改{self.spec.who(record)}", old=self.spec.audit_values(old),
                    new=self.spec.audit_values(new))
        return True

    def _bulk_insert(self, s: Session, rows: Sequence[Values], *, log: audit.Appender | None = None,
                     action: str = "", chunk: int = 2000) -> list[int]:
        """Many records with Core bulk inserts; ids, UUIDs and times are filled in here. With a
        ``log`` each record gets its audit record; without, the batch gets one."""
        now = utcnow()
        batch: list[Values] = []
        for record_id, values in zip(reserve_ids(s, table_of(self.model), len(rows)), rows, strict=True):
            batch.append({"uuid": new_uuid(), "created_at": now, "updated_at": now, **values, "id": record_id})
            if log is not None:
                act = action or f"导入新增{self.spec.noun}"
                log.add(act, entity=self.spec.key, entity_id=record_id,
                        summary=f"{act}“{values.get(self.spec.title, '')}”", new=self.spec.audit_values(values))
        for start in range(0, len(batch), chunk):
            s.execute(insert(table_of(self.model)), batch[start:start + chunk])
        if batch and log is None:
            act = action or f"批量新增{self.spec.noun}"
            audit.append(s, self.actor.name, act, entity=self.spec.key,
                         summary=f"{act}{len(batch)}{self.spec.measure}", new={"数量": len(batch)})
        return [v["id"] for v in batch]

    def _audit(self, s: Session, log: audit.Appender | None, action: str, record_id: int, summary: str,
               *, old: Mapping[str, Any] | None = None, new: Mapping[str, Any] | None = None) -> None:
        if log is not None:
            log.add(action, entity=self.spec.key, entity_id=record_id, summary=summary, old=old, new=new)
        else:
            audit.append(s, self.actor.name, action, entity=self.spec.key, entity_id=record_id,
                         summary=summary, old=old, new=new)
