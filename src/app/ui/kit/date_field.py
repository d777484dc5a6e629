"""A date field that takes a date the way a clerk writes it.

1985.7.1, 1985-07-01, 1985/7/1, 19850701, 1985年7月1日 (and full-width digits) are read the way the
Excel importer reads them (app.domain.kit.dates). What was typed stays exactly as typed; the field
may stay empty; a date that cannot be read turns the field red with the reason in Chinese, and
value() refuses it instead of saving something else. The 日历 button opens a calendar at the
field's date, or at today when it is empty.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from app.domain.kit.dates import parse_date, parse_month
from app.domain.kit.errors import ValidationError
from app.domain.kit.text import normalize_digits

INVALID_STYLE = "QLineEdit { color: #b00020; border: 1px solid #b00020; }"
EARLIEST = QDate(1900, 1, 1)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def calendar_icon(size: int = 32) -> QIcon:
    """A small calendar page, drawn (no image file needed)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    page = QRect(round(2 * unit), round(3 * unit), round(12 * unit), round(11 * unit))
    p.setPen(QPen(QColor("#555555"), max(1.0, unit)))
    p.setBrush(QColor("white"))
    p.drawRoundedRect(page, unit, unit)
    p.fillRect(QRect(page.left(), page.top(), page.width() + 1, round(3 * unit)), QColor("#b71c1c"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#555555"))
    for row in range(2):
        for col in range(3):
            p.drawRect(QRect(round((4 + col * 3.3) * unit), round((8 + row * 3) * unit), round(2 * unit),
                             round(2 * unit)))
    p.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """``value()`` is the date (None when empty); ``month=True`` for a year and month (失联年月);
    ``latest``: no date after it (an event today or earlier)."""

    committed = Signal()  # the user finished typing (or chose in the calendar): look at value()

    def __init__(self, parent: QWidget | None = None, *, label: str = "日期", month: bool = False,
                 required: bool = False, latest: dt.date | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.month = month
        self.required = required
        self.latest = latest
        self._plain_tip = ""
        self.setPlaceholderText("如 1985-07 或 1985年7月" if month else "如 1985-07-01 或 1985.7.1")
        self.setClearButtonEnabled(not required)
        self.calendar_action = QAction(calendar_icon(), "日历", self)
        self.calendar_action.setToolTip("在日历上选择（F4 或 Alt+↓）")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None
        self.textEdited.connect(lambda _t: self._mark(None))
        self.editingFinished.connect(self._finished)

    # ---- value ---------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        """The date typed; None when empty. Raises ValidationError (naming the field) when
        the text is not a date, or a required field is empty."""
        text = normalize_digits(self.text()).strip()
        if not text:
            if self.required:
                raise ValidationError(f"请填写{self.label}", field=self.label)
            return None
        if text.isdigit() and len(text) not in (4, 6, 8):  # 31118 would be read as an Excel day number
            raise ValidationError(f"{self.label}“{text}”无法识别为日期，请写成 1985-07-01、1985.7.1 或 19850701",
                                  field=self.label)
        day = parse_month(text, self.label) if self.month else parse_date(text, self.label)
        if day is not None and self.latest is not None and day > self.latest:
            raise ValidationError(f"{self.label}不能晚于{self.latest.isoformat()}", field=self.label)
        return day

    def set_value(self, value: dt.date | None) -> None:
        self.setText("" if value is None else (f"{value:%Y-%m}" if self.month else value.isoformat()))
        self._mark(None)

    def problem(self) -> str | None:
        """What is wrong with the text, in Chinese; None when it is a date or empty."""
        try:
            self.value()
        except ValidationError as exc:
            return exc.message
        return None

    def is_valid(self) -> bool:
        return self.problem() is None

    def _finished(self) -> None:
        self._mark(self.problem() if self.text().strip() else None)
        self.committed.emit()

    def _mark(self, problem: str | None) -> None:
        """Red with the reason as its tooltip while the text is not a date."""
        self.setStyleSheet(INVALID_STYLE if problem else "")
        super().setToolTip(problem or self._plain_tip)

    def setToolTip(self, text: str) -> None:  # the field's own help, shown when nothing is wrong
        self._plain_tip = text
        if self.is_valid():
            super().setToolTip(text)

    # ---- the calendar --------------------------------------------------------------------
    def start_date(self) -> QDate:
        """Where the calendar opens: at the field's date, else today (or ``latest``)."""
        try:
            day = self.value()
        except ValidationError:
            day = None
        return _qdate(day or min(dt.date.today(), self.latest or dt.date.max))

    def open_calendar(self) -> QCalendarWidget:
        popup = QWidget(self, Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar = QCalendarWidget(popup)
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
        calendar.setMinimumSize(calendar.fontMetrics().horizontalAdvance("周三") * 9,
                                calendar.fontMetrics().height() * 11)
        calendar.setMinimumDate(EARLIEST)
        if self.latest is not None:
            calendar.setMaximumDate(_qdate(self.latest))
        calendar.setSelectedDate(self.start_date())
        calendar.clicked.connect(lambda d: self._chosen(d, popup))
        calendar.activated.connect(lambda d: self._chosen(d, popup))
        box = QVBoxLayout(popup)
        box.setContentsMargins(1, 1, 1, 1)
        box.addWidget(calendar)
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        calendar.setFocus()
        self.calendar = calendar
        return calendar

    def _chosen(self, day: QDate, popup: QWidget) -> None:
        self.set_value(dt.date(day.year(), day.month(), day.day()))
        self.calendar = None
        popup.close()
        self.setFocus()
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)
