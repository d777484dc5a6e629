"""The term (届期) an organisation was serving on a past day.

An organisation's record holds its present term (换届日期, 届满日期). When it held an election
after the day asked about, the term it was serving then is found in the audit trail: every
create and edit of an organisation records the values it set, so replaying them gives each
term the organisation has had, and the one in force on the day is the latest whose 换届日期 is
on or before it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry
from app.domain.orgs.fields import ORG_SPEC

ENTITY = ORG_SPEC.key
START, END = ORG_SPEC.by_key["term_start"].label, ORG_SPEC.by_key["term_end"].label
OLDER_START = "换届日期"  # the label audit records written by earlier releases carry


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def terms_seen(s: Session, org_ids: Iterable[int]) -> dict[int, list[tuple[dt.date | None, dt.date | None]]]:
    """Each organisation's terms (换届日期, 届满日期) in the order the audit trail set them."""
    ids = [str(i) for i in org_ids]
    seen: dict[int, list[tuple[dt.date | None, dt.date | None]]] = {}
    for begin in range(0, len(ids), 500):
        q = (select(AuditEntry.entity_id, AuditEntry.new_values)
             .where(AuditEntry.entity == ENTITY, AuditEntry.entity_id.in_(ids[begin:begin + 500]))
             .order_by(AuditEntry.id))
        state: dict[int, dict[str, object]] = {}
        for entity_id, new_values in s.execute(q):
            try:
                values = json.loads(new_values) if new_values else {}
            except ValueError:
                continue
            if not isinstance(values, dict):
                continue
            if OLDER_START in values and START not in values:
                values[START] = values[OLDER_START]
            if START not in values and END not in values:
                continue
            org_id = int(entity_id)
            current = state.setdefault(org_id, {})
            current.update({k: values[k] for k in (START, END) if k in values})
            term = (_date(current.get(START)), _date(current.get(END)))
            terms = seen.setdefault(org_id, [])
            if not terms or terms[-1] != term:
                terms.append(term)
    return seen


def term_end_on(terms: list[tuple[dt.date | None, dt.date | None]], day: dt.date) -> dt.date | None:
    """The 届满日期 of the term served on ``day`` (None: no term known then)."""
    started = [t for t in terms if t[0] is not None and t[0] <= day]
    if started:
        return max(started, key=lambda t: t[0] or day)[1]
    undated = [t for t in terms if t[0] is None]
    return undated[-1][1] if undated else None
