"""共建协议: drafting, numbering, signing, terminating, renewing, and the list of those ending.

The status is never stored: it follows from the dates the actions set (签订日期, 终止日期) and
the term, as at the day it is read, with the warning period a setting (cobuild_warn_days). Each
action is allowed only in the statuses app.domain.cobuild.agreements.ALLOWED names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import Agreement, AgreementFile, Commitment, Organization, Unit
from app.domain.access.permissions import Permission
from app.domain.cobuild import agreements as ag
from app.domain.cobuild.agreement_fields import AGREEMENT_SPEC
from app.domain.cobuild.agreements import Action, Status
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.services.cobuild import agreement_query as aq
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.agreement_rows import AgreementInput, AgreementRow
from app.services.kit import versions
from app.services.kit.records import AnySelect, RecordService, fetch_rows
from app.services.orgs.service import subtree_select
from app.services.safety import audit

CHANGE = AGREEMENT_SPEC.change
MAX_WARN_DAYS = 366


def term_of(record: Agreement) -> ag.Term:
    assert record.starts_on is not None and record.ends_on is not None  # required fields
    return ag.Term(record.starts_on, record.ends_on)


def status_of(record: Agreement, today: dt.date, warn_days: int) -> Status:
    return ag.agreement_status(term_of(record), today, signed_on=record.signed_on,
                               terminated_on=record.terminated_on, warn_days=warn_days)


def who(record: Any) -> str:
    number = record.get("number") if isinstance(record, dict) else getattr(record, "number", "")
    return f"共建协议“{number}”" if number else "共建协议"


class AgreementService(RecordService[AgreementRow]):
    spec = AGREEMENT_SPEC
    model = Agreement
    row_type = AgreementRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- settings ------------------------------------------------------------------------
    def warn_days(self) -> int:
        """Days before the end of a term an agreement counts as 即将到期 (a setting, 30)."""
        from app.services.access.settings import SettingsService

        value = self.alongside(SettingsService).get("cobuild_warn_days")
        try:
            days = int(value)
        except (TypeError, ValueError):
            return ag.DEFAULT_WARN_DAYS
        return days if 0 <= days <= MAX_WARN_DAYS else ag.DEFAULT_WARN_DAYS

    def number_prefix(self) -> str:
        from app.services.access.settings import SettingsService

        prefix = " ".join(str(self.alongside(SettingsService).get("cobuild_number_prefix") or "").split())
        return prefix[:20] if prefix and "〔" not in prefix else ag.DEFAULT_PREFIX

    # ---- reading -------------------------------------------------------------------------
    def rows(self, ids: Any, today: dt.date | None = None) -> list[AgreementRow]:
        self._today, self._warn = today or dt.date.today(), self.warn_days()
        return super().rows(ids)

    def _rows_select(self, ids: list[int]) -> AnySelect:
        return aq.rows_select(ids, getattr(self, "_today", dt.date.today()), getattr(self, "_warn", 30))

    def search_ids(self, query: AgreementQuery, today: dt.date | None = None) -> list[int]:
        day, warn = today or dt.date.today(), self.warn_days()
        with self.reading() as s:
            return [r[0] for r in fetch_rows(s, aq.id_select(query, day, warn))]

    def count(self, query: AgreementQuery, today: dt.date | None = None) -> int:
        day, warn = today or dt.date.today(), self.warn_days()
        with self.reading() as s:
            return s.scalar(aq.count_select(query, day, warn)) or 0

    def ending_within(self, days: int | None = None, org_id: int | None = None,
                      today: dt.date | None = None) -> list[AgreementRow]:
        """Signed agreements, not terminated, whose term ends within ``days`` (the setting when
        None), today included, soonest first: the list the 共建 tab shows when it opens."""
        day = today or dt.date.today()
        days = self.warn_days() if days is None else days
        if days < 0:
            raise ValidationError("天数不能为负数", field="天数")
        q = select(Agreement.id).where(
            Agreement.signed_on.is_not(None), Agreement.ends_on >= day,
            Agreement.ends_on <= day + dt.timedelta(days=days),
            (Agreement.terminated_on.is_(None)) | (Agreement.terminated_on > day))
        if org_id is not None:
            q = q.where(Agreement.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            ids = list(s.scalars(q.order_by(Agreement.ends_on, Agreement.id)))
        return self.rows(ids, day)

    def in_force_ids(self, on: dt.date, org_id: int | None = None) -> list[int]:
        q = select(Agreement.id).where(aq.in_force_condition(on))
        if org_id is not None:
            q = q.where(Agreement.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            return list(s.scalars(q.order_by(Agreement.id)))

    def next_number(self, year: int) -> str:
        with self.reading() as s:
            return self._next_number(s, year)

    # ---- writing -------------------------------------------------------------------------
    def create(self, data: AgreementInput) -> AgreementRow:
        """A new agreement: a draft, or signed at once when the signing date is given."""
        with self.writing(CHANGE) as s:
            values = self._prepare(s, data, None)
            record = self._insert(s, values, summary=f"新增{who(values)}（{self._parties(s, values)}）")
        return self.get(record.id)

    def update(self, agreement_id: int, data: AgreementInput, version: int | None = None) -> AgreementRow:
        with self.writing(CHANGE) as s:
            record = self._load(s, agreement_id)
            versions.check(record, version)
            status = status_of(record, dt.date.today(), self.warn_days())
            ag.check_action(status, Action.EDIT)
            values = self._prepare(s, data, record)
            if record.signed_on is not None and values["signed_on"] is None:
                raise ValidationError(f"{who(record)}已签订，不能清空签订日期；如协议作废，请“终止”", field="signed_on")
            self._update(s, record, values, summary=f"修改{who(values)}")
        return self.get(agreement_id)

    def sign(self, agreement_id: int, on: dt.date) -> AgreementRow:
        with self.writing(CHANGE) as s:
            record = self._load(s, agreement_id)
            ag.check_action(status_of(record, dt.date.today(), self.warn_days()), Action.SIGN)
            ag.check_signing(term_of(record), on, dt.date.today())
            self._update(s, record, {"signed_on": on}, action="签订共建协议",
                         summary=f"{who(record)}签订（{cn_date(on)}）")
        return self.get(agreement_id)

    def terminate(self, agreement_id: int, on: dt.date, reason: str) -> AgreementRow:
        reason = " ".join((reason or "").split())
        with self.writing(CHANGE) as s:
            record = self._load(s, agreement_id)
            ag.check_action(status_of(record, dt.date.today(), self.warn_days()), Action.TERMINATE)
            ag.check_termination(record.signed_on, on, reason)
            if len(reason) > 200:
                raise ValidationError("终止原因过长（最多200个字）", field="终止原因")
            self._update(s, record, {"terminated_on": on, "terminated_reason": reason}, action="终止共建协议",
                         summary=f"{who(record)}终止（{cn_date(on)}）：{reason}")
        return self.get(agreement_id)

    def delete(self, agreement_id: int) -> None:
        """Only a draft may be deleted (with its commitments and attached scans)."""
        with self.writing(CHANGE) as s:
            record = self._load(s, agreement_id)
            ag.check_action(status_of(record, dt.date.today(), self.warn_days()), Action.DELETE)
            values = {f.key: getattr(record, f.key) for f in AGREEMENT_SPEC.fields}
            s.execute(delete(Commitment).where(Commitment.agreement_id == record.id))
            s.execute(delete(AgreementFile).where(AgreementFile.agreement_id == record.id))
            s.delete(record)
            self._audit(s, None, "删除共建协议", agreement_id, f"删除草拟的{who(values)}",
                        old=AGREEMENT_SPEC.audit_values(values))

    def renew(self, agreement_id: int, *, starts_on: dt.date | None = None, ends_on: dt.date | None = None,
              number: str = "") -> AgreementRow:
        """The next agreement with the same parties, linked to this one, as a draft to sign; the
        term follows on from this one (same length) unless given, and the open commitments are
        carried over."""
        with self.writing(CHANGE) as s:
            old = self._load(s, agreement_id)
            ag.check_action(status_of(old, dt.date.today(), self.warn_days()), Action.RENEW)
            successor = s.scalar(select(Agreement.number).where(Agreement.previous_id == old.id))
            if successor is not None:
                raise ConflictError(f"{who(old)}已续签为“{successor}”，请在新协议上办理")
            term = ag.renewal_term(term_of(old))
            data = AgreementInput(
                org_id=old.org_id, unit_id=old.unit_id, starts_on=starts_on or term.starts_on,
                ends_on=ends_on or term.ends_on, number=number, unit_party_org=old.unit_party_org,
                liaison_a=old.liaison_a, liaison_a_phone=old.liaison_a_phone, liaison_b=old.liaison_b,
                liaison_b_phone=old.liaison_b_phone, mechanisms=old.mechanisms, content=old.content)
            values = self._prepare(s, data, None, renewing=True)
            values["previous_id"] = old.id
            new = self._insert(s, values, action="续签共建协议", summary=f"{who(old)}续签为{who(values)}")
            carried = self._carry_over(s, old, new)
            if carried:
                audit.append(s, self.actor.name, "结转承诺事项", entity="commitment", entity_id=new.id,
                             summary=f"{who(old)}未兑现的{carried}项承诺结转到{who(values)}",
                             new={"数量": carried})
        return self.get(new.id)

    # ---- internals -----------------------------------------------------------------------
    def _prepare(self, s: Session, data: AgreementInput, current: Agreement | None, *,
                 renewing: bool = False) -> dict[str, Any]:
        raw = asdict(data)
        values = AGREEMENT_SPEC.checked(raw)
        self._check_parties(s, values, current, renewing)
        if not values["unit_party_org"]:
            unit = s.get(Unit, values["unit_id"])
            values["unit_party_org"] = unit.party_org_name if unit else ""
        if not values["number"]:
            values["number"] = current.number if current is not None else \
                self._next_number(s, values["starts_on"].year)
        same = select(Agreement.id).where(Agreement.number == values["number"])
        if current is not None:
            same = same.where(Agreement.id != current.id)
        if s.scalar(same.limit(1)) is not None:
            raise ConflictError(f"协议编号“{values['number']}”已被另一份协议使用，请换一个编号，或留空自动编号",
                                field="number")
        return values

    def _check_parties(self, s: Session, values: dict[str, Any], current: Agreement | None,
                       renewing: bool) -> None:
        for key in ("org_id", "unit_id"):
            if not isinstance(values[key], int):
                raise ValidationError(f"{AGREEMENT_SPEC.label(key)}“{values[key]}”须先在台账中找到", field=key)
        org = s.get(Organization, values["org_id"])
        if org is None:
            raise ValidationError("找不到甲方党组织，请刷新后重选", field="org_id")
        if org.closed_on is not None and (current is None or current.org_id != org.id):
            raise ValidationError(f"甲方“{org.name}”已撤销，不能签订新协议", field="org_id")
        unit = s.get(Unit, values["unit_id"])
        if unit is None:
            raise ValidationError("找不到乙方单位，请刷新后重选", field="unit_id")
        if unit.left_on is not None and (current is None or current.unit_id != unit.id):
            raise ValidationError(f"乙方“{unit.name}”已于{cn_date(unit.left_on)}迁出辖区，不能签订新协议",
                                  field="unit_id")

    def _next_number(self, s: Session, year: int) -> str:
        prefix = self.number_prefix()
        like = f"%〔{year}〕%"
        existing = s.scalars(select(Agreement.number).where(Agreement.number.like(like))).all()
        return ag.next_number(existing, year, prefix)

    def _parties(self, s: Session, values: dict[str, Any]) -> str:
        org, unit = s.get(Organization, values["org_id"]), s.get(Unit, values["unit_id"])
        return f"{org.name if org else ''}—{unit.name if unit else ''}"

    def _carry_over(self, s: Session, old: Agreement, new: Agreement) -> int:
        open_items = s.scalars(select(Commitment).where(
            Commitment.agreement_id == old.id, Commitment.done_on.is_(None))
            .order_by(Commitment.sort_order, Commitment.id)).all()
        for i, item in enumerate(open_items, start=1):
            s.add(Commitment(agreement_id=new.id, side=item.side, content=item.content, deadline=item.deadline,
                             evidence=item.evidence, carried_from_id=item.id, sort_order=i))
        s.flush()
        return len(open_items)


def refuse_leaving_with_agreements(s: Session, unit: Unit, on: dt.date) -> None:
    """A unit with an agreement in force on the day it leaves: terminate that first."""
    number = s.scalar(select(Agreement.number).where(Agreement.unit_id == unit.id, aq.in_force_condition(on))
                      .limit(1))
    if number is not None:
        raise ConflictError(f"“{unit.name}”的共建协议“{number}”在{cn_date(on)}仍然有效，请先终止协议再登记迁出")


def refuse_closing_with_agreements(s: Session, o: Organization) -> None:
    """An organisation that is 甲方 of an agreement in force cannot be closed."""
    today = dt.date.today()
    n = s.scalar(select(func.count()).select_from(Agreement)
                 .where(Agreement.org_id == o.id, aq.in_force_condition(today))) or 0
    if n:
        raise ConflictError(f"“{o.name}”还有{n}份生效的共建协议，请先终止或移交后再撤销")
