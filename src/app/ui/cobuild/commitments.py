"""An agreement's commitments (双向承诺事项): each side's, with deadline, whether fulfilled and
the evidence; add one, mark one fulfilled; and the scans attached to the agreement."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.cobuild.agreement_fields import COMMITMENT_FIELDS
from app.domain.kit.attachments import size_text
from app.domain.kit.errors import AppError
from app.services.cobuild.agreement_rows import CommitmentInput
from app.services.container import Services
from app.ui.cobuild.unit_detail import table
from app.ui.kit.attachments_dialog import show_attachment
from app.ui.kit.errors import show_error
from app.ui.kit.record_dialogs import RecordDialog, StepDialog
from app.ui.kit.widgets import dialog_buttons


class CommitmentsDialog(QDialog):
    def __init__(self, services: Services, agreement_id: int, *, editable: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.agreement_id = agreement_id
        row = services.agreements.get(agreement_id)
        self.setWindowTitle(f"承诺事项：{row.number}（{row.unit_name}）")
        self.resize(64 * self.fontMetrics().horizontalAdvance("中"), 30 * self.fontMetrics().height())
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel()
        self.layout_.addWidget(self.heading)
        self.items_table = table((), (), "commitmentTable")
        self.layout_.addWidget(self.items_table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("新增承诺")
        self.done_button = QPushButton("登记兑现")
        for b in (self.add_button, self.done_button):
            b.setEnabled(editable)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.files_box = QComboBox()
        self.files_box.setObjectName("scanFiles")
        self.view_button = QPushButton("查看扫描件")
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_label, 1)
        files_row.addWidget(self.files_box)
        files_row.addWidget(self.view_button)
        self.layout_.addLayout(files_row)
        self.view_button.clicked.connect(lambda: self.view_file())
        close = dialog_buttons(self, "关闭")
        close.button(close.StandardButton.Cancel).hide()
        self.layout_.addWidget(close)
        self.add_button.clicked.connect(lambda: self.add())
        self.done_button.clicked.connect(lambda: self.mark_done())
        self.reload()

    def reload(self) -> None:
        today = dt.date.today()
        self.items = self.services.commitments.of(self.agreement_id)
        rows = [(c.side, c.content, c.deadline.isoformat() if c.deadline else "",
                 f"已兑现（{c.done_on.isoformat()}）" if c.done_on else ("逾期未兑现" if c.overdue(today) else "未兑现"),
                 c.evidence) for c in self.items]
        fresh = table(("承诺方", "承诺内容", "完成时限", "兑现情况", "佐证"), rows, "commitmentTable")
        self.layout_.replaceWidget(self.items_table, fresh)
        self.items_table.deleteLater()
        self.items_table = fresh
        done = sum(1 for c in self.items if c.done)
        self.heading.setText(f"共{len(self.items)}项承诺，已兑现{done}项")
        files = self.services.agreement_files.of(self.agreement_id)
        self.files_label.setText(f"扫描件{len(files)}个" if files else "扫描件：尚未添加")
        self.files_box.clear()
        for f in files:
            self.files_box.addItem(f"{f.name}（{size_text(f.size)}）", f.id)
        self.files_box.setVisible(bool(files))
        self.view_button.setEnabled(bool(files))
        self.files = {f.id: f for f in files}

    def add_dialog(self) -> RecordDialog:
        return RecordDialog("新增承诺事项", COMMITMENT_FIELDS[:3], CommitmentInput,
                            lambda data: self.services.commitments.add(self.agreement_id, data), parent=self)

    def add(self) -> None:
        if self.add_dialog().exec():
            self.reload()

    def done_dialog(self, item_id: int) -> StepDialog:
        return StepDialog("登记兑现", lambda v: self.services.commitments.mark_done(item_id, v["date"], v["text"]),
                          date_label="兑现日期", text_label="佐证材料", parent=self)

    def mark_done(self) -> None:
        r = self.items_table.currentRow()
        if not 0 <= r < len(self.items):
            show_error(self, AppError("请先在表中选择一项承诺"))
            return
        if self.done_dialog(self.items[r].id).exec():
            self.reload()

    def view_file(self) -> QDialog | None:
        """The chosen scan shown inside the program: a PDF in the preview, a photo as it is."""
        file_id = self.files_box.currentData()
        f = self.files.get(file_id) if file_id is not None else None
        if f is None:
            return None
        return show_attachment(self, f, self.services.agreement_files.data(f.id))
