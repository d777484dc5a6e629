"""Many members in one transaction: the demo's bulk add and an import's adds and updates.

Organisations and ID numbers are checked once for the whole batch, the audit chain is kept
in memory (audit.Appender), and new members go in with the kit's bulk insert. Any problem
refuses the whole batch, naming the member; nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError
from app.domain.members.fields import MEMBER_SPEC
from app.domain.members.rules import ON_RECORD
from app.services.members.rows import INPUT_KEYS, ImportResult, MemberInput, NewOrg
from app.services.safety import audit

if TYPE_CHECKING:
    from app.services.members.service import MemberService

ORGS_CHANGE = Change.ORGS
CHUNK = 2000
Progress = Callable[[int, int], None]


def bulk_create(svc: MemberService, s: Session, inputs: Sequence[MemberInput],
                progress: Progress | None) -> list[int]:
    open_orgs = set(s.scalars(select(Organization.id).where(Organization.closed_on.is_(None))))
    seen: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for i, data in enumerate(inputs, start=1):
        values = svc.valid_values(data)
        if values["org_id"] not in open_orgs:
            svc._check_org(s, values["org_id"], None)
        number = values["id_number"]
        if number in seen:
            raise ConflictError(f"第{i}条{MEMBER_SPEC.who(values)}的公民身份号码与本批的“{seen[number]}”重复",
                                field="id_number")
        seen[number] = values["name"]
        rows.append({**values, "status": ON_RECORD})
        if progress and i % 1000 == 0:
            progress(i, len(inputs))
    _refuse_numbers_on_record(svc, s, {number: None for number in seen})
    ids = svc._bulk_insert(s, rows, chunk=5000)
    if progress:
        progress(len(inputs), len(inputs))
    return ids


def import_batch(svc: MemberService, s: Session, adds: Sequence[MemberInput],
                 updates: Sequence[tuple[int, MemberInput]], orgs_wanted: Sequence[NewOrg]) -> ImportResult:
    """A member whose ``org_id`` is a str goes into the new organisation of that key
    (``NewOrg.ref``). An open organisation of the same name under the same parent, if one exists
    by now, is used instead of a new one."""
    from app.services.members.service import members_in_committees, org_problem

    created = _create_orgs(svc, s, orgs_wanted)
    orgs = {i: (name, closed, kind) for i, name, closed, kind in
            s.execute(select(Organization.id, Organization.name, Organization.closed_on, Organization.org_type))}
    allowed = members_in_committees(s)

    def valid(data: MemberInput, current_org: int | None) -> dict[str, Any]:
        if isinstance(data.org_id, str) and data.org_id in created:
            data = replace(data, org_id=created[data.org_id])
        values = svc.valid_values(data)
        problem = org_problem(values["org_id"], orgs.get(values["org_id"]), current_org,
                              MEMBER_SPEC.who(values), allowed)
        if problem is not None:
            raise problem
        return values

    # Check everything before writing. The sequences may report progress as they are walked,
    # so each is walked once (the ids to load are read by index).
    loaded = svc._load_many(s, [updates[i][0] for i in range(len(updates))])
    planned_updates: list[tuple[Member, dict[str, Any]]] = []
    for member_id, data in updates:
        m = loaded.get(member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为{member_id}的党员，可能已被他人改动，请刷新")
        planned_updates.append((m, valid(data, m.org_id)))
    planned_adds = [valid(data, None) for data in adds]
    owners: dict[str, int | None] = {v["id_number"]: m.id for m, v in planned_updates}
    _refuse_batch_duplicates([v for _m, v in planned_updates] + planned_adds)
    owners.update({v["id_number"]: None for v in planned_adds})
    _refuse_numbers_on_record(svc, s, owners)

    log = audit.Appender(s, svc.actor.name)
    updated: list[int] = []
    for m, values in planned_updates:
        svc._update(s, m, {k: values[k] for k in (*INPUT_KEYS, "name_pinyin", "name_initials")},
                    log=log, action="导入修改党员")
        updated.append(m.id)
    s.flush()
    # Written 2,000 at a time with their audit records, so that a county-sized import never
    # holds every row and record in memory at once.
    log.flush()
    added: list[int] = []
    for start in range(0, len(planned_adds), CHUNK):
        rows = [{**values, "status": ON_RECORD} for values in planned_adds[start:start + CHUNK]]
        added += svc._bulk_insert(s, rows, log=log)
        log.flush()
    return ImportResult(added, updated, created)


def _create_orgs(svc: MemberService, s: Session, wanted: Sequence[NewOrg]) -> dict[str, int]:
    """Creates the import's new organisations through OrgService's own rules."""
    if not wanted:
        return {}
    from app.services.orgs.service import OrgInput, OrgService

    orgs = OrgService(svc.db, svc.actor, svc.hub)
    out: dict[str, int] = {}
    for n in wanted:
        name = " ".join((n.name or "").split())
        same = select(Organization.id).where(
            OrgService._parent_is(n.parent_id), Organization.name == name, Organization.closed_on.is_(None))
        existing = s.scalar(same.limit(1)) if name else None
        if existing is not None:  # made since the preview
            out[n.ref] = existing
            continue
        o = orgs.insert_in(s, OrgInput(name=n.name, org_type=n.org_type, parent_id=n.parent_id,
                                       remarks=n.remarks))
        out[n.ref] = o.id
    return out


def _refuse_batch_duplicates(batch: Sequence[dict[str, Any]]) -> None:
    """No ID number twice in the batch."""
    names: dict[str, str] = {}
    for i, values in enumerate(batch, start=1):
        number = values["id_number"]
        if number in names:
            raise ConflictError(f"第{i}条{MEMBER_SPEC.who(values)}的公民身份号码与本批的“{names[number]}”重复",
                                field="id_number")
        names[number] = values["name"]


def _refuse_numbers_on_record(svc: MemberService, s: Session, owners: dict[str, int | None]) -> None:
    """No ID number of the batch is held by another member on record (``owners``: number → the
    member id that will hold it, None for a new one)."""
    numbers = list(owners)
    for start in range(0, len(numbers), 500):
        q = select(Member.id_number, Member.id).where(Member.id_number.in_(numbers[start:start + 500]))
        for number, holder in s.execute(q):
            if holder != owners[number]:
                svc._check_unique(s, number, owners[number])  # raises, naming the holder
