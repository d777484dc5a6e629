"""What an agreement holds: each side's commitments (双向承诺事项), and the scanned copies of the
signed agreement kept in the database (so backups carry them).

Commitments are added, edited and removed while the agreement may be edited (草拟, 生效, 即将到期);
one may still be marked fulfilled once the term has ended (the work was done, the record is
late); a terminated agreement is only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.db.models import Agreement, AgreementFile, Commitment
from app.domain.access.permissions import Permission
from app.domain.cobuild import agreements as ag
from app.domain.cobuild.agreement_fields import COMMITMENT_SPEC
from app.domain.cobuild.agreements import Action, Status
from app.domain.kit import attachments as files
from app.domain.kit.errors import AppError, ConflictError, NotFoundError
from app.domain.kit.text import cn_date
from app.services.cobuild.agreement_rows import CommitmentInput, CommitmentRow, FileRow
from app.services.cobuild.agreements import AgreementService, status_of, who
from app.services.kit.base import Service
from app.services.kit.records import RecordService
from app.services.safety import audit

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


class AgreementFileService(Service):
    """Scanned copies of an agreement (PDF, PNG or JPEG, 20 MB each at most)."""

    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def of(self, agreement_id: int) -> list[FileRow]:
        with self.reading() as s:
            q = (select(AgreementFile.id, AgreementFile.agreement_id, AgreementFile.name, AgreementFile.mime,
                        AgreementFile.size, AgreementFile.sha256, AgreementFile.added_by, AgreementFile.created_at)
                 .where(AgreementFile.agreement_id == agreement_id).order_by(AgreementFile.id))
            return [FileRow(*r) for r in s.execute(q)]

    def data(self, file_id: int) -> bytes:
        with self.reading() as s:
            found = s.scalar(select(AgreementFile.data).where(AgreementFile.id == file_id))
        if found is None:
            raise NotFoundError("找不到这个附件，可能已被删除，请刷新")
        return bytes(found)

    def attach(self, agreement_id: int, name: str, data: bytes) -> FileRow:
        checked = files.check_file(name, data)
        with self.writing(CHANGE) as s:
            record = _agreement(s, agreement_id)
            if _status(self, record) is Status.TERMINATED:
                ag.check_action(Status.TERMINATED, Action.EDIT)
            same = s.scalar(select(AgreementFile.name).where(
                AgreementFile.agreement_id == record.id, AgreementFile.sha256 == checked.sha256))
            if same is not None:
                raise ConflictError(f"这个文件已经作为“{same}”附在{who(record)}上了")
            f = AgreementFile(agreement_id=record.id, name=checked.name, mime=checked.mime, size=checked.size,
                              sha256=checked.sha256, data=data, added_by=self.actor.name)
            s.add(f)
            s.flush()
            audit.append(s, self.actor.name, "添加协议附件", entity="agreement", entity_id=record.id,
                         summary=f"{who(record)}添加附件“{checked.name}”（{files.size_text(checked.size)}）",
                         new={"文件": checked.name, "大小": checked.size, "SHA-256": checked.sha256})
            file_id = f.id
        return next(r for r in self.of(agreement_id) if r.id == file_id)

    def attach_file(self, agreement_id: int, path: str | Path) -> FileRow:
        """Reads a scan from disk, at most the size limit plus one byte (a bigger file is refused
        without being read whole)."""
        p = Path(path)
        try:
            with open(p, "rb") as fh:
                data = fh.read(files.MAX_BYTES + 1)
        except FileNotFoundError as exc:
            raise AppError(f"找不到文件“{p.name}”，请检查文件名和位置") from exc
        except IsADirectoryError as exc:
            raise AppError(f"“{p.name}”是文件夹，请选择一个PDF或图片文件") from exc
        except PermissionError as exc:
            raise AppError(f"无法读取“{p.name}”：没有读取权限，或文件正被其他程序占用") from exc
        return self.attach(agreement_id, p.name, data)

    def remove(self, file_id: int) -> None:
        with self.writing(CHANGE) as s:
            f = s.get(AgreementFile, file_id)
            if f is None:
                raise NotFoundError("找不到这个附件，可能已被删除，请刷新")
            record = _agreement(s, f.agreement_id)
            if _status(self, record) is Status.TERMINATED:
                ag.check_action(Status.TERMINATED, Action.EDIT)
            info: dict[str, Any] = {"文件": f.name, "大小": f.size, "SHA-256": f.sha256}
            s.delete(f)
            audit.append(s, self.actor.name, "删除协议附件", entity="agreement", entity_id=record.id,
                         summary=f"{who(record)}删除附件“{info['文件']}”", old=info)
