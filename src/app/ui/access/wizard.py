"""First start: the office names its own organisation, or looks at demonstration data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.domain.kit.errors import AppError
from app.domain.orgs.rules import OFFICE_LEVELS
from app.services.access.setup import init_office
from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD, build_demo
from app.services.kit.base import Actor
from app.ui.access.login import AdminFields
from app.ui.kit.widgets import ErrorLine, dialog_buttons


class FirstStartDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(f"欢迎使用{APP_NAME}")
        self.setMinimumWidth(480)
        intro = QLabel(
            f"<h3>欢迎使用{APP_NAME}</h3>"
            "<p>这是第一次打开这个台账。请填写本单位党组织的名称和层级，以后的组织、党员等台账都建在它下面；"
            "再为管理员设置密码，以后每次打开都要登录。</p>"
        )
        intro.setWordWrap(True)
        self.own = QRadioButton("建立本单位的台账")
        self.demo = QRadioButton("先看看演示数据")
        demo_note = QLabel(f"一个虚构的县，包含街道、社区、网格和党员。登录用户名 {DEMO_ADMIN}，密码 {DEMO_PASSWORD}。")
        demo_note.setWordWrap(True)
        demo_note.setIndent(24)
        self.own.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.demo)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：和平社区党委")
        self.level = QComboBox()
        for level in OFFICE_LEVELS:
            self.level.addItem(level.value, level)
        self.level.setCurrentIndex(1)
        self.admin = AdminFields(self)
        form = QFormLayout()  # one form: the office and the administrator's fields line up
        form.addRow("本单位党组织全称", self.name)
        form.addRow("层级", self.level)
        self.admin.add_to(form)
        self.own.toggled.connect(self._own_chosen)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "开始使用", self.save, cancel="退出")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.own)
        layout.addLayout(form)
        layout.addWidget(self.demo)
        layout.addWidget(demo_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _own_chosen(self, on: bool) -> None:
        self.name.setEnabled(on)
        self.level.setEnabled(on)
        self.admin.setEnabled(on)

    def save(self) -> None:
        """Sets the database up and signs the new administrator in (``self.actor``)."""
        try:
            if self.demo.isChecked():
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    build_demo(self.services)
                finally:
                    QApplication.restoreOverrideCursor()
                self.actor = self.services.auth.login(DEMO_ADMIN, DEMO_PASSWORD)
            else:
                user, password = self.admin.value()
                init_office(self.services, self.name.text(), self.level.currentData(), admin=(user, password))
                self.actor = self.services.auth.login(user, password)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
