"""The 服务队伍 page: the teams of the chosen organisation (银发先锋, 党员义工队, 志愿服务队, 党员先锋队,
党员攻坚队 or the community's own kinds), by kind; add and edit one, choose its members — roster
members and residents who are not Party members — and its leader in one dialog, dissolve it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError, ConflictError
from app.domain.service.fields import TEAM_FIELDS, TEAM_KINDS
from app.services.container import Services
from app.services.service.rows import TeamInput, TeamQuery, TeamRow, VolunteerRow
from app.ui.kit.errors import show_error
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.kit.widgets import ErrorLine, dialog_buttons
from app.ui.orgs.names import org_refs
from app.ui.service.models import TeamTableModel

KEY = Qt.ItemDataRole.UserRole


def volunteer_label(v: VolunteerRow) -> str:
    who = (v.member_category or "党员") if v.is_member else "群众"
    return f"{v.name}（{who}，{v.masked_id or v.org_name}）"


def _items(widget: QListWidget) -> list[tuple[str, int]]:
    return [(widget.item(i).text(), widget.item(i).data(KEY)) for i in range(widget.count())]


def _add_item(widget: QListWidget, label: str, key: int) -> None:
    item = QListWidgetItem(label)
    item.setData(KEY, key)
    widget.addItem(item)


class TeamMembersDialog(QDialog):
    """队员与队长: find people by name (pinyin, initials), add them, take members out, choose
    the leader among the members; saved in one step (TeamService.set_members)."""

    def __init__(self, services: Services, team: TeamRow, scope: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"队员与队长：{team.name}")
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumSize(52 * em, 30 * em)
        self.services, self.team, self.scope = services, team, scope
        self.result_row: TeamRow | None = None
        self.search = QLineEdit()
        self.search.setObjectName("teamFind")
        self.search.setPlaceholderText("输入姓名、拼音或首字母查找党员和群众志愿者")
        self.search.returnPressed.connect(self.look_up)
        self.found = QListWidget()
        self.found.setObjectName("teamFound")
        self.found.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.found.itemDoubleClicked.connect(lambda _i: self.add_selected())
        self.members = QListWidget()
        self.members.setObjectName("teamMembers")
        self.members.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        for box in (self.found, self.members):
            box.setMinimumWidth(22 * em)
        self.leader = QComboBox()
        self.leader.setObjectName("teamLeader")
        self.leader.setMinimumWidth(24 * em)
        find, add, remove = QPushButton("查找"), QPushButton("加入队伍 →"), QPushButton("← 移出队伍")
        find.clicked.connect(self.look_up)
        add.clicked.connect(self.add_selected)
        remove.clicked.connect(self.remove_selected)
        self.error = ErrorLine()
        left, right, middle = QVBoxLayout(), QVBoxLayout(), QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(find)
        left.addLayout(top)
        left.addWidget(QLabel("可加入的人员（双击加入）"))
        left.addWidget(self.found, 1)
        middle.addStretch(1)
        middle.addWidget(add)
        middle.addWidget(remove)
        middle.addStretch(1)
        self.count = QLabel()
        right.addWidget(self.count)
        right.addWidget(self.members, 1)
        form = QFormLayout()
        form.addRow("队长（从本队队员中选）", self.leader)
        lists = QHBoxLayout()
        lists.addLayout(left, 1)
        lists.addLayout(middle)
        lists.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "保存", self.save))
        volunteers = services.volunteers
        for v in volunteers.rows(services.teams.member_ids(team.id)):
            _add_item(self.members, volunteer_label(v), v.id)
        self._refresh_leader(team.leader_id)
        self.look_up()

    def keys(self) -> list[int]:
        return [key for _label, key in _items(self.members)]

    def look_up(self) -> None:
        chosen = set(self.keys())
        try:
            people = self.services.volunteers.choices(self.scope, self.search.text().strip()[:30])
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.found.clear()
        for p in people:
            if p.key not in chosen:
                _add_item(self.found, p.label, p.key)

    def _refresh_leader(self, keep: int | None) -> None:
        self.leader.clear()
        self.leader.addItem("（暂不设队长）", None)
        for label, key in _items(self.members):
            self.leader.addItem(label, key)
        self.leader.setCurrentIndex(max(self.leader.findData(keep), 0) if keep is not None else 0)
        self.count.setText(f"本队队员（{self.members.count()}名）")

    def add_keys(self, keys: Sequence[int]) -> None:
        """Moves the people found with these keys into the team."""
        for row in reversed(range(self.found.count())):
            item = self.found.item(row)
            if item.data(KEY) in keys:
                self.found.takeItem(row)
                _add_item(self.members, item.text(), item.data(KEY))
        self._refresh_leader(self.leader.currentData())

    def add_selected(self) -> None:
        self.add_keys([i.data(KEY) for i in self.found.selectedItems()])

    def remove_keys(self, keys: Sequence[int]) -> None:
        for row in reversed(range(self.members.count())):
            item = self.members.item(row)
            if item.data(KEY) in keys:
                self.members.takeItem(row)
                _add_item(self.found, item.text(), item.data(KEY))
        keep = self.leader.currentData()
        self._refresh_leader(keep if keep not in keys else None)

    def remove_selected(self) -> None:
        self.remove_keys([i.data(KEY) for i in self.members.selectedItems()])

    def set_leader(self, key: int | None) -> None:
        self.leader.setCurrentIndex(max(self.leader.findData(key), 0) if key is not None else 0)

    def save(self) -> None:
        try:
            self.result_row = self.services.teams.set_members(self.team.id, self.keys(), self.leader.currentData(),
                                                              self.team.version)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class TeamsPage(Page):
    measure = "支"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(TeamTableModel(services.teams), "serviceTeamTable", config, "搜索队伍名称", parent)
        self.services = services
        self.kind_box = combo("teamKind", [("全部类型", None), *((k, k) for k in TEAM_KINDS)])
        self.add_filter(self.kind_box)
        self.dissolved_box = QCheckBox("含已撤销")
        self.dissolved_box.setObjectName("teamDissolved")
        self.dissolved_box.toggled.connect(lambda _on: self.apply())
        self.filters.addWidget(self.dissolved_box)
        self.add_action("addTeam", "新增队伍", self.add)
        self.add_action("editTeam", "修改", self.edit, needs_row=True)
        self.add_action("teamMembers", "队员与队长", self.members, needs_row=True,
                        tip="加入或移出队员（党员和群众志愿者），选定队长")
        self.add_action("dissolveTeam", "撤销队伍", self.dissolve, needs_row=True)
        self.finish_buttons()

    def query(self) -> TeamQuery:
        return TeamQuery(org_id=self.scope, include_dissolved=self.dissolved_box.isChecked(),
                         kind=self.kind_box.currentData(), text=self.search.text().strip(),
                         sort=getattr(self.model.query, "sort", "kind"),
                         descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.members()

    def dialog(self, row: TeamRow | None = None) -> RecordDialog:
        teams = self.services.teams
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "founded_on": dt.date.today()}
            save = teams.create
        else:
            values = input_values(row, TeamInput)

            def save(data: TeamInput) -> Any:
                return teams.update(row.id, data, row.version)
        leaders = [(p.label, p.key) for p in self.services.volunteers.choices(self.scope) if p.key > 0]
        title = "新增服务队伍" if row is None else f"修改服务队伍：{row.name}"
        return RecordDialog(title, TEAM_FIELDS, TeamInput, save, values=values,
                            refs={"org_id": org_refs(self.services), "leader_id": leaders}, parent=self)

    def _run(self, dialog: QDialog) -> Any:
        if dialog.exec() and getattr(dialog, "result_row", None) is not None:
            self.apply()
            row = dialog.result_row  # type: ignore[attr-defined]
            self.table.select_ids([row.id], row.id)
            return row
        return None

    def add(self) -> None:
        self._run(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.dialog(row))

    def members_dialog(self, row: TeamRow) -> TeamMembersDialog:
        return TeamMembersDialog(self.services, row, self.scope, self)

    def members(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.dissolved_on is not None:
            show_error(self, ConflictError(f"“{row.name}”已于{row.dissolved_on}撤销，不能再调整队员"))
            return
        self._run(self.members_dialog(row))

    def dissolve_dialog(self, row: TeamRow) -> StepDialog:
        return StepDialog(f"撤销队伍：{row.name}", lambda v: self.services.teams.dissolve(row.id, v["date"]),
                          date_label="撤销日期", parent=self)

    def dissolve(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.dissolve_dialog(row))
