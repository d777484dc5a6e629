"""A record picked by typing: a line whose drop-down lists the records that match what is typed
so far (``lookup(text) -> [(label, id)]``, asked again a moment after the typing pauses), for a
reference to a table too big for a drop-down of every record (the member roster).

The record is the one chosen from the list: ``value()`` is its id, or None while the text is
empty or was typed and never chosen; ``set_value(id)`` shows the record's label
(``label_of(id)``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

Lookup = Callable[[str], Sequence[tuple[str, int]]]
LabelOf = Callable[[int], str]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DELAY_MS = 200  # the pause in typing after which the list is asked again
LIMIT = 20  # matches offered at most
LONGEST = 50  # characters of typed text worth looking up; longer text matches no record


class RefSearch(QLineEdit):
    """``chosen(id)`` is emitted when the user picks a record from the list."""

    chosen = Signal(int)

    def __init__(self, lookup: Lookup, label_of: LabelOf, *, placeholder: str = "输入文字查找",
                 delay_ms: int = DELAY_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.label_of = label_of
        self._id: int | None = None
        self._label = ""  # the text the id goes with; any other text means no record
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.matches = QStandardItemModel(self)
        self.completer_ = QCompleter(self.matches, self)
        # The lookup has done the matching (pinyin initials, ID fragments): show its list as it is.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(LIMIT)
        self.completer_.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.setCompleter(self.completer_)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.refresh)
        self.textEdited.connect(self._edited)

    # ---- the list of matches -------------------------------------------------------------
    def _edited(self, _text: str) -> None:
        self._id, self._label = None, ""
        self.timer.start()

    def refresh(self) -> None:
        """Asks the lookup for what the text now matches and offers it (nothing for empty,
        blank or over-long text)."""
        self.timer.stop()
        text = self.text().strip()
        found = list(self.lookup(text))[:LIMIT] if text and len(text) <= LONGEST else []
        self.matches.clear()
        for label, record_id in found:
            item = QStandardItem(label)
            item.setData(record_id, ID_ROLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        if found and self.hasFocus():
            self.completer_.complete()
        else:
            self._hide_list()

    def offered(self) -> list[str]:
        """The labels the list offers now."""
        return [self.matches.item(r).text() for r in range(self.matches.rowCount())]

    def choose(self, row: int) -> None:
        """Picks the ``row``-th offered record, as a click on it does."""
        item = self.matches.item(row)
        self._take(item.data(ID_ROLE), item.text())

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id is not None:
            self._take(int(record_id), str(index.data(Qt.ItemDataRole.DisplayRole)))

    def _take(self, record_id: int, label: str) -> None:
        self.timer.stop()
        self.setText(label)
        self._id, self._label = record_id, label
        self._hide_list()
        self.chosen.emit(record_id)

    def _hide_list(self) -> None:
        popup = self.completer_.popup()
        if popup is not None:
            popup.hide()

    # ---- the value -----------------------------------------------------------------------
    def value(self) -> int | None:
        return self._id if self._id is not None and self.text() == self._label else None

    def set_value(self, record_id: int | None) -> None:
        self.timer.stop()
        self.matches.clear()
        if record_id is None:
            self._id, self._label = None, ""
            self.clear()
            return
        label = self.label_of(record_id)
        self.setText(label)
        self._id, self._label = record_id, label
