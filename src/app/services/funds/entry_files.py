"""Receipt scans of ledger entries (附件): PDF, PNG or JPEG, checked by the kit's attachment rules
(app.domain.kit.attachments: the kind read from the first bytes, a clean name, 20 MB each).

Attaching a scan does not change what was posted (amounts, voucher number), so a posted entry
may still gain one — the receipt often comes after the payment. A scan is evidence of what was
posted: it is never taken away from a posted entry. The voucher counts the scans.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.db.models import FundEntry, FundEntryFile
from app.domain.funds.fields import POSTED
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError
from app.services.kit.attachments import AttachmentRow, AttachmentService

EntryFileRow = AttachmentRow


def _what(e: FundEntry) -> str:
    number = f"凭证记-{e.year}-{e.voucher_no:04d}" if e.voucher_no else "草稿"
    return f"{number}“{e.summary}”"


class EntryFileService(AttachmentService):
    model = FundEntryFile
    owner_model = FundEntry
    owner_column = "entry_id"
    entity = "fund_entry"
    noun = "收支附件"
    change = Change.FUNDS
    missing = "找不到该收支记录，请刷新"

    def describe(self, owner: Any) -> str:
        return _what(owner)

    def check_remove(self, s: Session, owner: Any, name: str) -> None:
        """Only from a draft: a posted entry's scans stay with it."""
        if owner.status == POSTED:
            raise ConflictError(f"{_what(owner)}已记账，它的附件“{name}”不能删除；如附错了文件，"
                                "可以再添加正确的扫描件，并在冲销或备注中说明")
