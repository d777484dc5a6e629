"""What an agreement holds: each side's commitments (双向承诺事项), and the scanned copies of the
signed agreement kept in the database (so backups carry them).

Commitments are added, edited and removed while the agreement may be edited (草拟, 生效, 即将到期);
one may still be marked fulfilled once the term has ended (the work was done, the record is
late); a terminated agreement is only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.db.models import Agreement, AgreementFile, Commitment
from app.domain.access.permissions import Permission
from app.domain.cobuild import agreements as ag
from app.domain.cobuild.agreement_fields import COMMITMENT_SPEC
from app.domain.cobuild.agreements import Action, Status
from app.domain.kit.errors import ConflictError, NotFoundError
from app.domain.kit.text import cn_date
from app.services.cobuild.agreement_rows import CommitmentInput, CommitmentRow
from app.services.cobuild.agreements import AgreementService, status_of, who
from app.services.kit.attachments import AttachmentService
from app.services.kit.base import Service
from app.services.kit.records import RecordService

CHANGE = COMMITMENT_SPEC.change


def _agreement(s: Session, agreement_id: int) -> Agreement:
    record = s.get(Agreement, agreement_id)
    if record is None:
        raise NotFoundError(f"找不到编号为{agreement_id}的共建协议，可能已被他人改动，请刷新")
    return record


def _status(service: Service, record: Agreement) -> Status:
    return status_of(record, dt.date.today(), service.alongside(AgreementService).warn_days())


class CommitmentService(RecordService[CommitmentRow]):
    spec = COMMITMENT_SPEC
    model = Commitment
    row_type = CommitmentRow
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def of(self, agreement_id: int) -> list[CommitmentRow]:
        """The agreement's commitments: 甲方 first, then 乙方, each in the order entered."""
        with self.reading() as s:
            ids = list(s.scalars(select(Commitment.id).where(Commitment.agreement_id == agreement_id)
                                 .order_by(case((Commitment.side == ag.PARTY_A, 0), else_=1),
                                           Commitment.sort_order, Commitment.id)))
        return self.rows(ids)

    def add(self, agreement_id: int, data: CommitmentInput) -> CommitmentRow:
        with self.writing(CHANGE) as s:
            record = _agreement(s, agreement_id)
            ag.check_action(_status(self, record), Action.EDIT)
            values = COMMITMENT_SPEC.checked(asdict(data))
            last = s.scalar(select(func.max(Commitment.sort_order)).where(Commitment.agreement_id == record.id))
            values.update(agreement_id=record.id, sort_order=(last or 0) + 1)
            item = self._insert(s, values, action="新增承诺事项",
                                summary=f"{who(record)}新增{values['side']}承诺事项“{values['content']}”")
        return self.get(item.id)

    def update(self, item_id: int, data: CommitmentInput) -> CommitmentRow:
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            record = _agreement(s, item.agreement_id)
            ag.check_action(_status(self, record), Action.EDIT)
            values = COMMITMENT_SPEC.checked(asdict(data))
            self._update(s, item, values, action="修改承诺事项", summary=f"{who(record)}修改承诺事项“{values['content']}”")
        return self.get(item_id)

    def mark_done(self, item_id: int, on: dt.date, evidence: str = "") -> CommitmentRow:
        """The commitment is fulfilled on ``on`` (兑现), with a note of the evidence."""
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            record = _agreement(s, item.agreement_id)
            status = _status(self, record)
            if status is Status.TERMINATED:
                ag.check_action(status, Action.EDIT)
            values = COMMITMENT_SPEC.checked({"side": item.side, "content": item.content,
                                              "done_on": on, "evidence": evidence or item.evidence})
            self._update(s, item, {"done_on": values["done_on"], "evidence": values["evidence"]},
                         action="承诺兑现", summary=f"{who(record)}承诺事项“{item.content}”已兑现（{cn_date(on)}）")
        return self.get(item_id)

    def reopen(self, item_id: int) -> CommitmentRow:
        """A commitment marked fulfilled by mistake is open again."""
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            record = _agreement(s, item.agreement_id)
            ag.check_action(_status(self, record), Action.EDIT)
            self._update(s, item, {"done_on": None}, action="承诺改为未兑现",
                         summary=f"{who(record)}承诺事项“{item.content}”改为未兑现")
        return self.get(item_id)

    def remove(self, item_id: int) -> None:
        with self.writing(CHANGE) as s:
            item = self._load(s, item_id)
            record = _agreement(s, item.agreement_id)
            ag.check_action(_status(self, record), Action.EDIT)
            carried = s.scalar(select(func.count()).select_from(Commitment)
                               .where(Commitment.carried_from_id == item.id)) or 0
            if carried:
                raise ConflictError(f"承诺事项“{item.content}”已结转到续签的协议，不能删除")
            old = {f.key: getattr(item, f.key) for f in COMMITMENT_SPEC.fields}
            s.delete(item)
            self._audit(s, None, "删除承诺事项", item_id, f"{who(record)}删除承诺事项“{item.content}”",
                        old=COMMITMENT_SPEC.audit_values(old))

    def fulfilment(self, agreement_ids: list[int], by: dt.date) -> tuple[int, int]:
        """(fulfilled by ``by``, total) over the agreements' commitments, for the figures."""
        done = total = 0
        with self.reading() as s:
            for start in range(0, len(agreement_ids), 500):
                chunk = agreement_ids[start:start + 500]
                q = select(Commitment.done_on).where(Commitment.agreement_id.in_(chunk))
                for (day,) in s.execute(q):
                    total += 1
                    done += day is not None and day <= by
        return done, total


class AgreementFileService(AttachmentService):
    """Scanned copies of an agreement; a terminated agreement's are only read."""

    model = AgreementFile
    owner_model = Agreement
    owner_column = "agreement_id"
    entity = "agreement"
    noun = "协议附件"
    change = CHANGE
    missing = "找不到这份共建协议，可能已被他人改动，请刷新"

    def describe(self, owner: Any) -> str:
        return who(owner)

    def check_add(self, s: Session, owner: Any) -> None:
        if _status(self, owner) is Status.TERMINATED:
            ag.check_action(Status.TERMINATED, Action.EDIT)

    def check_remove(self, s: Session, owner: Any, name: str) -> None:
        self.check_add(s, owner)
