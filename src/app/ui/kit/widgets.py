"""Small widgets shared by forms: an optional date, a form with an error line."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QWidget

EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date field that may stay empty (shows "未填"); Delete or Backspace clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(EMPTY)
        self.setSpecialValueText("未填")
        self.setDate(EMPTY)

    def value(self) -> dt.date | None:
        d = self.date()
        if d == EMPTY:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else EMPTY)

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentSection() == self.sectionAt(0):
            self.setDate(EMPTY)
            return
        if self.date() == EMPTY and event.text().isdigit():
            self.setDate(QDate.currentDate())
        super().keyPressEvent(event)


class ErrorLine(QLabel):
    """A red line under a form that says what is wrong, instead of a pop-up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def dialog_buttons(dialog: QDialog, ok: str, on_ok=None, cancel: str = "取消") -> QDialogButtonBox:
    """The OK / Cancel row with Chinese words; OK runs ``on_ok`` (which accepts when done)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
