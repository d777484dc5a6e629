"""Integer keys handed out before a bulk insert (an import needs its members' ids for their
audit records before the rows go in)."""

from __future__ import annotations

from sqlalchemy import FromClause, func, select, text
from sqlalchemy.orm import Session


def reserve_ids(s: Session, table: FromClause, n: int) -> list[int]:
    """``n`` new ids for ``table``, ascending. In SQLite the next ones after the largest (the
    write transaction holds the file's write lock); on a server they come from the table's own
    sequence, so rows inserted later without an id never collide with them."""
    if n <= 0:
        return []
    column = next(iter(table.primary_key))
    if s.get_bind().dialect.name == "postgresql":
        seq = s.scalar(select(func.pg_get_serial_sequence(table.description, column.name)))
        return sorted(s.scalars(text("SELECT nextval(:seq) FROM generate_series(1, :n)"),
                                {"seq": seq, "n": n}))
    first = (s.scalar(select(func.max(column))) or 0) + 1
    return list(range(first, first + n))
