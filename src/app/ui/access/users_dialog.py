"""用户管理 for administrators: the accounts, adding one, role, password, stopping and unlocking.

Every change goes through AuthService, which checks the administrator's permission, keeps at
least one active administrator and records each change in the audit trail; a refusal is shown
in red under the list, in the service's own words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Role
from app.domain.kit.errors import AppError
from app.services.access.auth import UserRow
from app.services.container import Services
from app.ui.kit.widgets import ErrorLine

COLUMNS = ("用户名", "姓名", "角色", "状态", "最近登录")
ROLE_NOTES = {
    Role.ADMIN: "全部功能，含用户管理和恢复备份",
    Role.WORKER: "录入、导入导出、打印、备份",
    Role.VIEWER: "只能查看和打印",
    Role.AUDITOR: "只能查看操作记录",
}


def _password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _role_combo() -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(f"{role.value}（{ROLE_NOTES[role]}）", role.value)
    return combo


class UsersDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.auth = services.auth
        self.rows: list[UserRow] = []
        self.setWindowTitle("用户管理")
        self.resize(820, 560)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col, width in ((0, 120), (1, 110), (2, 100), (3, 80)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.error = ErrorLine()
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.setWordWrap(True)

        # ---- the selected account ----
        self.selected_box = QGroupBox("所选用户")
        self.role = _role_combo()
        self.role_button = QPushButton("修改角色")
        self.role_button.clicked.connect(self.change_role)
        self.new_password = _password_edit("至少8位，含字母和数字")
        self.new_again = _password_edit()
        self.reset_button = QPushButton("重设密码")
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button = QPushButton("停用")
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button = QPushButton("重新启用")
        self.reactivate_button.clicked.connect(self.reactivate)
        self.unlock_button = QPushButton("解除锁定")
        self.unlock_button.clicked.connect(self.unlock)
        role_line = QHBoxLayout()
        role_line.addWidget(self.role, 1)
        role_line.addWidget(self.role_button)
        selected = QFormLayout(self.selected_box)
        selected.addRow("角色", role_line)
        selected.addRow("新密码", self.new_password)
        again_line = QHBoxLayout()
        again_line.addWidget(self.new_again, 1)
        again_line.addWidget(self.reset_button)
        selected.addRow("再输入一次", again_line)
        state_line = QHBoxLayout()
        for b in (self.deactivate_button, self.reactivate_button, self.unlock_button):
            state_line.addWidget(b)
        state_line.addStretch(1)
        selected.addRow("账户", state_line)

        # ---- a new account ----
        add_box = QGroupBox("新增用户")
        self.add_name = QLineEdit()
        self.add_name.setPlaceholderText("登录用的名字，如 lisi")
        self.add_display = QLineEdit()
        self.add_display.setPlaceholderText("如 李四")
        self.add_role = _role_combo()
        self.add_role.setCurrentIndex(list(Role).index(Role.WORKER))
        self.add_password = _password_edit("至少8位，含字母和数字")
        self.add_again = _password_edit()
        self.add_button = QPushButton("新增用户")
        self.add_button.clicked.connect(self.add_user)
        form = QFormLayout(add_box)
        form.addRow("用户名", self.add_name)
        form.addRow("姓名", self.add_display)
        form.addRow("角色", self.add_role)
        form.addRow("初始密码", self.add_password)
        form.addRow("再输入一次", self.add_again)
        form.addRow("", self.add_button)

        panels = QHBoxLayout()
        panels.addWidget(self.selected_box, 1)
        panels.addWidget(add_box, 1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(panels)
        layout.addLayout(bottom)
        self.reload()

    # ---- the list ------------------------------------------------------------------------
    def state_of(self, row: UserRow) -> str:
        if not row.active:
            return "已停用"
        return "已锁定" if row.is_locked(self.auth.now()) else "正常"

    def reload(self, select: str | None = None) -> None:
        current = self.current()
        keep = select or (current.username if current else None)
        try:
            self.rows = self.auth.list_users()
        except AppError as exc:
            self.rows = []
            self._refused(exc)
            self.selected_box.setEnabled(False)
            self.add_button.setEnabled(False)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            last = f"{r.last_login:%Y-%m-%d %H:%M}" if r.last_login else "从未登录"
            me = "（当前登录）" if r.username == self.services.actor.name else ""
            values = (r.username, r.display_name, r.role.value, self.state_of(r), last + me)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not r.active:
                    item.setForeground(Qt.GlobalColor.gray)
                elif col == 3 and value == "已锁定":
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(i, col, item)
        if keep:
            self.select_user(keep)
        self._selection_changed()

    def current(self) -> UserRow | None:
        row = self.table.currentRow() if hasattr(self, "table") else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_user(self, username: str) -> None:
        for i, r in enumerate(self.rows):
            if r.username.lower() == username.lower():
                self.table.selectRow(i)
                return

    def _selection_changed(self) -> None:
        r = self.current()
        self.selected_box.setTitle(f"所选用户：{r.label}" if r else "所选用户（请在上面的列表中选择）")
        for b in (self.role_button, self.reset_button, self.deactivate_button, self.reactivate_button,
                  self.unlock_button):
            b.setEnabled(r is not None)
        if r is None:
            return
        self.role.setCurrentIndex(list(Role).index(r.role))
        self.deactivate_button.setEnabled(r.active)
        self.reactivate_button.setEnabled(not r.active)
        self.unlock_button.setEnabled(r.is_locked(self.auth.now()) or r.failed_count > 0)

    # ---- doing things --------------------------------------------------------------------
    def _refused(self, exc: AppError) -> None:
        self.notice.clear()
        self.error.show_message(exc.message)

    def _done(self, text: str, select: str | None = None) -> None:
        self.error.show_message("")
        self.reload(select)
        self.notice.setText(text)

    def _on_selected(self, act: Callable[[UserRow], str]) -> None:
        r = self.current()
        if r is None:
            self._refused(AppError("请先在列表中选择一个用户。"))
            return
        try:
            text = act(r)
        except AppError as exc:
            self._refused(exc)
            return
        self._done(text, r.username)

    def change_role(self) -> None:
        role = Role(self.role.currentData())

        def act(r: UserRow) -> str:
            self.auth.set_role(r.username, role)
            later = "（重新登录后生效）" if r.username == self.services.actor.name else ""
            return f"已把 {r.label} 的角色改为 {role.value}{later}。"

        self._on_selected(act)

    def reset_password(self) -> None:
        def act(r: UserRow) -> str:
            if self.new_password.text() != self.new_again.text():
                raise AppError("两次输入的新密码不一致，请重新输入。")
            self.auth.reset_password(r.username, self.new_password.text())
            self.new_password.clear()
            self.new_again.clear()
            return f"已重设 {r.label} 的密码。请当面告知本人，并请其登录后自行修改。"

        self._on_selected(act)

    def deactivate(self) -> None:
        self._on_selected(lambda r: (self.auth.deactivate(r.username),
                                     f"已停用 {r.label}：不能再登录，原有操作记录保留。")[1])

    def reactivate(self) -> None:
        self._on_selected(lambda r: (self.auth.reactivate(r.username), f"已重新启用 {r.label}。")[1])

    def unlock(self) -> None:
        self._on_selected(lambda r: (self.auth.unlock_account(r.username), f"已解除 {r.label} 的登录锁定。")[1])

    def add_user(self) -> None:
        try:
            if self.add_password.text() != self.add_again.text():
                raise AppError("两次输入的初始密码不一致，请重新输入。")
            row = self.auth.add_user(self.add_name.text(), self.add_role.currentData(),
                                     self.add_password.text(), self.add_display.text())
        except AppError as exc:
            self._refused(exc)
            return
        for edit in (self.add_name, self.add_display, self.add_password, self.add_again):
            edit.clear()
        self._done(f"已新增用户 {row.label}，角色：{row.role.value}。", row.username)
