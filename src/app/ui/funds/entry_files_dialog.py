"""附件 of a ledger entry: its receipt scans, in the kit's attachments dialog. A posted entry may
still gain a scan; only a draft's may be removed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.container import Services
from app.ui.kit.attachments_dialog import AttachmentsDialog


class EntryFilesDialog(AttachmentsDialog):
    def __init__(self, services: Services, entry_id: int, *, editable: bool = True,
                 parent: QWidget | None = None) -> None:
        row = services.ledger.get(entry_id)
        self.posted = row.posted
        state = "本笔已记账：可以补充扫描件，已附的不能删除。" if row.posted else "草稿：附件可以添加和删除。"
        super().__init__(services.entry_files, entry_id, f"附件：{row.voucher} {row.summary}", noun="扫描件",
                         state=state, locked="已记账的收支，附件不能删除" if row.posted else "",
                         editable=editable, parent=parent)
