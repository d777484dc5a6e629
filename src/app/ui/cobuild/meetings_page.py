"""The 联席会 page: joint meetings of the chosen organisation, newest first, by year; hold one
(date, place, host, the registered units attending, people, agenda, minutes), edit or delete it,
see its decisions below the table, add a decision, make a decision a project on the 项目清单,
and print the meeting's sign-in sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.cobuild.list_fields import LIST_ITEM_FIELDS
from app.domain.cobuild.meeting_fields import MEETING_FIELDS
from app.domain.kit.fields import Field, Kind
from app.services.cobuild.meetings import DecisionRow, MeetingInput, MeetingQuery, MeetingRow
from app.services.container import Services
from app.ui.cobuild.models import MeetingTableModel
from app.ui.kit.record_dialogs import RecordDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs

YEARS_SHOWN = 6  # the year filter: this year and the five before
DECISION_FIELDS = (Field("content", "会议决定", Kind.LONG_TEXT, True, max_length=1000),)
PROJECT_FIELDS = tuple(replace(f, label="承办单位") if f.key == "unit_id" else f
                       for f in LIST_ITEM_FIELDS if f.key in ("title", "category", "unit_id", "deadline"))


@dataclass(frozen=True)
class DecisionText:
    content: str = ""


@dataclass(frozen=True)
class ProjectChoice:
    title: str = ""
    category: str = ""
    unit_id: int | None = None
    deadline: dt.date | None = None


class MeetingDialog(RecordDialog):
    """The meeting's form, and below it the registered units of the area to tick as attending."""

    def __init__(self, title: str, services: Services, row: MeetingRow | None, scope: int | None,
                 parent: QWidget | None = None) -> None:
        meetings = services.meetings
        chosen = {i for i, _n in meetings.units(row.id)} if row is not None else set()
        self.unit_list = QListWidget()
        self.unit_list.setObjectName("meetingUnits")
        names = services.units.names(scope if row is None else row.org_id)
        known = {i for i, _n in names}
        names += [(i, n) for i, n in (meetings.units(row.id) if row is not None else []) if i not in known]
        for unit_id, name in names:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit_id in chosen else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)

        if row is None:
            values: dict[str, Any] = {"org_id": scope, "held_on": dt.date.today()}

            def save(data: MeetingInput) -> MeetingRow:
                return meetings.create(data, self.unit_ids())
        else:
            values = input_values(row, MeetingInput)

            def save(data: MeetingInput) -> MeetingRow:
                return meetings.update(row.id, data, self.unit_ids())
        super().__init__(title, MEETING_FIELDS, MeetingInput, save, values=values,
                         refs={"org_id": org_refs(services)}, parent=parent)
        line = max(self.unit_list.sizeHintForRow(0), self.fontMetrics().lineSpacing()) if names else 0
        self.unit_list.setFixedHeight(min(max(len(names), 3), 8) * line + 2 * self.unit_list.frameWidth() + 2)
        box = QGroupBox(f"参会单位（{len(names)}个驻区单位中勾选）" if names else "参会单位（还没有登记驻区单位）")
        QVBoxLayout(box).addWidget(self.unit_list)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, box)

    def unit_ids(self) -> list[int]:
        items = (self.unit_list.item(i) for i in range(self.unit_list.count()))
        return [int(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked]

    def check_units(self, names: set[str]) -> None:
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)


class MeetingsPage(Page):
    measure = "次联席会"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(MeetingTableModel(services.meetings), "meetingTable", config,
                         "搜索会议名称、地点、主持人或议题", parent)
        self.services = services
        year = dt.date.today().year
        self.year_box = combo("meetingYear", [("全部年份", None), *((f"{y}年", y) for y in
                                                                 range(year, year - YEARS_SHOWN, -1))])
        self.add_filter(self.year_box)
        self.add_action("addMeeting", "登记联席会", self.add)
        self.add_action("editMeeting", "修改", self.edit, needs_row=True)
        self.add_action("removeMeeting", "删除", self.remove, needs_row=True, tip="删除录错的联席会（决定已转为项目的不能删除）")
        self.add_action("addDecision", "添加决议", self.add_decision, needs_row=True)
        self.add_action("printSignin", "打印签到表", self.print_signin, needs_row=True, edits=False)
        self.finish_buttons()
        self.decisions_ = QTableWidget(0, 2)
        self.decisions_.setObjectName("decisionTable")
        self.decisions_.setHorizontalHeaderLabels(["会议决定", "转为项目"])
        self.decisions_.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.decisions_.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decisions_.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.decisions_.horizontalHeader().setStretchLastSection(False)
        self.decisions_.horizontalHeader().setSectionResizeMode(0, self.decisions_.horizontalHeader().ResizeMode.Stretch)
        self.decisions_.setColumnWidth(1, 12 * self.fontMetrics().horizontalAdvance("中"))
        self.decisions_.verticalHeader().hide()
        self.decisions_.setMaximumHeight(7 * self.fontMetrics().lineSpacing() + 20)
        self.decisions_.itemSelectionChanged.connect(self._decision_buttons)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setObjectName("meetingDetail")
        self.add_decision_button = QPushButton("添加决议")
        self.add_decision_button.clicked.connect(self.add_decision)
        self.project_button = QPushButton("转为项目")
        self.project_button.setToolTip("把这条决定登记为项目清单中的项目（在“三张清单”页可以看到）")
        self.project_button.clicked.connect(self.to_project)
        box = QGroupBox("所选联席会的参会单位和会议决定")
        inner = QVBoxLayout(box)
        inner.addWidget(self.detail)
        inner.addWidget(self.decisions_, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_decision_button)
        buttons.addWidget(self.project_button)
        inner.addLayout(buttons)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(box)
        self.decision_rows: list[DecisionRow] = []
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_decisions())

    def query(self) -> MeetingQuery:
        return MeetingQuery(org_id=self.scope, year=self.year_box.currentData(), text=self.search.text().strip())

    def apply(self) -> None:
        super().apply()
        self.show_decisions()

    def activated(self) -> None:
        self.edit()

    # ---- the chosen meeting's decisions --------------------------------------------------
    def show_decisions(self) -> None:
        row = self.current()
        self.decision_rows = self.services.meetings.decisions(row.id) if row is not None else []
        if row is None:
            self.detail.setText("请在上表中选择一次联席会。")
        else:
            units = "、".join(n for _i, n in self.services.meetings.units(row.id)) or "（未登记）"
            self.detail.setText(f"参会单位：{units}" + (f"\n会议议题：{row.agenda}" if row.agenda else ""))
        self.decisions_.setRowCount(len(self.decision_rows))
        for r, d in enumerate(self.decision_rows):
            self.decisions_.setItem(r, 0, QTableWidgetItem(d.content))
            self.decisions_.setItem(r, 1, QTableWidgetItem("已转为项目" if d.item_id else ""))
        self._decision_buttons()

    def current_decision(self) -> DecisionRow | None:
        r = self.decisions_.currentRow()
        return self.decision_rows[r] if 0 <= r < len(self.decision_rows) else None

    def _decision_buttons(self) -> None:
        if not hasattr(self, "project_button"):
            return
        d = self.current_decision()
        self.add_decision_button.setVisible(self.editable)
        self.project_button.setVisible(self.editable)
        self.add_decision_button.setEnabled(self.current() is not None)
        self.project_button.setEnabled(d is not None and d.item_id is None)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self._decision_buttons()

    def update_actions(self) -> None:
        super().update_actions()
        self._decision_buttons()

    # ---- commands ------------------------------------------------------------------------
    def _done(self, dialog: RecordDialog) -> Any:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            if isinstance(dialog.result_row, MeetingRow):
                self.table.select_ids([dialog.result_row.id], dialog.result_row.id)
                self.show_decisions()
            return dialog.result_row
        return None

    def dialog(self, row: MeetingRow | None = None) -> MeetingDialog:
        title = "登记联席会" if row is None else f"修改联席会：{row.title}"
        return MeetingDialog(title, self.services, row, self.scope, parent=self)

    def add(self) -> None:
        self._done(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None and self.editable:
            self._done(self.dialog(row))

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        held = row.held_on.isoformat() if row.held_on else ""
        if QMessageBox.question(self, "删除联席会", f"确定删除{held}的“{row.title}”吗？会议决定一并删除。") \
                != QMessageBox.StandardButton.Yes:
            return
        self.attempt(lambda: self.services.meetings.remove(row.id))
        self.apply()

    def decision_dialog(self, row: MeetingRow) -> RecordDialog:
        return RecordDialog(f"添加决议：{row.title}", DECISION_FIELDS, DecisionText,
                            lambda d: self.services.meetings.add_decision(row.id, d.content), parent=self)

    def add_decision(self) -> None:
        row = self.current()
        if row is not None and self.decision_dialog(row).exec():
            self._refresh_keeping(row.id)

    def project_dialog(self, decision: DecisionRow) -> RecordDialog:
        meeting = self.services.meetings.get(decision.meeting_id)
        units = self.services.meetings.units(meeting.id) or self.services.units.names(meeting.org_id)

        def save(c: ProjectChoice) -> int:
            return self.services.meetings.decision_to_project(decision.id, title=c.title, category=c.category,
                                                              unit_id=c.unit_id, deadline=c.deadline)

        return RecordDialog("会议决定转为项目", PROJECT_FIELDS, ProjectChoice, save,
                            values={"title": decision.content[:60]}, refs={"unit_id": [(n, i) for i, n in units]},
                            parent=self)

    def to_project(self) -> None:
        d = self.current_decision()
        if d is not None and self.project_dialog(d).exec():
            self._refresh_keeping(d.meeting_id)

    def _refresh_keeping(self, meeting_id: int) -> None:
        self.apply()
        self.table.select_ids([meeting_id], meeting_id)
        self.show_decisions()

    def print_signin(self) -> Any:
        from app.reports.cobuild.meeting_signin import print_meeting_signin
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        row = self.current()
        if row is None:
            return None
        made = self.attempt(lambda: print_meeting_signin(self.services, row.id))
        if made is None:
            return None
        pdf, pages = made
        held = row.held_on.isoformat() if row.held_on else ""
        preview = PdfPreviewDialog(pdf, f"联席会签到表（{held}，{pages}页）", self, file_name=f"联席会签到表{held}")
        preview.exec()
        return preview
