"""One member's record and history (组织关系转接, 转正, 流动, 失联 …), and recording a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError, ValidationError
from app.domain.members.fields import MEMBER_FIELDS, display_value
from app.domain.members.rules import EVENT_KINDS, EVENT_OTHER_ORG, ON_RECORD, event_changes
from app.services.members.service import MemberRow, MemberService
from app.ui.kit.date_field import DateField
from app.ui.kit.widgets import ErrorLine, dialog_buttons
from app.ui.members.model import status_text


def possible_events(row: MemberRow, today: dt.date | None = None) -> list[str]:
    """The events that can happen to this member now (the rules decide, with a stand-in place)."""
    current = {"status": row.status, "member_type": row.member_type, "joined_on": row.joined_on,
               "mobile": row.mobile, "lost_contact": row.lost_contact, "party_status": row.party_status}
    day = today or dt.date.today()
    out = []
    for kind in EVENT_KINDS:
        try:
            event_changes(kind, day, "某地", current, today=day)
        except ValidationError:
            continue
        out.append(kind)
    return out


class EventDialog(QDialog):
    """记录变动: the kind, its date, the other organisation where one is needed, a remark."""

    def __init__(self, members: MemberService, row: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.row = row
        self.result_row: MemberRow | None = None
        self.setWindowTitle(f"记录变动：{row.name}")
        self.setMinimumWidth(440)
        self.kind = QComboBox()
        kinds = possible_events(row) or list(EVENT_KINDS)
        self.kind.addItems(kinds)
        self.date = DateField(label="日期", required=True, latest=dt.date.today())
        self.date.set_value(dt.date.today())
        self.other_label = QLabel("相关组织")
        self.other_org = QLineEdit()
        self.other_label.setBuddy(self.other_org)
        self.remark = QLineEdit()
        self.remark.setPlaceholderText("如：随子女迁居；介绍信编号")
        form = QFormLayout()
        form.addRow("事项 *", self.kind)
        form.addRow("日期 *", self.date)
        form.addRow(self.other_label, self.other_org)
        form.addRow("备注", self.remark)
        state = QLabel(f"当前：{status_text(row)}，{row.member_type}，{row.org_name}")
        state.setWordWrap(True)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "登记", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(state)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())
        self.kind.setFocus()

    def _kind_changed(self, kind: str) -> None:
        needed = EVENT_OTHER_ORG.get(kind)
        self.other_label.setText(f"{needed} *" if needed else "相关组织")
        self.other_org.setEnabled(needed is not None)
        self.other_org.setPlaceholderText({"转入": "从哪个党组织转来", "转出": "转往哪个党组织",
                                           "外出流动": "省、市、县"}.get(kind, ""))

    def set_date(self, day: dt.date) -> None:
        self.date.set_value(day)

    def save(self) -> None:
        kind = self.kind.currentText()
        other = self.other_org.text() if kind in EVENT_OTHER_ORG else ""
        try:
            day = self.date.value()
            assert day is not None  # required
            self.result_row = self.members.add_event(self.row.id, kind, day, other, self.remark.text())
        except AppError as exc:
            self.error.show_message(exc.message)
            target = {"日期": self.date, "事项": self.kind}.get(exc.field or "", self.other_org)
            target.setFocus()
            return
        self.accept()


class MemberDetailDialog(QDialog):
    """All of a member's fields (ID and phone masked unless ``reveal``), the history, and
    buttons to correct the record or record a change."""

    def __init__(self, members: MemberService, member_id: int, *, reveal: bool = False,
                 edit: Callable[[MemberRow], bool] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.member_id = member_id
        self.reveal = reveal
        self.edit = edit
        self.resize(860, 640)
        self.values: dict[str, QLabel] = {}
        box = QGroupBox("党员信息")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        shown = [(f.key, f.label) for f in MEMBER_FIELDS] + [("status", "状态"), ("left_on", "离开日期")]
        half = (len(shown) + 1) // 2
        for i, (key, label) in enumerate(shown):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            row, col = (i, 0) if i < half else (i - half, 2)
            caption = QLabel(label + "：")
            caption.setStyleSheet("color: #555;")
            grid.addWidget(caption, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, col + 1, Qt.AlignmentFlag.AlignTop)

        self.history = QTreeWidget()
        self.history.setObjectName("history")
        self.history.setRootIsDecorated(False)
        self.history.setUniformRowHeights(True)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setHeaderLabels(["日期", "事项", "相关组织", "备注", "登记人"])
        header = self.history.header()
        for col, width in ((0, 100), (1, 100), (2, 220), (3, 200)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        history_box = QGroupBox("变动记录")
        QVBoxLayout(history_box).addWidget(self.history)

        self.record_button = QPushButton("记录变动…")
        self.record_button.clicked.connect(self.record_event)
        self.edit_button = QPushButton("修改信息…")
        self.edit_button.clicked.connect(self._edit)
        self.edit_button.setVisible(edit is not None)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        close.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(history_box, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        row = self.members.get(self.member_id)
        self.row = row
        self.setWindowTitle(f"党员详情：{row.name}")
        for key, label in self.values.items():
            if key == "org_id":
                text = row.org_name
            elif key == "status":
                text = status_text(row)
            else:
                text = display_value(key, getattr(row, key), reveal=self.reveal)
            label.setText(text or "—")
        self.values["status"].setStyleSheet("" if row.status == ON_RECORD else "color: #8a8a8a;")
        self.history.clear()
        for e in reversed(self.members.events(self.member_id)):  # newest first
            self.history.addTopLevelItem(QTreeWidgetItem(
                [e.date.isoformat(), e.kind, e.other_org, e.remark, e.actor]))
        if self.history.topLevelItemCount() == 0:
            empty = QTreeWidgetItem(["（暂无变动记录）"])
            self.history.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def record_event(self) -> bool:
        dialog = EventDialog(self.members, self.row, self)
        done = bool(dialog.exec())
        if done:
            self.reload()
        return done

    def _edit(self) -> None:
        if self.edit is not None and self.edit(self.row):
            self.reload()
