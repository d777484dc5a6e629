"""The 服务岗位 page: the posts of the chosen organisation to claim (岗位认领), by category (the
eight common ones or the community's own); add and edit one, 认领 for a member or a resident
while it has room (a full post refuses with the numbers), 取消认领, close a post no longer offered."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.kit.errors import ValidationError
from app.domain.service.fields import POST_CATEGORIES, POST_FIELDS
from app.services.container import Services
from app.services.service.rows import PostInput, PostQuery, PostRow
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs
from app.ui.service.models import PostTableModel
from app.ui.service.teams_page import volunteer_label


def _chosen(values: dict[str, Any], what: str) -> int:
    if values.get("choice") is None:
        raise ValidationError(f"请选择{what}", field=what)
    return int(values["choice"])


class PostsPage(Page):
    measure = "个"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(PostTableModel(services.posts), "servicePostTable", config, "搜索岗位名称或职责", parent)
        self.services = services
        self.category_box = combo("postCategory", [("全部类别", None), *((c, c) for c in POST_CATEGORIES)])
        self.add_filter(self.category_box)
        self.closed_box = QCheckBox("含已关闭")
        self.closed_box.setObjectName("postClosed")
        self.closed_box.toggled.connect(lambda _on: self.apply())
        self.filters.addWidget(self.closed_box)
        self.add_action("addPost", "新增岗位", self.add)
        self.add_action("editPost", "修改", self.edit, needs_row=True)
        self.add_action("claimPost", "认领", self.claim, needs_row=True, tip="为党员或群众志愿者认领这个岗位")
        self.add_action("releasePost", "取消认领", self.release, needs_row=True)
        self.add_action("closePost", "关闭岗位", self.close_post, needs_row=True)
        self.finish_buttons()

    def query(self) -> PostQuery:
        return PostQuery(org_id=self.scope, category=self.category_box.currentData(),
                         include_closed=self.closed_box.isChecked(), text=self.search.text().strip(),
                         sort=getattr(self.model.query, "sort", "category"),
                         descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: PostRow | None = None) -> RecordDialog:
        posts = self.services.posts
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "category": self.category_box.currentData() or ""}
            save = posts.create
        else:
            values = input_values(row, PostInput)

            def save(data: PostInput) -> Any:
                return posts.update(row.id, data, row.version)
        title = "新增服务岗位" if row is None else f"修改服务岗位：{row.title}"
        return RecordDialog(title, POST_FIELDS, PostInput, save, values=values, refs={"org_id": org_refs(self.services)},
                            parent=self)

    def _run(self, dialog: RecordDialog | StepDialog) -> Any:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)
            return dialog.result_row
        return None

    def add(self) -> None:
        self._run(self.dialog())

    def edit(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.dialog(row))

    def claim_dialog(self, row: PostRow) -> StepDialog:
        taken = set(self.services.posts.claimant_ids(row.id))
        people = [(p.label, p.key) for p in self.services.volunteers.choices(self.scope) if p.key not in taken]
        room = f"（已认领{row.claimed}人，上限{row.capacity}人）" if row.capacity is not None else ""
        return StepDialog(f"认领岗位：{row.title}{room}",
                          lambda v: self.services.posts.claim(row.id, _chosen(v, "认领人"), v["date"]),
                          date_label="认领日期", choice_label="认领人", choices=people, parent=self)

    def claim(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.claim_dialog(row))

    def release_dialog(self, row: PostRow) -> StepDialog:
        claimants = self.services.volunteers.rows(self.services.posts.claimant_ids(row.id))
        return StepDialog(f"取消认领：{row.title}",
                          lambda v: self.services.posts.release(row.id, _chosen(v, "认领人"), v["date"]),
                          date_label="取消日期", choice_label="认领人",
                          choices=[(volunteer_label(v), v.id) for v in claimants], parent=self)

    def release(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.release_dialog(row))

    def close_dialog(self, row: PostRow) -> StepDialog:
        return StepDialog(f"关闭岗位：{row.title}", lambda v: self.services.posts.close(row.id, v["date"]),
                          date_label="关闭日期", parent=self)

    def close_post(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.close_dialog(row))
