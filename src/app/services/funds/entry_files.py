"""Receipt scans of ledger entries (附件): PDF, PNG or JPEG, checked by the kit's attachment rules
(app.domain.kit.attachments: the kind read from the first bytes, a clean name, 20 MB each).

Attaching a scan does not change what was posted (amounts, voucher number), so a posted entry
may still gain one — the receipt often comes after the payment. A scan is evidence of what was
posted: it is never taken away from a posted entry. The voucher counts the scans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.db.models import FundEntry, FundEntryFile
from app.domain.access.permissions import Permission
from app.domain.funds.fields import POSTED
from app.domain.kit import attachments as files
from app.domain.kit.changes import Change
from app.domain.kit.errors import AppError, ConflictError, NotFoundError
from app.services.kit.base import Service
from app.services.safety import audit


@dataclass(frozen=True)
class EntryFileRow:
    """A scan without its bytes (``data`` reads those)."""

    id: int
    entry_id: int
    name: str
    mime: str
    size: int
    sha256: str
    added_by: str
    created_at: dt.datetime

    @property
    def is_pdf(self) -> bool:
        return self.mime == "application/pdf"


def _what(e: FundEntry) -> str:
    number = f"凭证记-{e.year}-{e.voucher_no:04d}" if e.voucher_no else "草稿"
    return f"{number}“{e.summary}”"


class EntryFileService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def of(self, entry_id: int) -> list[EntryFileRow]:
        f = FundEntryFile
        with self.reading() as s:
            q = (select(f.id, f.entry_id, f.name, f.mime, f.size, f.sha256, f.added_by, f.created_at)
                 .where(f.entry_id == entry_id).order_by(f.id))
            return [EntryFileRow(*r) for r in s.execute(q)]

    def counts(self, entry_ids: Sequence[int]) -> dict[int, int]:
        """Scans per entry, for the entries given (in chunks: a month's vouchers)."""
        ids = list(entry_ids)
        out: dict[int, int] = {}
        with self.reading() as s:
            for i in range(0, len(ids), 500):
                q = (select(FundEntryFile.entry_id, func.count()).where(FundEntryFile.entry_id.in_(ids[i:i + 500]))
                     .group_by(FundEntryFile.entry_id))
                out.update({int(k): int(n) for k, n in s.execute(q)})
        return out

    def data(self, file_id: int) -> bytes:
        with self.reading() as s:
            found = s.scalar(select(FundEntryFile.data).where(FundEntryFile.id == file_id))
        if found is None:
            raise NotFoundError("找不到这个附件，可能已被删除，请刷新")
        return bytes(found)

    def attach(self, entry_id: int, name: str, data: bytes) -> EntryFileRow:
        checked = files.check_file(name, data)
        with self.writing(Change.FUNDS) as s:
            entry = s.get(FundEntry, entry_id)
            if entry is None:
                raise NotFoundError("找不到该收支记录，请刷新")
            same = s.scalar(select(FundEntryFile.name).where(FundEntryFile.entry_id == entry_id,
                                                              FundEntryFile.sha256 == checked.sha256))
            if same is not None:
                raise ConflictError(f"这个文件已经作为“{same}”附在{_what(entry)}上了")
            row = FundEntryFile(entry_id=entry_id, name=checked.name, mime=checked.mime, size=checked.size,
                                sha256=checked.sha256, data=data, added_by=self.actor.name)
            s.add(row)
            s.flush()
            audit.append(s, self.actor.name, "添加收支附件", entity="fund_entry", entity_id=entry_id,
                         summary=f"{_what(entry)}添加附件“{checked.name}”（{files.size_text(checked.size)}）",
                         new={"文件": checked.name, "大小": checked.size, "SHA-256": checked.sha256})
            file_id = row.id
        return next(r for r in self.of(entry_id) if r.id == file_id)

    def attach_file(self, entry_id: int, path: str | Path) -> EntryFileRow:
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
        return self.attach(entry_id, p.name, data)

    def remove(self, file_id: int) -> None:
        """Only from a draft: a posted entry's scans stay with it."""
        with self.writing(Change.FUNDS) as s:
            f = s.get(FundEntryFile, file_id)
            if f is None:
                raise NotFoundError("找不到这个附件，可能已被删除，请刷新")
            entry = s.get(FundEntry, f.entry_id)
            assert entry is not None
            if entry.status == POSTED:
                raise ConflictError(f"{_what(entry)}已记账，它的附件“{f.name}”不能删除；如附错了文件，"
                                    "可以再添加正确的扫描件，并在冲销或备注中说明")
            info: dict[str, Any] = {"文件": f.name, "大小": f.size, "SHA-256": f.sha256}
            s.delete(f)
            audit.append(s, self.actor.name, "删除收支附件", entity="fund_entry", entity_id=entry.id,
                         summary=f"{_what(entry)}删除附件“{info['文件']}”", old=info)
