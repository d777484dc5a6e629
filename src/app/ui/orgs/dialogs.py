"""Dialogs of the 组织 tab: edit an organisation, close one, pick a new parent."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.orgs.rules import RANK, OrgType, term_end_default
from app.services.orgs.service import OrgInput, OrgRow, OrgService
from app.ui.kit.date_field import DateField
from app.ui.kit.widgets import ErrorLine, dialog_buttons
from app.ui.orgs.model import OrgTreeModel


class OrgDialog(QDialog):
    """Add or edit one organisation. The service validates; a refusal shows in red and the
    dialog stays open with the user's input intact."""

    def __init__(
        self,
        orgs: OrgService,
        *,
        parent_row: OrgRow | None = None,
        row: OrgRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.orgs = orgs
        self.row = row
        self.parent_row = parent_row
        self.result_row: OrgRow | None = None
        self.setWindowTitle("修改组织信息" if row else "新增组织")
        self.setMinimumWidth(460)

        form = QFormLayout()
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.org_type = QComboBox()
        self.secretary = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("手机11位，或带区号的固定电话")
        self.established = DateField(label="成立日期")
        self.term_start = DateField(label="换届日期")
        self.term_end = DateField(label="届满日期")
        self.coverage = QPlainTextEdit()
        self.coverage.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
        self.remarks = QPlainTextEdit()
        self.remarks.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)

        parent_name = "（无，作为最上级）"
        if row is not None and row.parent_id is not None:
            parent_name = orgs.get(row.parent_id).name
        elif parent_row is not None:
            parent_name = parent_row.name
        form.addRow("上级组织", QLabel(parent_name))
        form.addRow("组织全称 *", self.name)
        form.addRow("简称", self.short_name)
        form.addRow("组织类型 *", self.org_type)
        form.addRow("书记", self.secretary)
        form.addRow("联系电话", self.phone)
        form.addRow("成立日期", self.established)
        form.addRow("本届换届日期", self.term_start)
        form.addRow("届满日期", self.term_end)
        form.addRow("覆盖范围/单位", self.coverage)
        form.addRow("备注", self.remarks)
        # Problems name a field key (ORG_SPEC); the parent's problems land on the type.
        self.fields: dict[str, QWidget] = {
            "name": self.name, "short_name": self.short_name, "org_type": self.org_type,
            "secretary": self.secretary, "phone": self.phone, "established": self.established,
            "term_start": self.term_start, "term_end": self.term_end, "coverage": self.coverage,
            "remarks": self.remarks, "parent_id": self.org_type,
        }

        self._fill_types(parent_row if row is None else (orgs.get(row.parent_id) if row.parent_id else None))
        self.term_start.committed.connect(self._suggest_term_end)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "保存", self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if row is not None:
            self._load(row)
        self.name.setFocus()

    def _fill_types(self, parent_row: OrgRow | None) -> None:
        floor = RANK[parent_row.org_type] if parent_row else -1
        for t in OrgType:
            if RANK[t] > floor:
                self.org_type.addItem(t.value, t)
        if parent_row is not None and self.row is None:
            # The usual next level down is the most likely choice.
            preferred = {OrgType.COUNTY: OrgType.STREET, OrgType.STREET: OrgType.COMMUNITY,
                         OrgType.COMMUNITY: OrgType.GRID_BRANCH, OrgType.GENERAL_BRANCH: OrgType.BRANCH}
            want = preferred.get(parent_row.org_type, OrgType.GROUP)
            i = self.org_type.findData(want)
            if i >= 0:
                self.org_type.setCurrentIndex(i)

    def _load(self, row: OrgRow) -> None:
        self.name.setText(row.name)
        self.short_name.setText(row.short_name)
        i = self.org_type.findData(row.org_type)
        if i < 0:
            self.org_type.addItem(row.org_type.value, row.org_type)
            i = self.org_type.count() - 1
        self.org_type.setCurrentIndex(i)
        self.secretary.setText(row.secretary)
        self.phone.setText(row.phone)
        self.established.set_value(row.established)
        self.term_start.set_value(row.term_start)
        self.term_end.set_value(row.term_end)
        self.coverage.setPlainText(row.coverage)
        self.remarks.setPlainText(row.remarks)

    def _suggest_term_end(self) -> None:
        """A term start typed with no end yet: the end the rules give for this kind."""
        if not self.term_start.is_valid() or self.term_end.text().strip():
            return
        start = self.term_start.value()
        if start:
            end = term_end_default(OrgType(self.org_type.currentData()), start)
            self.term_end.set_value(end)

    def value(self) -> OrgInput:
        return OrgInput(
            name=self.name.text(),
            org_type=OrgType(self.org_type.currentData()),
            parent_id=self.parent_row.id if self.parent_row else None,
            short_name=self.short_name.text(),
            secretary=self.secretary.text(),
            phone=self.phone.text(),
            established=self.established.value(),
            term_start=self.term_start.value(),
            term_end=self.term_end.value(),
            coverage=self.coverage.toPlainText(),
            remarks=self.remarks.toPlainText(),
        )

    def save(self) -> None:
        try:
            data = self.value()
            if self.row is None:
                self.result_row = self.orgs.create(data)
            else:
                self.result_row = self.orgs.update(self.row.id, data)
        except AppError as exc:
            self.error.show_message(exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        self.accept()


class CloseDialog(QDialog):
    """撤销: asks for the date and the reason; the organisation stays on record, greyed."""

    def __init__(self, orgs: OrgService, row: OrgRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orgs = orgs
        self.row = row
        self.setWindowTitle(f"撤销“{row.name}”")
        form = QFormLayout()
        self.date = DateField(label="撤销日期", required=True)
        self.date.set_value(dt.date.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：网格调整，并入第二网格党支部")
        form.addRow("撤销日期", self.date)
        form.addRow("撤销原因 *", self.reason)
        note = QLabel("撤销后该组织仍保留在台账中（灰色显示），需要时可以恢复。")
        note.setWordWrap(True)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "撤销", self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            day = self.date.value()
            assert day is not None  # required
            self.orgs.close(self.row.id, day, self.reason.text())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class MoveDialog(QDialog):
    """"移动到…": pick the new parent in a tree of the open organisations."""

    def __init__(self, orgs: OrgService, row: OrgRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orgs = orgs
        self.row = row
        self.setWindowTitle(f"把“{row.name}”移动到…")
        self.resize(460, 480)
        self.model = OrgTreeModel(self)
        self.model.load(orgs.list(include_closed=False), include_closed=False)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(False)
        for col in (2, 3):
            self.tree.hideColumn(col)
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 300)
        self.tree.setCurrentIndex(self.model.index_of(row.parent_id))
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "移到所选组织之下", self.save)
        self.tree.doubleClicked.connect(lambda _i: self.save())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请选择新的上级组织："))
        layout.addWidget(self.tree)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        target = self.model.row_of(self.tree.currentIndex())
        if target is None:
            self.error.show_message("请先在上面选择新的上级组织")
            return
        try:
            self.orgs.move(self.row.id, target.id)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
