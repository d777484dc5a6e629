"""Files attached to a record and kept in the database, so that backups carry them: the scans
of a ledger entry or an agreement, a meeting's photos, a brand's materials.

One store for every area. A file is checked by the kit's attachment rules
(app.domain.kit.attachments: PDF, PNG or JPEG read from the first bytes, a clean name, 20 MB
at most); the same file twice on one record is refused; adding and removing each leave an audit
record on the record the file belongs to. An area declares its file table and the record it
hangs on, says how a record is named in messages, and may refuse adding or removing (a posted
entry keeps its scans; a terminated agreement is only read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.domain.access.permissions import Permission
from app.domain.kit import attachments as files
from app.domain.kit.changes import Change
from app.domain.kit.errors import AppError, ConflictError, NotFoundError
from app.services.kit.base import Service
from app.services.safety import audit

MISSING_FILE = "找不到这个附件，可能已被删除，请刷新"


@dataclass(frozen=True)
class AttachmentRow:
    """An attached file without its bytes (``data`` reads those)."""

    id: int
    owner_id: int
    name: str
    mime: str
    size: int
    sha256: str
    added_by: str
    created_at: dt.datetime

    @property
    def is_pdf(self) -> bool:
        return self.mime == "application/pdf"


def read_file(path: str | Path) -> tuple[str, bytes]:
    """The name and bytes of a file the user chose, at most the size limit plus one byte (a
    bigger file is refused by the rules without being read whole)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            return p.name, fh.read(files.MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise AppError(f"找不到文件“{p.name}”，请检查文件名和位置") from exc
    except IsADirectoryError as exc:
        raise AppError(f"“{p.name}”是文件夹，请选择一个PDF或图片文件") from exc
    except PermissionError as exc:
        raise AppError(f"无法读取“{p.name}”：没有读取权限，或文件正被其他程序占用") from exc
    except OSError as exc:
        raise AppError(f"无法读取“{p.name}”：{exc.strerror or '读取失败'}") from exc


class AttachmentService(Service):
    """The files of one kind of record. Subclasses set the class attributes and may override
    ``describe``, ``check_add`` and ``check_remove``."""

    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS
    model: ClassVar[Any]  # the file table's model: owner column, name, mime, size, sha256, data, added_by
    owner_model: ClassVar[Any]  # the record the files belong to
    owner_column: ClassVar[str]  # the file table's column holding the record's id
    entity: ClassVar[str]  # the audit entity of the record
    noun: ClassVar[str]  # "收支附件": the audit actions are 添加… and 删除…
    change: ClassVar[Change]
    missing: ClassVar[str] = "找不到该记录，可能已被他人删除，请刷新"

    # ---- what an area says -----------------------------------------------------------------
    def describe(self, owner: Any) -> str:
        """The record as messages name it."""
        return f"记录{owner.id}"

    def check_add(self, s: Session, owner: Any) -> None:
        """Raises to refuse a file for this record."""

    def check_remove(self, s: Session, owner: Any, name: str) -> None:
        """Raises to refuse taking the file ``name`` from this record."""

    # ---- reading ---------------------------------------------------------------------------
    def _owner_col(self) -> Any:
        return getattr(self.model, self.owner_column)

    def of(self, owner_id: int) -> list[AttachmentRow]:
        m = self.model
        with self.reading() as s:
            q = (select(m.id, self._owner_col(), m.name, m.mime, m.size, m.sha256, m.added_by, m.created_at)
                 .where(self._owner_col() == owner_id).order_by(m.id))
            return [AttachmentRow(*r) for r in s.execute(q)]

    def counts(self, owner_ids: Sequence[int]) -> dict[int, int]:
        """Files per record, for the records given (read in chunks)."""
        ids = list(owner_ids)
        out: dict[int, int] = {}
        col = self._owner_col()
        with self.reading() as s:
            for i in range(0, len(ids), 500):
                q = select(col, func.count()).where(col.in_(ids[i:i + 500])).group_by(col)
                out.update({int(k): int(n) for k, n in s.execute(q)})
        return out

    def data(self, file_id: int) -> bytes:
        with self.reading() as s:
            found = s.scalar(select(self.model.data).where(self.model.id == file_id))
        if found is None:
            raise NotFoundError(MISSING_FILE)
        return bytes(found)

    # ---- writing ---------------------------------------------------------------------------
    def _owner(self, s: Session, owner_id: int) -> Any:
        owner = s.get(self.owner_model, owner_id)
        if owner is None:
            raise NotFoundError(self.missing)
        return owner

    def attach(self, owner_id: int, name: str, data: bytes) -> AttachmentRow:
        checked = files.check_file(name, data)
        with self.writing(self.change) as s:
            owner = self._owner(s, owner_id)
            self.check_add(s, owner)
            same = s.scalar(select(self.model.name).where(self._owner_col() == owner_id,
                                                          self.model.sha256 == checked.sha256))
            if same is not None:
                raise ConflictError(f"这个文件已经作为“{same}”附在{self.describe(owner)}上了")
            row = self.model(**{self.owner_column: owner_id}, name=checked.name, mime=checked.mime,
                             size=checked.size, sha256=checked.sha256, data=data, added_by=self.actor.name)
            s.add(row)
            s.flush()
            audit.append(s, self.actor.name, f"添加{self.noun}", entity=self.entity, entity_id=owner_id,
                         summary=f"{self.describe(owner)}添加附件“{checked.name}”（{files.size_text(checked.size)}）",
                         new={"文件": checked.name, "大小": checked.size, "SHA-256": checked.sha256})
            file_id = row.id
        return next(r for r in self.of(owner_id) if r.id == file_id)

    def attach_file(self, owner_id: int, path: str | Path) -> AttachmentRow:
        name, data = read_file(path)
        return self.attach(owner_id, name, data)

    def remove(self, file_id: int) -> None:
        with self.writing(self.change) as s:
            f = s.get(self.model, file_id)
            if f is None:
                raise NotFoundError(MISSING_FILE)
            owner = self._owner(s, getattr(f, self.owner_column))
            self.check_remove(s, owner, f.name)
            info: dict[str, Any] = {"文件": f.name, "大小": f.size, "SHA-256": f.sha256}
            s.delete(f)
            audit.append(s, self.actor.name, f"删除{self.noun}", entity=self.entity, entity_id=owner.id,
                         summary=f"{self.describe(owner)}删除附件“{info['文件']}”", old=info)

    @classmethod
    def remove_all(cls, s: Session, owner_id: int) -> int:
        """Inside another write (the record itself is deleted, which is audited there): its files
        go with it. Returns how many there were."""
        result = s.execute(delete(cls.model).where(getattr(cls.model, cls.owner_column) == owner_id))
        return int(getattr(result, "rowcount", 0) or 0)
