"""Dialogs every record tab uses: a record's form built from its spec (新增/修改), and the small
dialog each step asks (a date, a reason, a choice, an amount)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError, ValidationError
from app.domain.kit.fields import Field
from app.ui.kit.date_field import DateField
from app.ui.kit.ref_search import LabelOf, Lookup
from app.ui.kit.spec_form import SpecForm
from app.ui.kit.widgets import ErrorLine, dialog_buttons


class RecordDialog(QDialog):
    """新增/修改 a record: ``make(values) -> input`` builds the input dataclass from the form,
    ``save(input) -> row`` writes it through the service; a refusal is shown under the form and
    the field it names is marked. ``result_row`` holds the saved row. ``refs``, ``suggestions``
    and ``lookups`` go to the form (see SpecForm)."""

    def __init__(self, title: str, form_fields: Sequence[Field], input_type: type, save: Callable[[Any], Any], *,
                 values: Mapping[str, Any] | None = None, refs: Mapping[str, Sequence[tuple[str, int]]] | None = None,
                 suggestions: Mapping[str, Sequence[str]] | None = None,
                 lookups: Mapping[str, tuple[Lookup, LabelOf]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(34 * self.fontMetrics().horizontalAdvance("中"))
        self.input_type = input_type
        self.save_fn = save
        self.result_row: Any = None
        self.form = SpecForm(form_fields, refs=refs, suggestions=suggestions, lookups=lookups)
        if values:
            self.form.set_values(values)
        self.error = ErrorLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "保存", self.save))

    def data(self) -> Any:
        values, unreadable = self.form.values()
        if unreadable:
            raise unreadable[0]
        names = {f.name for f in fields(self.input_type)}
        return self.input_type(**{k: v for k, v in values.items() if k in names})

    def save(self) -> None:
        try:
            self.result_row = self.save_fn(self.data())
        except AppError as exc:
            self.error.show_message(exc.message)
            self.form.mark({exc.field})
            return
        self.accept()


def input_values(row: Any, input_type: type) -> dict[str, Any]:
    """The fields of ``row`` an input of ``input_type`` has (to fill a form from a row)."""
    names = {f.name for f in fields(input_type)}
    return {k: v for k, v in asdict(row).items() if k in names}


class StepDialog(QDialog):
    """One step of a record (签订, 终止, 迁出, 认领, 完成, 取消 …): a date (today by default) and
    what else the step needs; ``run(values)`` does it through the service."""

    def __init__(self, title: str, run: Callable[[dict[str, Any]], Any], *, date_label: str = "日期",
                 text_label: str = "", choices: Sequence[tuple[str, Any]] = (), choice_label: str = "",
                 number_label: str = "", long_text: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.run_fn = run
        self.result_row: Any = None
        form = QFormLayout()
        self.date = DateField(label=date_label, required=True)
        self.date.set_value(dt.date.today())
        form.addRow(date_label, self.date)
        self.choice: QComboBox | None = None
        if choice_label:
            self.choice = QComboBox()
            self.choice.setObjectName("choice")
            self.choice.addItem("（请选择）", None)
            for label, value in choices:
                self.choice.addItem(label, value)
            self.choice.setMaxVisibleItems(20)
            form.addRow(choice_label, self.choice)
        self.text: QLineEdit | QPlainTextEdit | None = None
        if text_label:
            self.text = QPlainTextEdit() if long_text else QLineEdit()
            self.text.setObjectName("text")
            form.addRow(text_label, self.text)
        self.number: QLineEdit | None = None
        if number_label:
            self.number = QLineEdit()
            self.number.setObjectName("number")
            form.addRow(number_label, self.number)
        self.error = ErrorLine()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "确定", self.confirm))

    def values(self) -> dict[str, Any]:
        day = self.date.value()
        if day is None:
            raise ValidationError("请填写日期", field="日期")
        out: dict[str, Any] = {"date": day}
        if self.choice is not None:
            out["choice"] = self.choice.currentData()
        if self.text is not None:
            out["text"] = self.text.toPlainText() if isinstance(self.text, QPlainTextEdit) else self.text.text()
        if self.number is not None:
            out["number"] = self.number.text()
        return out

    def confirm(self) -> None:
        try:
            self.result_row = self.run_fn(self.values())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
