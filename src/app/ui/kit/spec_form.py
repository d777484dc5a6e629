"""A form built from a record's field declarations (app.domain.kit.fields): one editor per
field, in the spec's order and form groups, with the label, help, required mark and choices the
declaration gives. The form hands back raw values keyed by field (the service cleans and checks
them, so the rules live in one place) and marks the fields a problem names.

Editors by kind: a line (text, phone, codes, whole numbers), a box of lines (long text), a date
field that reads dates as clerks write them, a yes/no check box, a drop-down for choices, an
editable drop-down for a text field with choices or ``suggestions`` (field key → [text]: offered,
any other text may still be typed), a drop-down of records for an organisation or another record
(``refs``: field key → [(text, id)]), and for a reference to a big table a line that looks the
record up as the user types (``lookups``: field key → (lookup, label_of), see ref_search).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind
from app.ui.kit.date_field import DateField
from app.ui.kit.ref_search import LabelOf, Lookup, RefSearch

INVALID_STYLE = "color: #b00020;"
NONE_TEXT = "（请选择）"
PLACE_HINT = "选择阵地，或直接填写地点"  # a place offered from the sites, or typed


class SpecForm(QWidget):
    def __init__(self, fields: Sequence[Field], *, refs: Mapping[str, Sequence[tuple[str, int]]] | None = None,
                 suggestions: Mapping[str, Sequence[str]] | None = None,
                 lookups: Mapping[str, tuple[Lookup, LabelOf]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = {f.key: f for f in fields}
        self.refs = dict(refs or {})
        self.suggestions = dict(suggestions or {})
        self.lookups = dict(lookups or {})
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        groups: dict[str, QFormLayout] = {}
        for f in fields:
            form = groups.get(f.group)
            if form is None:
                box = QGroupBox(f.group) if f.group else QWidget()
                form = QFormLayout(box)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                groups[f.group] = form
                layout.addWidget(box)
            label, widget = self._editor(f)
            form.addRow(label, widget)

    def _editor(self, f: Field) -> tuple[QLabel, QWidget]:
        widget: QWidget
        offered = self._offered(f)
        if f.kind in (Kind.ORG, Kind.REF) and f.key in self.lookups:
            lookup, label_of = self.lookups[f.key]
            widget = RefSearch(lookup, label_of, placeholder=f.placeholder or "输入文字查找")
        elif f.kind in (Kind.ORG, Kind.REF):
            combo = QComboBox()
            combo.addItem(NONE_TEXT, None)
            for text, record_id in self.refs.get(f.key, ()):
                combo.addItem(text, record_id)
            combo.setMaxVisibleItems(20)
            widget = combo
        elif f.kind is Kind.CHOICE or offered or (f.kind is Kind.TEXT and f.key in self.suggestions):
            combo = QComboBox()
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItem("")
            combo.addItems(list(f.choices) if f.kind is Kind.CHOICE else offered)
            combo.setMaxVisibleItems(20)
            if f.kind is Kind.TEXT:
                combo.setEditable(True)
                line = combo.lineEdit()
                if line is not None:
                    line.setPlaceholderText(f.placeholder)
                # Typing lists the offered texts that contain it, and never completes the text
                # in place: what was typed stays as typed unless an offer is picked.
                completer = combo.completer()
                if completer is not None:
                    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
                    completer.setFilterMode(Qt.MatchFlag.MatchContains)
            widget = combo
        elif f.kind in (Kind.DATE, Kind.MONTH):
            widget = DateField(label=f.label, month=f.kind is Kind.MONTH)
        elif f.kind is Kind.BOOL:
            widget = QCheckBox("是")
        elif f.kind is Kind.LONG_TEXT:
            plain = QPlainTextEdit()
            plain.setTabChangesFocus(True)
            plain.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
            widget = plain
        else:
            line = QLineEdit()
            line.setPlaceholderText(f.placeholder)
            if f.max_length:
                line.setMaxLength(f.max_length + 20)  # over-long text is refused with a message
            widget = line
        if f.help:
            widget.setToolTip(f.help)
        widget.setObjectName(f.key)
        label = QLabel(f.label + (" *" if f.required else ""))
        label.setBuddy(widget)
        self.widgets[f.key] = widget
        self.labels[f.key] = label
        return label, widget

    def _offered(self, f: Field) -> list[str]:
        """A text field's choices and suggestions, each once, in order (blank ones left out)."""
        if f.kind is not Kind.TEXT:
            return []
        out: list[str] = []
        for text in (*f.choices, *self.suggestions.get(f.key, ())):
            if text.strip() and text not in out:
                out.append(text)
        return out

    # ---- values --------------------------------------------------------------------------
    def value(self, key: str) -> Any:
        """The raw value of one field (a DateField raises ValidationError for a date it cannot read)."""
        w, f = self.widgets[key], self.fields[key]
        if isinstance(w, RefSearch):
            return w.value()
        if isinstance(w, QComboBox):
            return w.currentData() if f.kind in (Kind.ORG, Kind.REF) else w.currentText().strip()
        if isinstance(w, DateField):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        text = w.text()
        return (text.strip() or None) if f.kind is Kind.INT else text

    def set_value(self, key: str, value: Any) -> None:
        w, f = self.widgets[key], self.fields[key]
        if isinstance(w, RefSearch):
            w.set_value(None if value in (None, "") else int(value))
        elif isinstance(w, QComboBox):
            if f.kind in (Kind.ORG, Kind.REF):
                w.setCurrentIndex(max(w.findData(value), 0) if value is not None else 0)
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
            w.setText("" if value is None else str(value))

    def values(self) -> tuple[dict[str, Any], list[ValidationError]]:
        """Every field's raw value, and the fields that cannot be read (left None)."""
        out: dict[str, Any] = {}
        unreadable: list[ValidationError] = []
        for key in self.widgets:
            try:
                out[key] = self.value(key)
            except ValidationError as exc:
                out[key] = None
                unreadable.append(ValidationError(exc.message, field=key))
        return out, unreadable

    def set_values(self, values: Mapping[str, Any]) -> None:
        for key, value in values.items():
            if key in self.widgets:
                self.set_value(key, value)

    def set_placeholder(self, key: str, text: str) -> None:
        """The grey hint in a line or an editable drop-down's line (e.g. 选择阵地，或直接填写地点)."""
        widget = self.widgets.get(key)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(line, QLineEdit):
            line.setPlaceholderText(text)

    def mark(self, keys: set[str | None]) -> None:
        """Labels of the fields a problem names in red; the first of them gets the focus."""
        first = None
        for key, label in self.labels.items():
            bad = key in keys
            label.setStyleSheet(INVALID_STYLE if bad else "")
            if bad and first is None:
                first = key
        if first is not None:
            self.widgets[first].setFocus()
