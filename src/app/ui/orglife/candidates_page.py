"""The 发展党员 page: candidates by stage; register an applicant, correct a record, and move one on
to the next stage (推进到下一阶段: the date and what the stage needs, the rule warnings shown and
confirmed before anything is saved)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.orglife import candidates as rules
from app.domain.orglife.candidates_fields import CANDIDATE_FIELDS
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.orglife.candidates_rows import (
    AdvanceInput,
    CandidateInput,
    CandidateQuery,
    CandidateRow,
)
from app.ui.kit.date_field import DateField
from app.ui.kit.record_dialogs import RecordDialog, input_values
from app.ui.kit.record_page import Page, combo
from app.ui.kit.widgets import ErrorLine, dialog_buttons
from app.ui.orglife.candidates_model import CandidateTableModel
from app.ui.orgs.names import org_refs

# The form edits the person and the early stages; admission and full membership go through 推进.
FORM_FIELDS = tuple(f for f in CANDIDATE_FIELDS if f.key not in ("admitted_on", "full_on", "introducer1_id",
                                                                  "introducer2_id"))
WARNING_COLOUR = "#8a5a00"


class AdvanceDialog(QDialog):
    """推进到下一阶段: the date; the introducers for 预备党员; the training and political review.
    The first 确定 shows the rule warnings (if any) and asks again; the second saves."""

    def __init__(self, services: Services, row: CandidateRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.row = services, row
        self.stage = row.next_stage or ""
        self.setWindowTitle(f"推进到下一阶段：{row.name}（{row.stage} → {self.stage}）")
        self.setMinimumWidth(36 * self.fontMetrics().horizontalAdvance("中"))
        self.result_row: CandidateRow | None = None
        self.confirming = False
        form = QFormLayout()
        label = rules.DATE_LABELS.get(rules.DATE_OF_STAGE.get(self.stage, ""), "日期")
        self.date = DateField(label=label, required=True)
        self.date.set_value(dt.date.today())
        form.addRow(label, self.date)
        self.introducers: list[QComboBox] = []
        if self.stage == rules.PROBATIONARY:
            choices = self._full_members()
            for i, caption in enumerate(("入党介绍人一", "入党介绍人二")):
                box = QComboBox()
                box.setObjectName(f"introducer{i + 1}")
                box.addItem("（请选择正式党员）", None)
                for text, member_id in choices:
                    box.addItem(text, member_id)
                box.setMaxVisibleItems(20)
                self.introducers.append(box)
                form.addRow(caption, box)
        self.training = QLineEdit(row.training)
        self.training.setObjectName("training")
        self.training_on = DateField(label="培训结业日期")
        self.training_on.set_value(row.training_on)
        self.review = QLineEdit(row.review)
        self.review.setObjectName("review")
        self.review_on = DateField(label="政治审查日期")
        self.review_on.set_value(row.review_on)
        if self.stage in (rules.TARGET, rules.PROBATIONARY):
            form.addRow("培训情况", self.training)
            form.addRow("培训结业日期", self.training_on)
        if self.stage == rules.PROBATIONARY:
            form.addRow("政治审查情况", self.review)
            form.addRow("政治审查日期", self.review_on)
        self.remark = QLineEdit()
        self.remark.setObjectName("remark")
        self.remark.setPlaceholderText("如：支部大会讨论通过")
        form.addRow("说明", self.remark)
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.warning.hide()
        self.error = ErrorLine()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        self.buttons = dialog_buttons(self, "确定", self.confirm)
        layout.addWidget(self.buttons)

    def _full_members(self) -> list[tuple[str, int]]:
        members = self.services.members
        org = self.services.orgs.get(self.row.org_id)
        scope = org.parent_id if org.parent_id is not None else org.id  # the branch's community
        ids = members.search_ids(MemberQuery(org_id=scope, member_type="正式党员"))[:2000]
        return [(f"{m.name}（{m.org_name}）", m.id) for m in members.rows(ids)]

    def step(self) -> AdvanceInput:
        ones = [box.currentData() for box in self.introducers] or [None, None]
        return AdvanceInput(self.date.value(), ones[0], ones[1], training=self.training.text(),
                            training_on=self.training_on.value(), review=self.review.text(),
                            review_on=self.review_on.value(), remark=self.remark.text())

    def confirm(self) -> None:
        candidates = self.services.candidates
        try:
            step = self.step()
            if not self.confirming:
                found = candidates.warnings(self.row.id, step)
                if found:
                    self.confirming = True
                    self.warning.setText("请注意：\n" + "\n".join(f"· {w}" for w in found) + "\n确认无误请再点“仍然推进”。")
                    self.warning.show()
                    self.buttons.buttons()[0].setText("仍然推进")
                    return
            self.result_row = candidates.advance(self.row.id, step, self.row.version)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class CandidatesPage(Page):
    measure = "名"

    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(CandidateTableModel(services.candidates), "candidateTable", config,
                         "搜索姓名（拼音、首字母）", parent)
        self.services = services
        self.stage_box = combo("candidateStage", [("全部阶段", None), *((s, s) for s in rules.STAGES)])
        self.add_filter(self.stage_box)
        self.add_action("addCandidate", "新增入党申请人", self.add)
        self.add_action("editCandidate", "修改", self.edit, needs_row=True)
        self.add_action("advanceCandidate", "推进到下一阶段", self.advance, needs_row=True,
                        tip="确定为积极分子、发展对象，接收为预备党员（同时建立党员记录），转为正式党员")
        self.finish_buttons()

    def query(self) -> CandidateQuery:
        return CandidateQuery(org_id=self.scope, stage=self.stage_box.currentData(), text=self.search.text().strip(),
                              sort=getattr(self.model.query, "sort", "name"),
                              descending=getattr(self.model.query, "descending", False))

    def activated(self) -> None:
        self.edit()

    def dialog(self, row: CandidateRow | None = None) -> RecordDialog:
        candidates = self.services.candidates
        if row is None:
            values: dict[str, Any] = {"org_id": self.scope, "applied_on": dt.date.today()}
            save = candidates.create
        else:
            values = input_values(row, CandidateInput)
            keep = {k: getattr(row, k) for k in ("admitted_on", "full_on", "introducer1_id", "introducer2_id")}

            def save(data: CandidateInput) -> Any:
                return candidates.update(row.id, CandidateInput(**{**data.__dict__, **keep}), row.version)
        title = "新增入党申请人" if row is None else f"修改：{row.name}（{row.stage}）"
        return RecordDialog(title, FORM_FIELDS, CandidateInput, save, values=values,
                            refs={"org_id": org_refs(self.services)}, parent=self)

    def advance_dialog(self, row: CandidateRow) -> AdvanceDialog:
        return AdvanceDialog(self.services, row, self)

    def _run(self, dialog: RecordDialog | AdvanceDialog) -> Any:
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

    def advance(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.next_stage is None:
            self.attempt(lambda: self.services.candidates.advance(row.id, AdvanceInput(dt.date.today())))
            return
        self._run(self.advance_dialog(row))
