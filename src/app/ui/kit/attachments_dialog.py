"""The files attached to one record (app.services.kit.attachments): listed with their size and
who added them; 添加 (PDF, PNG or JPG), 查看 inside the program, 另存为 writes the file back out,
删除 where the record allows it. The same dialog serves every area: a ledger entry's receipt
scans, an agreement's signed copies, a meeting's photos, a brand's materials."""

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
from app.services.kit.attachments import AttachmentRow, AttachmentService
from app.ui.kit.widgets import ErrorLine, dialog_buttons

FILE_FILTER = "PDF或图片 (*.pdf *.png *.jpg *.jpeg)"


def show_attachment(parent: QWidget, f: AttachmentRow, data: bytes) -> QDialog:
    """An attached file shown inside the program: a PDF in the preview, a picture as it is."""
    if f.is_pdf:
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        dialog: QDialog = PdfPreviewDialog(data, f.name, parent, file_name=f.name)
    else:
        from app.ui.kit.image_dialog import ImageDialog

        dialog = ImageDialog(f.name, data, parent)
    dialog.show()
    return dialog


class AttachmentsDialog(QDialog):
    """``noun`` names the files (扫描件, 照片); ``state`` is said after the count (what may be done
    with this record's files); ``locked`` is why none may be removed, if so."""

    def __init__(self, store: AttachmentService, owner_id: int, title: str, *, noun: str = "附件",
                 state: str = "", locked: str = "", editable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.owner_id = owner_id
        self.noun = noun
        self.state = state
        self.changed = False
        self.files: dict[int, AttachmentRow] = {}
        self.setWindowTitle(title)
        self.setMinimumWidth(44 * self.fontMetrics().horizontalAdvance("中"))
        self.info = QLabel()
        self.info.setObjectName("filesInfo")
        self.info.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("attachedFiles")
        self.error = ErrorLine()
        self.buttons: dict[str, QPushButton] = {}
        row_ = QHBoxLayout()
        for key, text, slot, edits in ((("addFile", f"添加{noun}", self.add, True), ("viewFile", "查看", self.view, False),
                                        ("saveFile", "另存为", self.save_as, False),
                                        ("removeFile", "删除", self.remove, True))):
            b = QPushButton(text)
            b.setObjectName(key)
            b.clicked.connect(lambda _c=False, f=slot: f())
            b.setEnabled(editable or not edits)
            self.buttons[key] = b
            row_.addWidget(b)
        if locked:
            self.buttons["removeFile"].setEnabled(False)
            self.buttons["removeFile"].setToolTip(locked)
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
        found = self.store.of(self.owner_id)
        self.files = {f.id: f for f in found}
        self.list.clear()
        for f in found:
            item = QListWidgetItem(f"{f.name}　{size_text(f.size)}　{f.added_by}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        self.info.setText(f"已附{self.noun}{len(found)}份（PDF、PNG或JPG，每个不超过20 MB）。{self.state}")

    def chosen(self) -> AttachmentRow | None:
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
            path, _f = QFileDialog.getOpenFileName(self, f"添加{self.noun}", "", FILE_FILTER)
            if not path:
                return None
        added = self._try(lambda: self.store.attach_file(self.owner_id, path))
        if added:
            self.changed = True
            self.refresh()
        return added

    def view(self) -> QDialog | None:
        f = self.chosen()
        if f is None:
            return None
        data = self._try(lambda: self.store.data(f.id))
        return show_attachment(self, f, data) if data else None

    def save_as(self, path: str | None = None) -> Any:
        f = self.chosen()
        if f is None:
            self.error.show_message("请先选中一个附件")
            return None
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, "另存附件", f.name, FILE_FILTER)
            if not path:
                return None
        from app.services.kit.files import write_bytes

        return self._try(lambda: write_bytes(path, self.store.data(f.id), kind="附件"))

    def remove(self) -> None:
        f = self.chosen()
        if f is None:
            self.error.show_message("请先选中要删除的附件")
            return
        if QMessageBox.question(self, "删除附件", f"删除附件“{f.name}”？") != QMessageBox.StandardButton.Yes:
            return
        if self._try(lambda: self.store.remove(f.id)):
            self.changed = True
            self.refresh()
