"""Login, the idle lock, tabs by role, backups and restore, the damaged-database rescue."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from app.domain.orgs.rules import OrgType
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput
from app.ui.access.idle_lock import Cover, IdleLock
from app.ui.access.login import LoginDialog
from app.ui.controller import GuiController
from app.ui.main_window import MainWindow
from app.ui.safety.backup_dialog import BackupDialog

PASSWORD = "Heping2026"


@pytest.fixture
def office(services: Services) -> Services:
    init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.act_as(services.auth.login("admin", PASSWORD))
    return services


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, office: Services) -> None:
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, "demoHint") is None  # only the demo database tells its password
    dialog.user.setText("admin")
    dialog.password.setText("wrong")
    dialog.submit()
    assert dialog.actor is None and "用户名或密码不正确" in dialog.error.text()
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor == Actor("admin", "管理员")


def test_five_wrong_passwords_lock_the_account(qtbot, office: Services) -> None:
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    dialog.user.setText("admin")
    for _ in range(5):
        dialog.password.setText("wrong")
        dialog.submit()
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert dialog.actor is None and "锁定" in dialog.error.text()


def test_demo_login_screen_tells_the_demo_password(qtbot, demo_services: Services) -> None:
    dialog = LoginDialog(demo_services)
    qtbot.addWidget(dialog)
    hint = dialog.findChild(object, "demoHint")
    assert hint is not None and "admin" in hint.text() and "demo" in hint.text()


def test_tabs_follow_the_role(qtbot, office: Services) -> None:
    office.auth.add_user("shenji", "审计员", "Sj-Audit-2026")
    office.auth.add_user("chakan", "查看", "Ck-View-2026")
    for user, password, expected in (
        ("admin", PASSWORD, ["组织", "党员", "组织生活", "共建", "服务", "经费", "党费", "阵地队伍", "材料", "审计"]),
        ("shenji", "Sj-Audit-2026", ["审计"]),
        ("chakan", "Ck-View-2026", ["组织", "党员", "组织生活", "共建", "服务", "经费", "党费", "阵地队伍", "材料"]),
    ):
        office.act_as(office.auth.login(user, password))
        window = MainWindow(office, {})
        qtbot.addWidget(window)
        assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == expected, user
        if user == "chakan":
            org_tab = window.tabs.widget(0)
            assert not org_tab.actions_["add_child"].isEnabled()
            assert not window.menu_actions["立即备份"].isEnabled()


def test_idle_lock_covers_windows_and_keeps_unsaved_input(qtbot, office: Services) -> None:
    now = [1000.0]
    lock = IdleLock(office, clock=lambda: now[0])
    unsaved = QDialog()
    qtbot.addWidget(unsaved)
    edit = QLineEdit(unsaved)
    edit.setText("还没保存的内容")
    unsaved.show()
    now[0] += 14 * 60
    lock.check()
    assert not lock.locked  # 15 minutes by default

    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = lock.dialog
        assert dialog is not None
        seen["covers"] = [c for c in QApplication.topLevelWidgets() if c is unsaved] and unsaved.findChildren(Cover)
        dialog.password.setText("wrong")
        dialog.submit()
        seen["refused"] = dialog.error.text()
        dialog.reject()  # Esc does not get round the lock
        seen["still_open"] = dialog.isVisible()
        dialog.password.setText(PASSWORD)
        dialog.submit()

    now[0] += 60
    QTimer.singleShot(0, answer)
    lock.check()
    assert seen["covers"] and "不正确" in seen["refused"] and seen["still_open"]
    assert not lock.locked and edit.text() == "还没保存的内容" and unsaved.isVisible()
    assert office.actor.name == "admin"
    actions = [e.action for e in office.audit.recent(5)]
    assert "解除锁屏" in actions


def test_backup_now_and_restore_from_the_dialog(qtbot, office: Services, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    root = office.orgs.list()[0]
    office.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, root.id))
    window = MainWindow(office, {})
    qtbot.addWidget(window)
    dialog = BackupDialog(office, window)
    qtbot.addWidget(dialog)
    dialog.backup_now()
    assert len(dialog.rows) == 1 and dialog.rows[0].ok and "组织" in dialog.rows[0].holds
    office.orgs.create(OrgInput("第二网格党支部", OrgType.GRID_BRANCH, root.id))
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert dialog.restored
    assert sorted(r.name for r in office.orgs.list()) == ["和平社区党委", "第一网格党支部"]
    org_tab = window.tabs.widget(0)
    assert "第二网格党支部" not in [org_tab.model.row_of(org_tab.model.index_of(i)).name for i in org_tab.model.ids()]
    assert list(office.db.path.parent.glob("ledger.before-restore-*.db"))


def test_a_damaged_database_is_set_aside_and_the_newest_good_backup_offered(qtbot, qapp, db_path: Path, monkeypatch) -> None:
    services = Services.open(db_path)
    init_office(services, "和平社区党委", "社区党委", admin=("admin", PASSWORD))
    services.backups.backup_now()
    services.close()
    data = bytearray(db_path.read_bytes())
    for i in range(4096, len(data), 512):  # spoil every page after the first
        data[i:i + 16] = b"\xff" * 16
    db_path.write_bytes(bytes(data))

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1])
    monkeypatch.setattr(LoginDialog, "exec", lambda self: (self.password.setText(PASSWORD), self.submit(), 1)[2])
    controller = GuiController(qapp, {"last_user": "admin"})
    assert controller.open(str(db_path))
    assert asked and "已损坏" in asked[0] and str(dt.date.today().year) in asked[0]
    assert [r.name for r in controller.services.orgs.list()] == ["和平社区党委"]
    assert list(db_path.parent.glob("ledger.damaged-*.db"))
    controller.backup.wait()  # the start-up backup runs in the background
    summaries = [e.summary for e in controller.services.audit.recent(5)]
    assert any("数据库损坏" in text for text in summaries)
    assert any("启动时自动备份" in text for text in summaries)  # the restored data is backed up at once
    controller.backup_timer.stop()
    controller.window.close()
    controller.services.close()


def test_settings_dialog_changes_the_idle_lock(qtbot, office: Services) -> None:
    from app.ui.access.settings_dialog import SettingsDialog

    dialog = SettingsDialog(office.settings)
    qtbot.addWidget(dialog)
    assert dialog.boxes["idle_lock_minutes"].value() == 15
    dialog.boxes["idle_lock_minutes"].setValue(5)
    dialog.save()
    assert office.settings.get("idle_lock_minutes") == 5
    assert office.audit.recent(1)[0].summary == "修改设置“无操作自动锁定（分钟）”"
    office.act_as(Actor("小王", role="党务工作者"))
    dialog = SettingsDialog(office.settings)
    qtbot.addWidget(dialog)
    dialog.boxes["idle_lock_minutes"].setValue(30)
    dialog.save()
    assert "修改设置" in dialog.error.text() and office.settings.get("idle_lock_minutes") == 5


def test_automatic_backups_run_in_the_background_and_report_in_the_status_bar(qtbot, office: Services) -> None:
    from app.ui.safety.auto_backup import AutoBackup

    messages: list[str] = []
    job = AutoBackup(office.backups)
    job.message.connect(messages.append)
    assert job.start("start")
    assert not job.start("timer") or not job.busy()  # one at a time
    job.wait()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[0].startswith("已自动备份：")
    assert len(office.backups.list_backups()) == 1
    job.run_now("exit")  # nothing changed since: no second backup
    assert len(office.backups.list_backups()) == 1
