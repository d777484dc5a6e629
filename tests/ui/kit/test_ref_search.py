"""RefSearch, the search-as-you-type picker: the lookup is asked once the typing pauses (not at
every key), its matches are offered as they are (pinyin initials match names that do not start
with the letters typed), a match picked with the keyboard sets the id and says so, and any text
that was not picked — typed on, cleared, blank, over-long — means no record. Pressing Enter to
pick does not also press the dialog's default button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from app.ui.kit.ref_search import LIMIT, RefSearch
from tests.ui.kit.keys import type_text

PEOPLE = {1: "张建国（第一网格党支部）", 2: "张建华（第二网格党支部）", 3: "李秀英（第一网格党支部）"}
INITIALS = {1: "zjg", 2: "zjh", 3: "lxy"}


class Roster:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, text: str) -> list[tuple[str, int]]:
        self.asked.append(text)
        return [(label, i) for i, label in PEOPLE.items() if text in label or INITIALS[i].startswith(text)] * 30


def picker_in_dialog(qtbot, roster: Roster) -> tuple[QDialog, RefSearch]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    picker = RefSearch(roster.lookup, PEOPLE.__getitem__, placeholder="输入姓名查找")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(picker)
    layout.addWidget(buttons)
    dialog.show()
    qtbot.waitExposed(dialog)
    picker.setFocus()
    return dialog, picker


def test_the_lookup_is_asked_once_the_typing_pauses(qtbot) -> None:
    roster = Roster()
    _dialog, picker = picker_in_dialog(qtbot, roster)
    qtbot.keyClicks(picker, "zj")
    assert roster.asked == []  # not at every key
    qtbot.waitUntil(lambda: roster.asked == ["zj"])
    assert picker.offered()[:2] == [PEOPLE[1], PEOPLE[2]] and len(picker.offered()) == LIMIT
    assert picker.completer().popup().isVisible()


def test_a_match_picked_with_the_keyboard_sets_the_id(qtbot) -> None:
    roster = Roster()
    dialog, picker = picker_in_dialog(qtbot, roster)
    chosen: list[int] = []
    picker.chosen.connect(chosen.append)
    qtbot.keyClicks(picker, "zjh")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert picker.value() is None  # typed, not picked
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == PEOPLE[2] and picker.value() == 2 and chosen == [2]
    assert dialog.isVisible() and not dialog.result()  # Enter picked; it did not press 确定
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)  # typed on: no longer the record picked
    assert picker.value() is None
    picker.set_value(1)
    assert picker.text() == PEOPLE[1] and picker.value() == 1 and chosen == [2]  # set, not picked
    picker.clear()
    assert picker.value() is None


def test_text_that_matches_nothing_or_is_not_worth_asking_gives_no_record(qtbot) -> None:
    roster = Roster()
    _dialog, picker = picker_in_dialog(qtbot, roster)
    for text in ("   ", "张" * 500, "'; drop table members;--", "王"):
        picker.clear()
        type_text(qtbot, picker, text)
        picker.refresh()  # what the pause in typing would do
        assert picker.offered() == [] and picker.value() is None, text[:20]
        assert not picker.completer().popup().isVisible()
    assert roster.asked == ["'; drop table members;--", "王"]  # blank and over-long text is not looked up
