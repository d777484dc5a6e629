import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from app.domain.kit.idcard import make_id
from app.services.container import Services
from app.services.members.service import MemberQuery
from app.ui.kit.changes import ChangeBus
from app.ui.members.dialog import MemberDialog
from app.ui.members.tab import MemberTab
from tests.services.members.helpers import build_tree, member

VALID_ID = "11010519491231002X"  # a woman born 1949-12-31


@pytest.fixture
def tree(services: Services):
    t = build_tree(services)
    services.settings.set("office_org_id", t.county)
    return t


def all_members(services: Services) -> list:
    ids = services.members.search_ids(MemberQuery(include_left=True))
    return services.members.rows(ids)


def fill_required(dialog: MemberDialog, number: str = VALID_ID) -> None:
    dialog.widgets["name"].insert("李秀英")  # Chinese arrives through the input method
    dialog.widgets["id_number"].setText(number)
    dialog.widgets["id_number"].textEdited.emit(number)  # as typed by the user
    dialog.set_field("joined_on", dt.date(1972, 7, 1))
    dialog.set_field("full_on", dt.date(1973, 7, 1))


def test_add_a_member_through_the_dialog(qtbot, services: Services, tree) -> None:
    tab = MemberTab(services.members, services.orgs, services.settings, ChangeBus(services.hub))
    qtbot.addWidget(tab)
    tab.show()
    tab.select_org(tree.branch_a)
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tab.scope_id(), parent=tab)
    qtbot.addWidget(dialog)
    assert dialog.field_value("org_id") == tree.branch_a  # the chosen organisation is offered
    fill_required(dialog)
    assert dialog.field_value("sex") == "女"  # from the ID number
    assert dialog.field_value("birth_date") == dt.date(1949, 12, 31)
    dialog.set_field("category", "离退休党员")
    dialog.set_field("post", "退休人员")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.members.get(dialog.result_row.id)
    assert (saved.name, saved.id_number, saved.org_id, saved.management) == ("李秀英", VALID_ID, tree.branch_a, "托管")
    assert tab.count_label.text() == "共 1 人"  # the tab refreshed on the change notice


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [({"id_number": "110105194912310021"}, "id_number", "校验"),  # bad check character
     ({"member_type": "预备党员"}, "full_on", "预备党员尚未转正"),
     ({"org_id": None}, "org_id", "所在党组织")],
)
def test_refused_input_shows_the_message_and_writes_nothing(qtbot, services: Services, tree, change, field,
                                                            message) -> None:
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_required(dialog)
    for key, value in change.items():
        dialog.set_field(key, value)
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert message in dialog.error.text()
    assert dialog.error.isVisible()
    assert dialog.focusWidget() is dialog.widgets[field]  # the field the message names
    assert dialog.widgets["name"].text() == "李秀英"  # the user's input stays
    assert all_members(services) == []


def test_duplicate_id_number_is_refused(qtbot, services: Services, tree) -> None:
    first = services.members.create(member(tree.branch_b, "王芳", sex="女"))
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a)
    qtbot.addWidget(dialog)
    fill_required(dialog, first.id_number)
    dialog.set_field("joined_on", dt.date(2005, 7, 1))
    dialog.set_field("full_on", dt.date(2006, 7, 1))
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "已登记为党员“王芳”" in dialog.error.text()
    assert [m.name for m in all_members(services)] == ["王芳"]


def test_leaving_a_field_checks_it_at_once(qtbot, services: Services, tree) -> None:
    dialog = MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.widgets["name"].insert("李秀英")
    dialog.widgets["id_number"].setFocus()
    dialog.widgets["id_number"].setText("110105194912310021")
    dialog.widgets["address"].setFocus()  # leaving the field
    assert "校验位不对" in dialog.error.text()
    assert "加入党组织日期" not in dialog.error.text()  # fields not reached yet are not nagged about
    assert "#b00020" in dialog.labels["id_number"].styleSheet()


def test_edit_keeps_masked_numbers_and_changes_other_fields(qtbot, services: Services, tree) -> None:
    row = services.members.create(member(tree.branch_a, "李四", phone="13712345678"))
    dialog = MemberDialog(services.members, services.orgs, row=row, reveal=False)
    qtbot.addWidget(dialog)
    assert dialog.widgets["id_number"].text() == row.id_number[:3] + "*" * 11 + row.id_number[-4:]
    assert dialog.widgets["phone"].text() == "137****5678"
    dialog.widgets["work_unit"].insert("县医院")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.members.get(row.id)
    assert (saved.id_number, saved.phone, saved.work_unit) == (row.id_number, "13712345678", "县医院")


def test_edit_with_full_numbers_allows_correcting_them(qtbot, services: Services, tree) -> None:
    row = services.members.create(member(tree.branch_a, "李四", born=dt.date(1980, 5, 6)))
    other = make_id("110105", dt.date(1980, 5, 6), "男", sequence=7)
    dialog = MemberDialog(services.members, services.orgs, row=row, reveal=True)
    qtbot.addWidget(dialog)
    assert dialog.widgets["id_number"].text() == row.id_number
    dialog.widgets["id_number"].setText(other)
    dialog.save()
    assert services.members.get(row.id).id_number == other
