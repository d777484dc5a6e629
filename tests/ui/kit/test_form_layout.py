"""A red error line under a form makes the dialog taller; it never squeezes the fields above.
The login and first-start fields stand in one column."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QVBoxLayout, QWidget

from app.services.access.setup import init_office
from app.services.container import Services
from app.ui.kit.widgets import ErrorLine
from tests.services.members.helpers import build_tree, member

LONG = ("用户名或密码不对，还可以再试4次；连续输错5次，账户锁定15分钟。\n"
        "第二行：联系电话格式不对，应为手机11位或带区号的固定电话，请核对后重新填写。\n"
        "第三行：届满日期不能早于换届日期。")


def _dialogs(services: Services) -> dict[str, Callable[[], QDialog]]:
    from app.ui.access.login import ChangePasswordDialog, CreateAdminDialog, LoginDialog
    from app.ui.access.wizard import FirstStartDialog
    from app.ui.members.detail import EventDialog
    from app.ui.members.dialog import MemberDialog
    from app.ui.members.printing import SigninDialog
    from app.ui.orgs.dialogs import CloseDialog, OrgDialog

    tree = build_tree(services)
    person = services.members.create(member(tree.branch_a, "李四"))
    branch = services.orgs.get(tree.branch_b)
    return {
        "wizard": lambda: FirstStartDialog(services), "login": lambda: LoginDialog(services),
        "admin": lambda: CreateAdminDialog(services), "password": lambda: ChangePasswordDialog(services),
        "org": lambda: OrgDialog(services.orgs, parent_row=branch), "close": lambda: CloseDialog(services.orgs, branch),
        "member": lambda: MemberDialog(services.members, services.orgs, default_org_id=tree.branch_a),
        "event": lambda: EventDialog(services.members, person),
        "signin": lambda: SigninDialog(services.members, services.orgs, tree.branch_a),
    }


def _fields(dialog: QWidget) -> list[QWidget]:
    return [w for w in dialog.findChildren(QLineEdit) + dialog.findChildren(QComboBox)
            if w.isVisible() and not isinstance(w.parentWidget(), QComboBox)]


@pytest.mark.parametrize("name", ["wizard", "login", "admin", "password", "org", "close", "member", "event",
                                  "signin"])
def test_an_error_line_makes_the_dialog_taller_not_the_fields_smaller(qtbot, services: Services, name: str) -> None:
    dialog = _dialogs(services)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    error = dialog.findChild(ErrorLine)
    error.show_message(LONG)
    qtbot.wait(1)
    squeezed = [(w.objectName() or type(w).__name__, w.height(), w.sizeHint().height()) for w in _fields(dialog)
                if w.height() < w.sizeHint().height()]
    assert squeezed == []
    assert error.height() >= error.heightForWidth(error.width())  # all three lines show
    assert dialog.height() >= before
    error.show_message(LONG + "\n第四行")  # a longer message again: taller again
    qtbot.wait(1)
    assert error.height() >= error.heightForWidth(error.width())


def test_an_error_line_in_a_tab_leaves_the_main_window_alone(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    box.addWidget(QLineEdit())
    error = ErrorLine()
    box.addWidget(error)
    window.resize(400, 120)
    window.show()
    error.show_message(LONG)
    assert (window.width(), window.height()) == (400, 120)


def _lefts(dialog: QWidget, widgets: list[QWidget]) -> set[int]:
    return {w.mapTo(dialog, w.rect().topLeft()).x() for w in widgets}


def test_the_first_start_fields_stand_in_one_column(qtbot, services: Services) -> None:
    from app.ui.access.wizard import FirstStartDialog

    dialog = FirstStartDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = [dialog.name, dialog.level, dialog.admin.user, dialog.admin.password, dialog.admin.again]
    assert len(_lefts(dialog, fields)) == 1
    assert len({w.width() for w in fields}) == 1
    dialog.demo.setChecked(True)  # choosing the demonstration greys the office's fields out
    assert not any(w.isEnabled() for w in fields)


def test_the_login_and_new_admin_fields_stand_in_one_column(qtbot, services: Services) -> None:
    from app.ui.access.login import CreateAdminDialog, LoginDialog

    admin = CreateAdminDialog(services)
    qtbot.addWidget(admin)
    admin.show()
    assert len(_lefts(admin, [admin.fields.user, admin.fields.password, admin.fields.again])) == 1
    init_office(services, "和平社区党委", "社区党委", admin=("admin", "Heping2026"))
    login = LoginDialog(services)
    qtbot.addWidget(login)
    login.show()
    assert len(_lefts(login, [login.user, login.password])) == 1
    assert login.user.width() == login.password.width()
