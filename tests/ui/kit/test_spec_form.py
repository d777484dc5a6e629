"""SpecForm's editable drop-down for a text field with suggestions: the suggestions (after the
field's own choices) are offered, typing lists those that contain what is typed without
completing it in place, any other text may be typed or set and is kept as typed; and its
search-as-you-type line for a reference with a lookup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from app.domain.kit.fields import Field, Kind
from app.ui.kit.ref_search import RefSearch
from app.ui.kit.spec_form import SpecForm
from tests.ui.kit.keys import type_text

PLACES = ["和平社区党群服务中心", "医院党员活动室"]
FIELDS = (Field("place", "地点"), Field("post", "职务", choices=("书记", "委员")), Field("note", "说明"),
          Field("room", "会议室"), Field("member_id", "党员", Kind.REF, ref="member"))


def make_form(qtbot, **kwargs: object) -> SpecForm:
    form = SpecForm(FIELDS, suggestions={"place": PLACES, "post": ["副书记", "书记", " "], "room": []},
                    **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_text_field_with_suggestions_is_an_editable_drop_down(qtbot) -> None:
    form = make_form(qtbot)
    place, post = form.widgets["place"], form.widgets["post"]
    assert isinstance(place, QComboBox) and place.isEditable()
    assert place.insertPolicy() is QComboBox.InsertPolicy.NoInsert
    assert items(place) == ["", *PLACES]
    assert isinstance(post, QComboBox) and items(post) == ["", "书记", "委员", "副书记"]  # choices first, once
    room = form.widgets["room"]
    assert isinstance(room, QComboBox) and room.isEditable() and items(room) == [""]  # named, nothing to offer yet
    assert type(form.widgets["note"]) is QLineEdit  # not named: a plain line
    assert isinstance(form.widgets["member_id"], QComboBox)  # a reference without a lookup: the drop-down


def test_typed_text_is_kept_as_typed(qtbot) -> None:
    form = make_form(qtbot)
    place = form.widgets["place"]
    assert isinstance(place, QComboBox)
    place.setFocus()
    type_text(qtbot, place.lineEdit(), "和平")  # the start of a suggestion: not completed in place
    assert form.value("place") == "和平"
    type_text(qtbot, place.lineEdit(), "路口广场")
    qtbot.keyClick(place.lineEdit(), Qt.Key.Key_Return)
    assert form.value("place") == "和平路口广场" and items(place) == ["", *PLACES]  # not added to the list


def test_typing_offers_the_suggestions_that_contain_it_and_one_is_chosen(qtbot) -> None:
    form = make_form(qtbot)
    place = form.widgets["place"]
    assert isinstance(place, QComboBox)
    place.setFocus()
    type_text(qtbot, place.lineEdit(), "党员")
    completer = place.completer()
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    offered = completer.completionModel()
    assert [offered.index(r, 0).data() for r in range(offered.rowCount())] == ["医院党员活动室"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.value("place") == "医院党员活动室"
    place.setCurrentIndex(1)  # picked from the drop-down
    assert form.value("place") == "和平社区党群服务中心"


def test_set_value_of_a_text_not_offered_shows_it_as_typed(qtbot) -> None:
    form = make_form(qtbot)
    place = form.widgets["place"]
    assert isinstance(place, QComboBox)
    form.set_value("place", "居委会二楼会议室")
    assert place.currentText() == "居委会二楼会议室" and form.value("place") == "居委会二楼会议室"
    assert items(place) == ["", *PLACES]
    form.set_value("place", "医院党员活动室")
    assert place.currentIndex() == 2 and form.value("place") == "医院党员活动室"
    form.set_value("place", None)
    assert form.value("place") == ""
    form.set_values({"place": "  社区广场 "})
    assert form.values()[0]["place"] == "社区广场"  # the form trims, as for every text


def test_a_reference_with_a_lookup_is_searched_as_typed(qtbot) -> None:
    people = {7: "张建国（第一网格党支部）", 8: "张建华（第二网格党支部）"}

    def lookup(text: str) -> list[tuple[str, int]]:
        return [(label, i) for i, label in people.items() if text in label]

    form = make_form(qtbot, lookups={"member_id": (lookup, people.__getitem__)})
    picker = form.widgets["member_id"]
    assert isinstance(picker, RefSearch) and picker.objectName() == "member_id"
    form.set_value("member_id", 8)
    assert picker.text() == "张建华（第二网格党支部）" and form.value("member_id") == 8
    form.set_value("member_id", None)
    assert picker.text() == "" and form.value("member_id") is None
    picker.setFocus()
    type_text(qtbot, picker, "建国")
    qtbot.waitUntil(lambda: picker.offered() == ["张建国（第一网格党支部）"])
    picker.choose(0)
    assert form.values()[0]["member_id"] == 7
