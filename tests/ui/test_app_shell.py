"""The main window, the first-start wizard and the crash dialog."""

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.kit.errors import ValidationError
from app.paths import load_config, log_dir
from app.services.container import Services
from app.ui.access.wizard import FirstStartDialog
from app.ui.controller import GuiController
from app.ui.kit import errors as ui_errors
from app.ui.main_window import MainWindow


def test_wizard_creates_the_office(qtbot, services: Services) -> None:
    dialog = FirstStartDialog(services)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "不能为空" in dialog.error.text() and services.is_empty()
    dialog.name.insert("和平社区党委")
    dialog.admin.password.setText("Heping2026")
    dialog.admin.again.setText("Heping2025")
    dialog.save()
    assert "不一致" in dialog.error.text() and services.is_empty()
    dialog.admin.password.setText("123")
    dialog.admin.again.setText("123")
    dialog.save()
    assert "密码" in dialog.error.text() and services.is_empty() and not services.auth.has_users()
    dialog.admin.password.setText("Heping2026")
    dialog.admin.again.setText("Heping2026")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(r.name, r.org_type.value) for r in services.orgs.list()] == [("和平社区党委", "社区党委")]
    assert dialog.actor is not None and dialog.actor.name == "admin" and dialog.actor.role == "管理员"


def test_wizard_can_load_the_demo(qtbot, services: Services) -> None:
    dialog = FirstStartDialog(services)
    qtbot.addWidget(dialog)
    dialog.demo.setChecked(True)
    assert not dialog.name.isEnabled()
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.orgs.count() > 50
    assert dialog.actor is not None and dialog.actor.name == "admin"


def test_main_window_title_and_tabs(qtbot, demo_services: Services) -> None:
    window = MainWindow(demo_services, {})
    qtbot.addWidget(window)
    assert window.windowTitle() == "社区党建台账 — 青山县委组织部"
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs[0] == "组织" and "" not in tabs


def test_window_geometry_and_last_database_are_remembered(qtbot, qapp, db_path: Path, monkeypatch) -> None:
    controller = GuiController(qapp, {})
    def first_start(self) -> int:
        self.name.insert("和平社区党委")
        self.admin.password.setText("Heping2026")
        self.admin.again.setText("Heping2026")
        self.save()
        return 1

    monkeypatch.setattr(FirstStartDialog, "exec", first_start)
    assert controller.open(str(db_path))
    window = controller.window
    window.resize(700, 500)
    window.move(20, 30)
    controller.shutdown()
    saved = load_config()
    assert saved["last_db"] == str(db_path) and saved["window_geometry"]
    assert saved["last_user"] == "admin"
    again = MainWindow(Services.open(db_path), saved)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    again.services.close()


def test_expected_errors_get_a_plain_sentence(monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ui_errors, "show_error", lambda parent, exc: shown.append(exc.message))
    ui_errors.install_excepthook(None)
    try:
        sys.excepthook(ValidationError, ValidationError("联系电话格式不对"), None)
    finally:
        sys.excepthook = sys.__excepthook__
    assert shown == ["联系电话格式不对"]


def test_unexpected_errors_are_logged_and_shown_with_copyable_details(qtbot, monkeypatch) -> None:
    log_path = ui_errors.setup_logging()
    dialogs: list[ui_errors.CrashDialog] = []
    monkeypatch.setattr(ui_errors.CrashDialog, "exec", lambda self: dialogs.append(self) or 0)
    ui_errors.install_excepthook(log_path)
    try:
        try:
            raise ZeroDivisionError("division by zero")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    assert log_path.parent == log_dir()
    for handler in ui_errors.log.handlers:
        handler.flush()
    assert "ZeroDivisionError" in log_path.read_text(encoding="utf-8")
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    dialog.copy_details()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    for handler in list(ui_errors.log.handlers):
        ui_errors.log.removeHandler(handler)
        handler.close()


@pytest.fixture(autouse=True)
def _no_stray_windows(qapp):
    yield
    for w in qapp.topLevelWidgets():
        w.close()
