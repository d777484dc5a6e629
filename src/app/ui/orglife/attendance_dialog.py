"""The attendance of one meeting: the roster with a choice per member (出席 / 请假 / 缺席 / 不参加)
and the reason for leave; "全部出席" marks everyone present in one step, then the exceptions are
marked. Saved in one transaction."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.orglife.kinds import ATTENDANCE, Attendance
from app.services.orglife.meetings import REASON_MAX, OrgMeetingService
from app.services.orglife.rows import OrgMeetingRow
from app.ui.kit.widgets import ErrorLine, dialog_buttons

NOT_EXPECTED = "不参加"
CHOICES = (*ATTENDANCE, NOT_EXPECTED)


class AttendanceDialog(QDialog):
    def __init__(self, meetings: OrgMeetingService, row: OrgMeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meetings = meetings
        self.row = row
        self.setWindowTitle(f"出席情况：{row.held_on}{row.kind}")
        self.lines = meetings.attendance(row.id)
        self.table = QTableWidget(len(self.lines), 3)
        self.table.setObjectName("attendanceTable")
        self.table.setHorizontalHeaderLabels(["姓名", "出席情况", "请假事由"])
        self.table.verticalHeader().hide()
        em = self.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, 8 * em)
        self.table.setColumnWidth(1, 7 * em)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.boxes: list[QComboBox] = []
        self.reasons: list[QLineEdit] = []
        for r, line in enumerate(self.lines):
            self.table.setItem(r, 0, QTableWidgetItem(line.name + ("" if line.on_roster else "（已不在册）")))
            box = QComboBox()
            box.addItems(CHOICES)
            box.setCurrentText(line.status or (NOT_EXPECTED if row.expected else Attendance.PRESENT.value))
            reason = QLineEdit(line.reason)
            reason.setMaxLength(REASON_MAX)
            reason.setPlaceholderText("请假时填写")
            self.table.setCellWidget(r, 1, box)
            self.table.setCellWidget(r, 2, reason)
            self.boxes.append(box)
            self.reasons.append(reason)
        self.all_button = QPushButton("全部出席")
        self.all_button.setObjectName("allPresent")
        self.all_button.clicked.connect(self.mark_all_present)
        self.counts = QLabel()
        for box in self.boxes:
            box.currentIndexChanged.connect(lambda _i: self._count())
        self.error = ErrorLine()
        top = QHBoxLayout()
        top.addWidget(QLabel(f"{row.org_name}名册{len(self.lines)}人；不需参加的（如支部委员会的非委员）选“{NOT_EXPECTED}”。"), 1)
        top.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "保存", self.save))
        self.resize(34 * em, 32 * self.fontMetrics().lineSpacing())
        self._count()

    def mark_all_present(self) -> None:
        for box in self.boxes:
            box.setCurrentText(Attendance.PRESENT.value)

    def mark(self, name: str, status: str, reason: str = "") -> None:
        for line, box, edit in zip(self.lines, self.boxes, self.reasons, strict=True):
            if line.name == name:
                box.setCurrentText(status)
                edit.setText(reason)

    def marks(self) -> dict[int, tuple[str, str]]:
        return {line.member_id: (box.currentText(), edit.text())
                for line, box, edit in zip(self.lines, self.boxes, self.reasons, strict=True)
                if box.currentText() != NOT_EXPECTED}

    def _count(self) -> None:
        chosen = [b.currentText() for b in self.boxes]
        expected = sum(1 for c in chosen if c != NOT_EXPECTED)
        self.counts.setText(f"应到{expected}人：" + "，".join(f"{k}{chosen.count(k)}人" for k in ATTENDANCE))

    def save(self) -> None:
        try:
            self.meetings.set_attendance(self.row.id, self.marks())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
