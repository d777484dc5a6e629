"""Small widgets shared by forms: the error line, the OK / Cancel row. (Dates: date_field.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget


class ErrorLine(QLabel):
    """A red line under a form that says what is wrong, instead of a pop-up. When it appears
    (or gets longer) the dialog grows to make room; the fields above keep their height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            grow_to_fit(self.window())


def grow_to_fit(window: QWidget) -> None:
    """Makes a shown dialog as tall as its contents need at its width (never smaller), instead
    of squeezing its rows; the width the user gave it stays."""
    layout = window.layout()
    if not isinstance(window, QDialog) or not window.isVisible() or layout is None:
        return
    layout.activate()
    width = window.width()
    need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if need > window.height():
        window.resize(width, need)


def dialog_buttons(dialog: QDialog, ok: str, on_ok=None, cancel: str = "取消") -> QDialogButtonBox:
    """The OK / Cancel row with Chinese words; OK runs ``on_ok`` (which accepts when done)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
