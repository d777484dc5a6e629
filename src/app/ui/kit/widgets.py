"""Small widgets shared by forms: the error line, the OK / Cancel row. (Dates: date_field.)"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget


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


def dialog_buttons(dialog: QDialog, ok: str, on_ok=None, cancel: str = "取消") -> QDialogButtonBox:  # type: ignore[no-untyped-def]
    """The OK / Cancel row with Chinese words; OK runs ``on_ok`` (which accepts when done)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
