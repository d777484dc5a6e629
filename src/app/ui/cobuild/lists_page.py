"""The 三张清单 page: needs, resources and projects of the chosen organisation, by list, by status
(with how many are in each), by category, overdue ones in red; raise an item, and move it along:
认领 by a unit, a branch or an in-service member, 开始实施, 完成 with the outcome, 取消 with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.cobuild.list_fields import LIST_ITEM_FIELDS
from app.domain.cobuild.lists import CATEGORIES, LIST_KINDS, ItemStatus
from app.services.cobuild.list_rows import ListItemInput, ListQuery
from app.services.container import Services
from app.ui.cobuild.models import ListTableModel
from app.ui.kit.record_dialogs import RecordDialog, StepDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.orgs.names import org_refs

IN_SERVICE = "在职党员"


class ListsPage(Page):
    measure = "项"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ListTableModel(services.lists), "listTable", config, "搜索事项名称、内容或提出方", parent)
        self.services = services
        self.kind_box = combo("listKind", [("全部清单", None), *((k, k) for k in LIST_KINDS)])
        self.status_box = combo("listStatus", [("全部状态", None), *((s.value, s.value) for s in ItemStatus)])
        self.category_box = combo("listCategory", [("全部类别", None), *((c, c) for c in CATEGORIES)])
        self.overdue_box = QCheckBox("只看逾期")
        self.overdue_box.setObjectName("listOverdue")
        for w in (self.kind_box, self.status_box, self.category_box):
            self.add_filter(w)
        self.filters.addWidget(self.overdue_box)
        self.overdue_box.toggled.connect(lambda _on: self.apply())
        self.add_action("addItem", "新增事项", self.add)
        self.add_action("editItem", "修改", self.edit, needs_row=True)
        self.add_action("claimItem", "认领", self.claim, needs_row=True)
        self.add_action("startItem", "开始实施", self.start, needs_row=True)
        self.add_action("completeItem", "登记完成", self.complete, needs_row=True)
        self.add_action("cancelItem", "取消", self.cancel, needs_row=True)
        self.finish_buttons()

    def query(self) -> ListQuery:
        return ListQuery(org_id=self.scope, kind=self.kind_box.currentData(), status=self.status_box.currentData(),
                         category=self.category_box.currentData(), overdue=True if self.overdue_box.isChecked() else None,
                         text=self.search.text().strip(), sort=getattr(self.model.query, "sort", "raised_on"),
                         descending=getattr(self.model.query, "descending", True))

    def apply(self) -> None:
        super().apply()
        counts = self.attempt(lambda: self.services.lists.counts_by_status(
            ListQuery(org_id=self.scope, kind=self.kind_box.currentData())))
        if counts:
            for i in range(1, self.status_box.count()):
                status = self.status_box.itemData(i)
                self.status_box.setItemText(i, f"{status}（{counts.get(status, 0)}）")

    def activated(self) -> None:
        self.edit()

    # ---- commands ------------------------------------------------------------------------
    def dialog(self, row: Any = None) -> RecordDialog:
        lists = self.services.lists
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "kind": self.kind_box.currentData() or LIST_KINDS[0]}
            save = lists.create
        else:
            values = input_values(row, ListItemInput)

            def save(data: ListItemInput) -> Any:
                return lists.update(row.id, data, row.version)
        refs = {"org_id": org_refs(self.services),
                "unit_id": [(n, i) for i, n in self.services.units.names(self.scope)]}
        title = "新增清单事项" if row is None else f"修改清单事项：{row.title}"
        return RecordDialog(title, LIST_ITEM_FIELDS, ListItemInput, save, values=values, refs=refs, parent=self)

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

    def claimants(self) -> list[tuple[str, Any]]:
        """Units in the area, open organisations, in-service members: (text, (kind, id))."""
        out: list[tuple[str, Any]] = [(f"单位：{n}", ("unit_id", i)) for i, n in self.services.units.names(self.scope)]
        out += [(f"党组织：{text}", ("org_id", i)) for text, i in org_refs(self.services)]
        from app.services.members.query import MemberQuery

        members = self.services.members
        ids = members.search_ids(MemberQuery(org_id=self.scope, category=IN_SERVICE))[:2000]
        out += [(f"党员：{m.name}（{m.work_unit or m.org_name}）", ("member_id", m.id)) for m in members.rows(ids)]
        return out

    def claim_dialog(self, row: Any) -> StepDialog:
        def run(v: dict[str, Any]) -> Any:
            if v.get("choice") is None:
                from app.domain.kit.errors import ValidationError

                raise ValidationError("请选择认领方", field="认领方")
            key, record_id = v["choice"]
            return self.services.lists.claim(row.id, v["date"], **{key: record_id})

        return StepDialog(f"认领：{row.title}", run, date_label="认领日期", choice_label="认领方",
                          choices=self.claimants(), parent=self)

    def claim(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.claim_dialog(row))

    def start(self) -> None:
        row = self.current()
        if row is not None:
            self._run(StepDialog(f"开始实施：{row.title}", lambda v: self.services.lists.start(row.id, v["date"]),
                                 date_label="开始实施日期", parent=self))

    def complete_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"登记完成：{row.title}",
                          lambda v: self.services.lists.complete(row.id, v["date"], v["text"], v["number"]),
                          date_label="完成日期", text_label="完成情况", number_label="服务人数", long_text=True,
                          parent=self)

    def complete(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.complete_dialog(row))

    def cancel_dialog(self, row: Any) -> StepDialog:
        return StepDialog(f"取消：{row.title}", lambda v: self.services.lists.cancel(row.id, v["date"], v["text"]),
                          date_label="取消日期", text_label="取消原因", parent=self)

    def cancel(self) -> None:
        row = self.current()
        if row is not None:
            self._run(self.cancel_dialog(row))
