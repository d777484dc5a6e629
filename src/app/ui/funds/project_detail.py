"""A special-fund project's 办理经过 and its spending: each step with its date and who did it,
the entries linked to the project, and the organisation's drafts that can be linked to it
(a posted entry keeps the project it was posted with: the database refuses to change it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.funds.fields import DRAFT
from app.domain.kit.errors import AppError
from app.domain.kit.money import format_yuan
from app.domain.kit.text import cn_date
from app.services.container import Services
from app.services.funds.entry_query import EntryQuery
from app.services.funds.rows import EntryRow
from app.ui.kit.widgets import ErrorLine, dialog_buttons

MAX_DRAFTS = 500


def entry_text(r: EntryRow) -> str:
    state = "草稿" if not r.posted else r.voucher
    return f"{r.entry_date.isoformat() if r.entry_date else ''}　{r.summary}　{r.direction}{format_yuan(r.amount)}元　{state}"


class ProjectDetailDialog(QDialog):
    def __init__(self, services: Services, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.project_id = project_id
        self.changed = False
        self.setMinimumWidth(60 * self.fontMetrics().horizontalAdvance("中"))
        self.summary = QLabel()
        self.summary.setObjectName("projectSummary")
        self.summary.setWordWrap(True)
        self.linked = QListWidget()
        self.linked.setObjectName("linkedEntries")
        self.drafts = QListWidget()
        self.drafts.setObjectName("draftEntries")
        for box in (self.linked, self.drafts):
            box.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.link_button = QPushButton("← 关联到本项目")
        self.link_button.setObjectName("linkEntries")
        self.link_button.clicked.connect(lambda: self.link(True))
        self.unlink_button = QPushButton("取消关联 →")
        self.unlink_button.setObjectName("unlinkEntries")
        self.unlink_button.clicked.connect(lambda: self.link(False))
        self.error = ErrorLine()
        grid = QGridLayout()
        grid.addWidget(QLabel("本项目的收支"), 0, 0)
        grid.addWidget(QLabel("可关联的收支草稿（本组织，未关联项目）"), 0, 2)
        grid.addWidget(self.linked, 1, 0)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.link_button)
        middle.addWidget(self.unlink_button)
        middle.addStretch(1)
        grid.addLayout(middle, 1, 1)
        grid.addWidget(self.drafts, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        layout.addWidget(QLabel("已记账的收支不能改所属项目；草稿记账后随凭证一起固定。"))
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, "关闭", self.accept)
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        p = self.services.fund_projects.get(self.project_id)
        self.setWindowTitle(f"专项项目：{p.name}")
        steps = "<br>".join(f"{st.stage}　{cn_date(st.done_on)}　{st.done_by}" + (f"（{st.note}）" if st.note else "")
                            for st in p.steps)
        budget = "未定预算" if p.budget is None else f"预算 {format_yuan(p.budget)} 元，结余 {format_yuan(p.balance or 0)} 元"
        self.summary.setText(f"<b>{p.name}</b>（{p.org_name}，当前环节：{p.stage}）<br>{budget}，"
                             f"已记账支出 {format_yuan(p.spent)} 元<br><br><b>办理经过</b><br>{steps}")
        ledger = self.services.ledger
        mine = ledger.rows(ledger.search_ids(EntryQuery(project_id=self.project_id)))
        drafts = ledger.rows(ledger.search_ids(EntryQuery(org_id=p.org_id, status=DRAFT))[:MAX_DRAFTS])
        self._fill(self.linked, mine)
        self._fill(self.drafts, [r for r in drafts if r.project_id is None and r.org_id == p.org_id])

    @staticmethod
    def _fill(box: QListWidget, rows: list[EntryRow]) -> None:
        box.clear()
        for r in rows:
            item = QListWidgetItem(entry_text(r))
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            box.addItem(item)

    def link(self, linked: bool) -> None:
        box = self.drafts if linked else self.linked
        ids = [int(i.data(Qt.ItemDataRole.UserRole)) for i in box.selectedItems()]
        if not ids:
            self.error.show_message("请先在" + ("右边选中要关联的草稿" if linked else "左边选中要取消关联的收支"))
            return
        try:
            self.services.fund_projects.link(self.project_id, ids, linked=linked)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.error.show_message("")
        self.changed = True
        self.refresh()
