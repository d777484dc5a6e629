"""Add or edit one member: a form built from MEMBER_FIELDS, checked as the user goes.

One widget per field by its kind; the service validates on save. A refusal shows in red under
the form, the field it names gets the focus, and everything typed stays in place.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.idcard import birth_date_of, clean_id, sex_of
from app.domain.members.fields import FIELDS_BY_KEY, MEMBER_FIELDS
from app.services.members.service import INPUT_KEYS, MemberInput, MemberRow, MemberService
from app.services.orgs.service import OrgService
from app.ui.kit.date_field import DateField
from app.ui.kit.widgets import ErrorLine
from app.ui.orgs.names import org_choices, proposed_org

# Where each field goes on the form; a field not named here lands in the last group.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本信息", ("name", "id_number", "sex", "birth_date", "ethnicity", "education", "post", "phone",
              "address")),
    ("党籍信息", ("member_type", "org_id", "joined_on", "full_on", "party_status", "category",
              "management")),
    ("社区管理", ("work_unit", "grid", "mobile", "mobile_to", "lost_contact", "lost_since",
              "center_household", "remarks")),
)
PLACEHOLDERS = {
    "id_number": "18位，末位可以是X；填好后自动带出性别和出生日期",
    "phone": "手机11位，或带区号的固定电话",
    "mobile_to": "省、市、县，如：广东省深圳市南山区",
    "address": "小区、楼号、单元、门牌",
}
INVALID_STYLE = "color: #b00020;"


class MemberDialog(QDialog):
    """新增党员 (row None) or 修改党员信息. ``result_row`` holds the saved record."""

    def __init__(self, members: MemberService, orgs: OrgService, *, row: MemberRow | None = None,
                 default_org_id: int | None = None, reveal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.row = row
        self.reveal = reveal
        self._hidden: dict[str, str] = {}  # masked field key -> the stored value it stands for
        self.result_row: MemberRow | None = None
        self.setWindowTitle(f"修改党员信息：{row.name}" if row else "新增党员")
        self.setMinimumWidth(880)
        self.widgets: dict[str, QWidget] = {}  # field key -> editor
        self.labels: dict[str, QLabel] = {}
        self.field_of_label: dict[str, str] = {f.label: f.key for f in MEMBER_FIELDS}
        self.touched: set[str] = set()
        self._loading = True
        all_orgs = orgs.list()
        self._org_items = org_choices(all_orgs, keep_id=row.org_id if row else None)

        grouped: dict[str, list[Field]] = {title: [] for title, _ in GROUPS}
        placed = {key: title for title, keys in GROUPS for key in keys}
        for title, keys in GROUPS:
            for key in keys:
                grouped[title].extend(f for f in MEMBER_FIELDS if f.key == key)
        for f in MEMBER_FIELDS:
            if f.key not in placed:
                grouped[GROUPS[-1][0]].append(f)

        basic, party, community = (self._group(title, grouped[title], two_columns=(i == 2))
                                   for i, (title, _) in enumerate(GROUPS))
        top = QHBoxLayout()
        top.addWidget(basic, 1)
        top.addWidget(party, 1)
        top.setAlignment(party, Qt.AlignmentFlag.AlignTop)

        self.error = ErrorLine()
        note = QLabel("带 * 的为必填项。性别、出生日期按公民身份号码自动填写；党员的转入、转出、转正等变动请在"
                      "“详情与变动”中登记。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(community)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._id_edit().textEdited.connect(self._fill_from_id)
        self._bool_box("mobile").toggled.connect(self._enable_dependents)
        self._bool_box("lost_contact").toggled.connect(self._enable_dependents)
        if row is not None:
            self.set_values(row.as_input())
        else:
            self._set_org(proposed_org(all_orgs, default_org_id))
        self._enable_dependents()
        self._loading = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.widgets["name"].setFocus()

    # ---- building ------------------------------------------------------------------------
    def _group(self, title: str, fields: list[Field], two_columns: bool) -> QGroupBox:
        box = QGroupBox(title)
        if not two_columns:
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for f in fields:
                label, widget = self._editor(f)
                form.addRow(label, widget)
            return box
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = col = 0
        for f in fields:
            label, widget = self._editor(f)
            wide = f.kind is Kind.LONG_TEXT
            if wide and col:
                row, col = row + 1, 0
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, row, col + 1, 1, 3 if wide else 1)
            col = 0 if wide or col else 2
            row += 1 if col == 0 else 0
        return box

    def _editor(self, f: Field) -> tuple[QLabel, QWidget]:
        widget: QWidget
        if f.kind is Kind.ORG:
            combo = QComboBox()
            combo.addItem("（请选择）", None)
            for text, org_id in self._org_items:
                combo.addItem(text, org_id)
            combo.setMaxVisibleItems(20)
            widget = combo
        elif f.kind is Kind.CHOICE:
            combo = QComboBox()
            if not f.required:
                combo.addItem("")
            combo.addItems(list(f.choices))
            combo.setMaxVisibleItems(20)
            widget = combo
        elif f.kind is Kind.TEXT and f.choices:  # an editable list (工作岗位): any text is accepted
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItem("")
            combo.addItems(list(f.choices))
            combo.setMaxVisibleItems(20)
            widget = combo
        elif f.kind in (Kind.DATE, Kind.MONTH):
            widget = DateField(label=f.label, month=f.kind is Kind.MONTH)
        elif f.kind is Kind.BOOL:
            widget = QCheckBox("是")
        elif f.kind is Kind.LONG_TEXT:
            plain = QPlainTextEdit()
            plain.setTabChangesFocus(True)
            plain.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
            widget = plain
        else:
            line = QLineEdit()
            line.setPlaceholderText(PLACEHOLDERS.get(f.key, ""))
            widget = line
        if f.help:
            widget.setToolTip(f.help)
        widget.setObjectName(f.key)
        label = QLabel(f.label + (" *" if f.required else ""))
        label.setBuddy(widget)
        self.widgets[f.key] = widget
        self.labels[f.key] = label
        if f.mask is not None and self.row is not None and not self.reveal and isinstance(widget, QLineEdit):
            return label, self._masked_editor(f.key, widget)
        return label, widget

    def _masked_editor(self, key: str, line: QLineEdit) -> QWidget:
        """A number the user may not see in full: shown masked and kept as stored, unless the
        user chooses to type it again."""
        line.setReadOnly(True)
        line.setToolTip("完整号码不显示；如需更正，请点“重新填写”")
        again = QPushButton("重新填写")
        again.setAutoDefault(False)

        def retype() -> None:
            self._hidden.pop(key, None)
            line.setReadOnly(False)
            line.clear()
            line.setToolTip("")
            again.hide()
            line.setFocus()

        again.clicked.connect(retype)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(line, 1)
        row.addWidget(again)
        return box

    def _id_edit(self) -> QLineEdit:
        widget = self.widgets["id_number"]
        assert isinstance(widget, QLineEdit)
        return widget

    def _date(self, key: str) -> DateField:
        widget = self.widgets[key]
        assert isinstance(widget, DateField)
        return widget

    def _bool_box(self, key: str) -> QCheckBox:
        widget = self.widgets[key]
        assert isinstance(widget, QCheckBox)
        return widget

    # ---- values --------------------------------------------------------------------------
    def field_value(self, key: str) -> Any:
        if key in self._hidden:
            return self._hidden[key]
        w = self.widgets[key]
        if isinstance(w, QComboBox):
            if key == "org_id":
                return w.currentData()
            return w.currentText().strip()
        if isinstance(w, DateField):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_field(self, key: str, value: Any) -> None:
        w = self.widgets[key]
        if isinstance(w, QComboBox):
            if key == "org_id":
                self._set_org(value)
                return
            text = "" if value is None else str(value)
            i = w.findText(text)
            if i < 0 and text:
                if w.isEditable():
                    w.setEditText(text)
                    return
                w.addItem(text)
                i = w.count() - 1
            w.setCurrentIndex(max(i, 0))
        elif isinstance(w, DateField):
            w.set_value(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QLineEdit):
            text = "" if value is None else str(value)
            mask = FIELDS_BY_KEY[key].mask
            if w.isReadOnly() and mask is not None:
                self._hidden[key] = text
                text = mask(text)
            w.setText(text)

    def _set_org(self, org_id: int | None) -> None:
        combo = self.widgets["org_id"]
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(org_id) if org_id is not None else -1)

    def set_values(self, data: MemberInput) -> None:
        for key in INPUT_KEYS:
            if key in self.widgets:
                self.set_field(key, getattr(data, key))

    def read(self) -> tuple[MemberInput, list[ValidationError]]:
        """What the form holds, and the fields that cannot be read (a date that is not one:
        left out of the record, reported instead of saved as something else)."""
        values: dict[str, Any] = {}
        unreadable: list[ValidationError] = []
        for key in INPUT_KEYS:
            if key not in self.widgets:
                continue
            try:
                values[key] = self.field_value(key)
            except ValidationError as exc:
                values[key] = None
                unreadable.append(ValidationError(exc.message, field=FIELDS_BY_KEY[key].label))
        return MemberInput(**values), unreadable

    def value(self) -> MemberInput:
        """The record to save; raises ValidationError for a field that cannot be read."""
        data, unreadable = self.read()
        if unreadable:
            raise unreadable[0]
        return data

    # ---- behaviour -----------------------------------------------------------------------
    def _fill_from_id(self, text: str) -> None:
        """A complete, valid number fills sex and birth date (they must agree with it anyway)."""
        try:
            number = clean_id(text)
        except ValidationError:
            return
        if len(number) != 18:
            return
        born = birth_date_of(number)
        if born is not None:
            self.set_field("birth_date", born)
        self.set_field("sex", sex_of(number))

    def _enable_dependents(self) -> None:
        self.widgets["mobile_to"].setEnabled(self._bool_box("mobile").isChecked()
                                             or bool(self.field_value("mobile_to")))
        self.widgets["lost_since"].setEnabled(self._bool_box("lost_contact").isChecked()
                                              or bool(self._date("lost_since").text().strip()))

    def _key_of_widget(self, widget: QWidget | None) -> str | None:
        while widget is not None and widget is not self:
            for key, w in self.widgets.items():
                if w is widget:
                    return key
            widget = widget.parentWidget()
        return None

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        key = self._key_of_widget(old)
        if key is None or self._loading:
            return
        self.touched.add(key)
        self.check()

    def check(self, every_field: bool = False) -> list[ValidationError]:
        """Runs the record rules now; shows the problems of the fields already filled in."""
        data, unreadable = self.read()
        found = unreadable + self.members.problems(data, self.row.id if self.row else None)
        shown = [p for p in found
                 if every_field or self._key(p.field) in self.touched or not p.field]
        self._mark({self._key(p.field) for p in shown})
        self.error.show_message("\n".join(p.message for p in shown[:3]))
        return found

    def _key(self, field: str | None) -> str | None:
        """The form field a problem names (services name the key; a rule may name the label)."""
        if field in self.widgets:
            return field
        return self.field_of_label.get(field or "")

    def _mark(self, keys: set[str | None]) -> None:
        for key, label in self.labels.items():
            label.setStyleSheet(INVALID_STYLE if key in keys else "")

    def save(self) -> None:
        try:
            data = self.value()
            if self.row is None:
                self.result_row = self.members.create(data)
            else:
                self.result_row = self.members.update(self.row.id, data, version=self.row.version)
        except AppError as exc:
            self.error.show_message(exc.message)
            key = self._key(exc.field)
            self._mark({key})
            if key is not None:
                self.widgets[key].setFocus()
            return
        self.accept()

    def done(self, result: int) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
        super().done(result)
