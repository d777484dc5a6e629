"""The 服务活动 page: the activities of the chosen organisation, newest first; add and edit one,
sign people up (members and residents), take attendance ("全部到场", or who came), and make
the service records of those who came (hours from the times, waiting for confirmation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.service.record_fields import ACTIVITY_FIELDS, ACTIVITY_SPEC
from app.services.cobuild.list_rows import ListQuery
from app.services.container import Services
from app.services.service.activities import ActivityService
from app.services.service.rows import (
    ActivityInput,
    ActivityQuery,
    ActivityRow,
    TeamQuery,
    VolunteerQuery,
)
from app.ui.kit.paged_model import Column, PagedTableModel
from app.ui.kit.record_dialogs import RecordDialog, input_values
from app.ui.kit.record_page import Page
from app.ui.kit.spec_columns import field, text
from app.ui.kit.spec_form import PLACE_HINT
from app.ui.orgs.names import org_refs

PICKER_LIMIT = 2000

ACTIVITY_COLUMNS: tuple[Column[ActivityRow], ...] = (
    field(ACTIVITY_SPEC, "held_on", "2026-03-01", "held_on"),
    field(ACTIVITY_SPEC, "title", "主题党日志愿服务进社区", "title"),
    field(ACTIVITY_SPEC, "category", "安全宣传巡逻", None),
    text("times", "时间", "14:00—17:00", lambda r: f"{r.start_time}—{r.end_time}" if r.start_time else ""),
    field(ACTIVITY_SPEC, "place", "社区党群服务中心", None),
    text("team", "服务队伍", "党员先锋队", lambda r: r.team_name),
    text("org", "所属社区", "文化路社区党委", lambda r: r.org_name),
    text("signed", "报名", "报名", lambda r: r.signed_up),
    text("came", "到场", "到场", lambda r: r.attended),
)


class ActivityTableModel(PagedTableModel[ActivityQuery, ActivityRow]):
    def __init__(self, activities: ActivityService, parent: QObject | None = None) -> None:
        super().__init__(activities, ACTIVITY_COLUMNS, ActivityQuery(), parent)


class PeoplePicker(QDialog):
    """Tick the people: ``chosen()`` gives their ids."""

    def __init__(self, title: str, people: Sequence[tuple[str, int]], ticked: Sequence[int] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget()
        for label, pid in people:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setCheckState(Qt.CheckState.Checked if pid in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def tick(self, ids: Sequence[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in ids:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class ActivitiesPage(Page):
    measure = "次"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ActivityTableModel(services.activities), "serviceActivityTable", config, "搜索活动名称", parent)
        self.services = services
        self.add_action("addActivity", "新增活动", self.add)
        self.add_action("editActivity", "修改", self.edit, needs_row=True)
        self.add_action("signUp", "报名", self.sign_up, needs_row=True)
        self.add_action("allCame", "全部到场并生成记录", self.all_came, needs_row=True)
        self.add_action("someCame", "登记到场", self.some_came, needs_row=True)
        self.finish_buttons()

    def query(self) -> ActivityQuery:
        return ActivityQuery(org_id=self.scope, text=self.search.text().strip(),
                             sort=getattr(self.model.query, "sort", "held_on"),
                             descending=getattr(self.model.query, "descending", True))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: Any = None) -> RecordDialog:
        acts = self.services.activities
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope}
            save = acts.create
        else:
            values = input_values(row, ActivityInput)

            def save(data: ActivityInput) -> Any:
                return acts.update(row.id, data, row.version)
        teams, lists = self.services.teams, self.services.lists
        items = lists.rows(lists.search_ids(ListQuery(org_id=self.scope, kind=None))[:500])
        refs = {"org_id": org_refs(self.services),
                "team_id": [(t.name, t.id) for t in teams.rows(teams.search_ids(TeamQuery(org_id=self.scope)))],
                "list_item_id": [(f"{i.kind}：{i.title}", i.id) for i in items]}
        places = self.services.sites.place_names(self.scope if row is None else row.org_id)
        dialog = RecordDialog("新增服务活动" if row is None else f"修改服务活动：{row.title}", ACTIVITY_FIELDS,
                              ActivityInput, save, values=values, refs=refs, suggestions={"place": places}, parent=self)
        if places:
            dialog.form.set_placeholder("place", PLACE_HINT)
        return dialog

    def add(self) -> None:
        dialog = self.dialog()
        if dialog.exec() and dialog.result_row is not None:
            self.apply()

    def edit(self) -> None:
        row = self.current()
        if row is not None and self.dialog(row).exec():
            self.apply()

    def people(self) -> list[tuple[str, int]]:
        v = self.services.volunteers
        rows = v.rows(v.search_ids(VolunteerQuery(org_id=self.scope))[:PICKER_LIMIT])
        return [(f"{p.name}（{'党员' if p.is_member else '群众'}，{p.masked_id or p.org_name}）", p.id) for p in rows]

    def sign_up_dialog(self, row: Any) -> PeoplePicker:
        signed = [u.volunteer_id for u in self.services.activities.sign_ups(row.id)]
        return PeoplePicker(f"报名：{row.title}", self.people(), signed, self)

    def sign_up(self, chosen: Sequence[int] | None = None) -> int | None:
        row = self.current()
        if row is None:
            return None
        if chosen is None:
            picker = self.sign_up_dialog(row)
            if not picker.exec():
                return None
            chosen = picker.chosen()
        added = self.attempt(lambda: self.services.activities.sign_up(row.id, list(chosen)))
        self.apply()
        return added

    def all_came(self) -> list[int] | None:
        row = self.current()
        if row is None:
            return None
        acts = self.services.activities
        if self.attempt(lambda: acts.take_attendance(row.id)) is None:
            return None
        made = self.attempt(lambda: acts.record_attendance(row.id))
        self.apply()
        if made is not None:
            self.count_label.setText(f"{self.count_label.text()}；已生成{len(made)}条服务记录，等待确认")
        return made

    def some_came(self, came: Sequence[int] | None = None) -> list[int] | None:
        row = self.current()
        if row is None:
            return None
        acts = self.services.activities
        if came is None:
            signed = acts.sign_ups(row.id)
            picker = PeoplePicker(f"登记到场：{row.title}", [(u.name, u.volunteer_id) for u in signed],
                                  [u.volunteer_id for u in signed if u.attended], self)
            if not picker.exec():
                return None
            came = picker.chosen()
        if self.attempt(lambda: acts.take_attendance(row.id, list(came))) is None:
            return None
        made = self.attempt(lambda: acts.record_attendance(row.id))
        self.apply()
        return made
