"""附件 of a ledger entry: its receipt scans listed with size and who added them; 添加扫描件
(PDF, PNG or JPG; a posted entry may still gain one), 查看 inside the program, 另存为 writes the
scan back to a file, 删除 only from a draft (a posted entry keeps its scans)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.attachments import size_text
from app.domain.kit.errors import AppError
from app.services.container import Services
from app.services.funds.entry_files import EntryFileRow
from app.ui.kit.widgets import ErrorLine, dialog_buttons

SCAN_FILTER = "扫描件 (*.pdf *.png *.jpg *.jpeg)"


class EntryFilesDialog(QDialog):
    def __init__(self, services: Services, entry_id: int, *, editable: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.entry_id = entry_id
        self.changed = False
        self.files: dict[int, EntryFileRow] = {}
        row = services.ledger.get(entry_id)
        self.posted = row.posted
        self.setWindowTitle(f"附件：{row.voucher} {row.summary}")
        self.setMinimumWidth(44 * self.fontMetrics().horizontalAdvance("中"))
        self.info = QLabel()
        self.info.setObjectName("filesInfo")
        self.info.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("entryFiles")
        self.error = ErrorLine()
        self.buttons: dict[str, QPushButton] = {}
        row_ = QHBoxLayout()
        for key, text, slot, edits in (("addScan", "添加扫描件", self.add, True), ("viewScan", "查看", self.view, False),
                                       ("saveScan", "另存为", self.save_as, False),
                                       ("removeScan", "删除", self.remove, True)):
            b = QPushButton(text)
            b.setObjectName(key)
            b.clicked.connect(lambda _c=False, f=slot: f())
            b.setEnabled(editable or not edits)
            self.buttons[key] = b
            row_.addWidget(b)
        if self.posted:
            self.buttons["removeScan"].setEnabled(False)
            self.buttons["removeScan"].setToolTip("已记账的收支，附件不能删除")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.list, 1)
        layout.addLayout(row_)
        layout.addWidget(self.error)
        close = dialog_buttons(self, "关闭", self.accept)
        close.button(close.StandardButton.Cancel).hide()
        layout.addWidget(close)
        self.list.itemDoubleClicked.connect(lambda _i: self.view())
        self.refresh()

    def refresh(self) -> None:
        found = self.services.entry_files.of(self.entry_id)
        self.files = {f.id: f for f in found}
        self.list.clear()
        for f in found:
            item = QListWidgetItem(f"{f.name}　{size_text(f.size)}　{f.added_by}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        state = "本笔已记账：可以补充扫描件，已附的不能删除。" if self.posted else "草稿：附件可以添加和删除。"
        self.info.setText(f"已附扫描件{len(found)}份（PDF、PNG或JPG，每个不超过20 MB）。{state}")

    def chosen(self) -> EntryFileRow | None:
        item = self.list.currentItem()
        return None if item is None else self.files.get(int(item.data(Qt.ItemDataRole.UserRole)))

    def _try(self, call: Any) -> Any:
        try:
            result = call()
        except AppError as exc:
            self.error.show_message(exc.message)
            return None
        self.error.show_message("")
        return result if result is not None else True

    def add(self, path: str | None = None) -> Any:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, "添加收据扫描件", "", SCAN_FILTER)
            if not path:
                return None
        added = self._try(lambda: self.services.entry_files.attach_file(self.entry_id, path))
        if added:
            self.changed = True
            self.refresh()
        return added

    def view(self) -> QDialog | None:
        f = self.chosen()
        if f is None:
            return None
        data = self._try(lambda: self.services.entry_files.data(f.id))
        if not data:
            return None
        if f.is_pdf:
            from app.ui.kit.pdf_preview import PdfPreviewDialog

            dialog: QDialog = PdfPreviewDialog(data, f.name, self, file_name=f.name)
        else:
            from app.ui.kit.image_dialog import ImageDialog

            dialog = ImageDialog(f.name, data, self)
        dialog.show()
        return dialog

    def save_as(self, path: str | None = None) -> Any:
        f = self.chosen()
        if f is None:
            self.error.show_message("请先选中一个附件")
            return None
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, "另存附件", f.name, SCAN_FILTER)
            if not path:
                return None
        from app.services.kit.files import write_bytes

        return self._try(lambda: write_bytes(path, self.services.entry_files.data(f.id), kind="附件"))

    def remove(self) -> None:
        f = self.chosen()
        if f is None:
            self.error.show_message("请先选中要删除的附件")
            return
        if QMessageBox.question(self, "删除附件", f"删除附件“{f.name}”？") != QMessageBox.StandardButton.Yes:
            return
        if self._try(lambda: self.services.entry_files.remove(f.id)):
            self.changed = True
            self.refresh()
