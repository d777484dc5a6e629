"""Date entry as a clerk types it: the importer's spellings, exactly what was typed, empty
allowed, a Chinese reason for a bad date, and a calendar that opens near today."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from app.domain.kit.errors import ValidationError
from app.services.container import Services
from app.services.members.service import MemberQuery
from app.ui.kit.date_field import DateField
from app.ui.members.detail import EventDialog
from app.ui.members.dialog import MemberDialog
from tests.services.members.helpers import build_tree, member

VALID_ID = "11010519491231002X"  # a woman born 1949-12-31


@pytest.fixture
def field(qtbot) -> DateField:
    f = DateField(label="入党日期")
    qtbot.addWidget(f)
    f.show()
    return f


def type_in(qtbot, f: DateField, text: str) -> None:
    """Digits and separators as key presses; Chinese through the input method (insert)."""
    f.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(f, ch)
        else:
            f.insert(ch)
    qtbot.keyClick(f, Qt.Key.Key_Return)


def test_typing_2015_07_01_into_an_empty_member_date_saves_2015_07_01(qtbot, services: Services) -> None:
    """The old date box jumped to this year on the first digit: 2015-07-01 was saved as 2026-07-01."""
    tree = build_tree(services)
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widgets["name"].insert("李秀英")
    dialog.widgets["id_number"].setText(VALID_ID)
    dialog.widgets["id_number"].textEdited.emit(VALID_ID)
    joined, full = dialog.widgets["joined_on"], dialog.widgets["full_on"]
    assert isinstance(joined, DateField) and joined.text() == ""  # empty to begin with
    for widget, text in ((joined, "2015-07-01"), (full, "2016-07-01")):
        widget.setFocus()
        qtbot.keyClicks(widget, text)
    assert joined.text() == "2015-07-01"
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.members.get(dialog.result_row.id)
    assert (saved.joined_on, saved.full_on) == (dt.date(2015, 7, 1), dt.date(2016, 7, 1))


@pytest.mark.parametrize("text", ["1985.7.1", "1985-07-01", "19850701", "1985年7月1日", "1985/7/1", "1985.07.01",
                                  "１９８５年７月１日", " 1985-7-1 "])
def test_the_spellings_the_importer_reads(qtbot, field: DateField, text: str) -> None:
    type_in(qtbot, field, text)
    assert field.value() == dt.date(1985, 7, 1)
    assert field.text() == text  # exactly what was typed, not rewritten
    assert field.is_valid() and field.styleSheet() == ""


def test_it_may_stay_empty_unless_required(qtbot, field: DateField) -> None:
    type_in(qtbot, field, "")
    assert field.value() is None and field.is_valid()
    needed = DateField(label="撤销日期", required=True)
    qtbot.addWidget(needed)
    with pytest.raises(ValidationError, match="请填写撤销日期"):
        needed.value()


@pytest.mark.parametrize(("text", "reason"), [
    ("1985-02-30", "不是有效日期"),
    ("2015-13-01", "不是有效日期"),
    ("1985", "只有年份"),
    ("31118", "无法识别为日期"),  # the importer's Excel day number is not a typed date
    ("19857", "无法识别为日期"),
    ("1850-01-01", "年份太早"),
    ("明天", "无法识别为日期"),
    ("<b>1985</b>", "无法识别为日期"),
    ("1985-07-01; DROP TABLE members", "无法识别为日期"),
])
def test_a_bad_date_is_red_with_the_reason_and_never_saved_as_another(qtbot, field: DateField, text: str,
                                                                       reason: str) -> None:
    type_in(qtbot, field, text)
    assert field.text() == text
    assert reason in (field.problem() or "") and "入党日期" in (field.problem() or "")
    assert "#b00020" in field.styleSheet() and reason in field.toolTip()
    with pytest.raises(ValidationError) as caught:
        field.value()
    assert caught.value.field == "入党日期"
    field.textEdited.emit(field.text())  # typing again: no longer nagged while typing
    assert field.styleSheet() == ""


def test_a_bad_date_in_the_member_form_is_refused_with_its_reason(qtbot, services: Services) -> None:
    tree = build_tree(services)
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widgets["name"].insert("李秀英")
    dialog.widgets["id_number"].setText(VALID_ID)
    dialog.set_field("full_on", dt.date(1973, 7, 1))
    joined = dialog.widgets["joined_on"]
    assert isinstance(joined, DateField)
    joined.setText("1972-02-30")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "加入党组织日期" in dialog.error.text() and "不是有效日期" in dialog.error.text()
    assert dialog.focusWidget() is joined
    assert services.members.search_ids(MemberQuery(include_left=True)) == []
    found = dialog.check(every_field=True)  # the form's own check names it too
    assert any("不是有效日期" in p.message for p in found)


def test_the_calendar_opens_at_today_when_empty_and_at_the_value_otherwise(qtbot, field: DateField) -> None:
    calendar = field.open_calendar()
    assert calendar.selectedDate() == QDate.currentDate()  # not 1900
    calendar.parentWidget().close()
    field.setText("1985.7.1")
    calendar = field.open_calendar()
    assert calendar.selectedDate() == QDate(1985, 7, 1)
    with qtbot.waitSignal(field.committed):
        calendar.clicked.emit(QDate(1986, 3, 12))
    assert field.text() == "1986-03-12" and field.value() == dt.date(1986, 3, 12)
    field.setText("不是日期")
    assert field.open_calendar().selectedDate() == QDate.currentDate()


def test_f4_opens_the_calendar(qtbot, field: DateField) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F4)
    assert field.calendar is not None and field.calendar.isVisible()
    assert field.calendar_action.toolTip().startswith("在日历上选择")


def test_a_month_field_takes_a_year_and_month(qtbot) -> None:
    f = DateField(label="失联年月", month=True)
    qtbot.addWidget(f)
    for text in ("2024.3", "2024年3月", "2024-03", "202403", "2024-03-17"):
        f.setText(text)
        assert f.value() == dt.date(2024, 3, 1), text
    f.set_value(dt.date(2024, 3, 1))
    assert f.text() == "2024-03"


def test_an_event_date_cannot_be_in_the_future(qtbot, services: Services) -> None:
    tree = build_tree(services)
    row = services.members.create(member(tree.branch_a, "王五"))
    dialog = EventDialog(services.members, row)
    qtbot.addWidget(dialog)
    assert dialog.date.value() == dt.date.today()  # today to begin with
    dialog.kind.setCurrentText("失去联系")
    dialog.date.setText((dt.date.today() + dt.timedelta(days=3)).isoformat())
    dialog.save()
    assert not dialog.result() and "不能晚于" in dialog.error.text()
    assert dialog.date.open_calendar().maximumDate() == QDate.currentDate()
    assert services.members.get(row.id).lost_contact is False
