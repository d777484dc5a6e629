"""Signing in: the login dialog at start, the administrator account on first start, the lock
screen after an idle period."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.domain.kit.errors import AppError
from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from app.services.kit.base import Actor
from app.ui.kit.widgets import ErrorLine, dialog_buttons


def _office_name(services: Services) -> str:
    """The office's name over the login fields, so a shared PC shows whose records these are."""
    from app.services.access.setup import office_name

    return office_name(services)


class LoginDialog(QDialog):
    """User name and password; a refusal (wrong password, locked account) shows in red."""

    def __init__(self, services: Services, *, last_user: str = "", unlock_as: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.unlock_as = unlock_as
        self.actor: Actor | None = None
        self.setWindowTitle("屏幕已锁定" if unlock_as else f"登录 — {APP_NAME}")
        self.setMinimumWidth(380)
        self.user = QLineEdit(unlock_as or last_user)
        self.user.setReadOnly(unlock_as is not None)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{APP_NAME}</b><br>{_office_name(services)}")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if unlock_as:
            note = QLabel("长时间没有操作，程序已自动锁定。请输入密码继续，未保存的内容都还在。")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        if services.settings.get("is_demo") and not unlock_as:
            hint = QLabel(f"这是演示数据库：用户名 {DEMO_ADMIN}，密码 {DEMO_PASSWORD}")
            hint.setObjectName("demoHint")
            hint.setStyleSheet("color: #1565c0;")
            layout.addWidget(hint)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, "解锁" if unlock_as else "登录", self.submit, cancel="退出程序")
        if unlock_as:  # the lock screen has no way round the password
            buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        layout.addWidget(buttons)
        (self.password if (unlock_as or last_user) else self.user).setFocus()

    def reject(self) -> None:
        if not self.unlock_as:  # Esc on the lock screen does nothing
            super().reject()

    def submit(self) -> None:
        try:
            if self.unlock_as:
                self.actor = self.services.auth.unlock_screen(self.unlock_as, self.password.text())
            else:
                self.actor = self.services.auth.login(self.user.text(), self.password.text())
        except AppError as exc:
            self.error.show_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class AdminFields(QObject):
    """User name and password (twice) for the administrator account, as rows of the form they
    are added to, so they line up with the form's other fields."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("至少8位，含字母和数字")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow("管理员用户名", self.user)
        form.addRow("管理员密码", self.password)
        form.addRow("再输入一次密码", self.again)

    def setEnabled(self, on: bool) -> None:
        for edit in (self.user, self.password, self.again):
            edit.setEnabled(on)

    def value(self) -> tuple[str, str]:
        if self.password.text() != self.again.text():
            raise AppError("两次输入的密码不一致，请重新输入。")
        return self.user.text(), self.password.text()


class CreateAdminDialog(QDialog):
    """For a database that has records but no accounts yet (made before logins existed)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("创建管理员账户")
        note = QLabel("这个台账还没有登录账户。请先创建管理员账户，以后每次打开都需要登录。")
        note.setWordWrap(True)
        self.fields = AdminFields(self)
        form = QFormLayout()
        self.fields.add_to(form)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "创建", self.submit, cancel="退出程序")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            name, password = self.fields.value()
            self.services.auth.create_admin(name, password)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("修改密码")
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        form = QFormLayout()
        for label, edit in (("原密码", self.old), ("新密码", self.new), ("再输入一次", self.again)):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.new.setPlaceholderText("至少8位，含字母和数字")
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "修改", self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            if self.new.text() != self.again.text():
                raise AppError("两次输入的新密码不一致，请重新输入。")
            self.services.auth.change_password(self.services.actor.name, self.old.text(), self.new.text())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
