"""用户管理: an administrator adds, changes, stops and unlocks accounts; refusals show in red."""

from __future__ import annotations

import pytest

from app.domain.access.permissions import Role
from app.domain.kit.errors import PermissionDenied
from app.services.access.setup import init_office
from app.services.container import Services
from app.ui.access.users_dialog import UsersDialog

PASSWORD = "Heping2026"
LISI = "Dangwu-2026a"


@pytest.fixture
def office(services: Services) -> Services:
    init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.act_as(services.auth.login("admin", PASSWORD))
    return services


def cell(dialog: UsersDialog, username: str, column: str) -> str:
    col = ("用户名", "姓名", "角色", "状态", "最近登录").index(column)
    for i in range(dialog.table.rowCount()):
        if dialog.table.item(i, 0).text() == username:
            return dialog.table.item(i, col).text()
    raise AssertionError(f"{username} not listed")


def add_lisi(dialog: UsersDialog, again: str = LISI) -> None:
    dialog.add_name.setText("lisi")
    dialog.add_display.setText("李四")
    dialog.add_role.setCurrentIndex(dialog.add_role.findData(Role.WORKER.value))
    dialog.add_password.setText(LISI)
    dialog.add_again.setText(again)
    dialog.add_button.click()


def test_adding_a_party_worker(qtbot, office: Services) -> None:
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    assert cell(dialog, "admin", "角色") == "管理员" and "当前登录" in cell(dialog, "admin", "最近登录")

    add_lisi(dialog, again="Dangwu-2026b")
    assert dialog.error.isVisibleTo(dialog) and "两次输入的初始密码不一致" in dialog.error.text()
    assert dialog.table.rowCount() == 1

    dialog.add_password.setText("short")
    dialog.add_again.setText("short")
    dialog.add_button.click()
    assert "密码太短" in dialog.error.text() and dialog.table.rowCount() == 1

    add_lisi(dialog)
    assert not dialog.error.isVisibleTo(dialog)
    assert "已新增用户 李四（lisi），角色：党务工作者" in dialog.notice.text()
    assert (cell(dialog, "lisi", "姓名"), cell(dialog, "lisi", "角色"), cell(dialog, "lisi", "状态"),
            cell(dialog, "lisi", "最近登录")) == ("李四", "党务工作者", "正常", "从未登录")
    assert dialog.current() is not None and dialog.current().username == "lisi"
    assert dialog.add_name.text() == "" and dialog.add_password.text() == ""
    assert office.auth.login("lisi", LISI).role == Role.WORKER

    add_lisi(dialog)  # the same name again
    assert "已有名为“lisi”的用户" in dialog.error.text()


def test_change_role_and_deactivate_then_login_is_refused(qtbot, office: Services) -> None:
    office.auth.add_user("lisi", Role.WORKER, LISI, "李四")
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    dialog.select_user("lisi")
    assert dialog.role.currentData() == Role.WORKER.value and not dialog.reactivate_button.isEnabled()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.VIEWER.value))
    dialog.role_button.click()
    assert cell(dialog, "lisi", "角色") == "查看" and "改为 查看" in dialog.notice.text()
    assert office.auth.get_user("lisi").role is Role.VIEWER

    dialog.deactivate_button.click()
    assert cell(dialog, "lisi", "状态") == "已停用"
    assert dialog.reactivate_button.isEnabled() and not dialog.deactivate_button.isEnabled()
    with pytest.raises(PermissionDenied, match="已停用"):
        office.auth.login("lisi", LISI)

    dialog.reactivate_button.click()
    assert cell(dialog, "lisi", "状态") == "正常"
    assert office.auth.login("lisi", LISI).name == "lisi"
    actions = [r.action for r in office.audit.recent(6)]
    assert {"修改用户", "停用用户", "启用用户"} <= set(actions)


def test_unlocking_a_locked_account_and_resetting_its_password(qtbot, office: Services) -> None:
    office.auth.add_user("lisi", Role.WORKER, LISI)
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            office.auth.login("lisi", "wrong-pass-1")
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    assert cell(dialog, "lisi", "状态") == "已锁定"
    dialog.select_user("lisi")
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert cell(dialog, "lisi", "状态") == "正常" and "已解除" in dialog.notice.text()
    assert office.auth.login("lisi", LISI).name == "lisi"

    dialog.select_user("lisi")
    dialog.new_password.setText("Xinmima-2026")
    dialog.new_again.setText("Xinmima-2027")
    dialog.reset_button.click()
    assert "不一致" in dialog.error.text()
    dialog.new_again.setText("Xinmima-2026")
    dialog.reset_button.click()
    assert "已重设" in dialog.notice.text() and not dialog.error.isVisibleTo(dialog)
    assert office.auth.login("lisi", "Xinmima-2026").name == "lisi"


def test_the_last_administrator_cannot_be_removed(qtbot, office: Services) -> None:
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    dialog.select_user("admin")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.VIEWER.value))
    dialog.role_button.click()
    assert "至少要保留一个启用的管理员账户" in dialog.error.text()
    assert cell(dialog, "admin", "角色") == "管理员"
    assert office.auth.get_user("admin").role is Role.ADMIN
    dialog.deactivate_button.click()
    assert "不能停用自己正在使用的账户" in dialog.error.text()
    assert cell(dialog, "admin", "状态") == "正常"


def test_a_worker_is_told_they_may_not_manage_users(qtbot, office: Services) -> None:
    office.auth.add_user("lisi", Role.WORKER, LISI)
    office.act_as(office.auth.login("lisi", LISI))
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "没有“管理用户”的权限" in dialog.error.text()
    assert not dialog.add_button.isEnabled()
