"""The main window: tabs, menus and status bar — nothing else lives here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget

from app import APP_NAME, __version__
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.domain.kit.errors import AppError
from app.paths import save_config
from app.services.access.auth import can
from app.services.access.setup import office_org
from app.services.container import Services
from app.ui.access.login import ChangePasswordDialog
from app.ui.access.settings_dialog import SettingsDialog
from app.ui.access.users_dialog import UsersDialog
from app.ui.kit import fonts
from app.ui.kit.changes import ChangeBus
from app.ui.kit.errors import show_error
from app.ui.safety.backup_dialog import BackupDialog, busy
from app.ui.tabs import build_tabs

DB_FILTER = "台账数据库 (*.db *.sqlite);;所有文件 (*)"


class MainWindow(QMainWindow):
    open_requested = Signal(str)  # another database file chosen by the user
    lock_requested = Signal()

    def __init__(self, services: Services, config: dict) -> None:
        super().__init__()
        self.services = services
        self.config = config
        self.bus = ChangeBus(services.hub, self)
        self.menu_actions: dict[str, QAction] = {}
        office = office_org(services)
        self.setWindowTitle(f"{APP_NAME} — {office.name}" if office else APP_NAME)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.build_tabs()
        self.bus.changed.connect(self._on_changed)
        self._build_menus()
        where = services.location
        self.statusBar().addPermanentWidget(QLabel(f"数据库：{where}"))
        role = services.actor.role
        self.statusBar().addPermanentWidget(QLabel(f"操作人：{services.actor.name}" + (f"（{role}）" if role else "")))
        self._restore_geometry()

    def build_tabs(self) -> None:
        """(Re)builds the tabs the user's role may see; a restore rebuilds them all."""
        current = self.tabs.tabText(self.tabs.currentIndex())
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        for tab in build_tabs(self.services, self.bus, self.config):
            self.tabs.addTab(tab, getattr(tab, "title", tab.objectName()))
            if self.tabs.tabText(self.tabs.count() - 1) == current:
                self.tabs.setCurrentIndex(self.tabs.count() - 1)

    def _on_changed(self, changes: Changes) -> None:
        if Change.ALL in changes:
            self.build_tabs()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        text: str | None
        shortcut: QKeySequence.StandardKey | str | None
        slot: Callable[[], object] | None
        for text, shortcut, slot in (
            ("打开数据库…", QKeySequence.StandardKey.Open, self._open_db),
            ("新建数据库…", QKeySequence.StandardKey.New, self._new_db),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        data_menu = self.menuBar().addMenu("数据(&D)")
        for text, shortcut, slot in (
            ("立即备份", "Ctrl+Shift+B", self._backup_now),
            ("备份与恢复…", None, self._backups),
            (None, None, None),
            ("锁定", "Ctrl+L", self.lock_requested.emit),
            ("修改密码…", None, self._change_password),
            ("设置…", None, lambda: SettingsDialog(self.services.settings, self).exec()),
            ("用户管理…", None, lambda: UsersDialog(self.services, self).exec()),
        ):
            if text is None or slot is None:
                data_menu.addSeparator()
                continue
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            data_menu.addAction(action)
            self.menu_actions[text] = action
        self.menu_actions["立即备份"].setEnabled(can(self.services.actor, Permission.BACKUP))
        has_login = self.services.actor.role is not None
        self.menu_actions["锁定"].setEnabled(has_login)
        self.menu_actions["修改密码…"].setEnabled(has_login)
        self.menu_actions["设置…"].setEnabled(can(self.services.actor, Permission.CHANGE_SETTINGS))
        self.menu_actions["用户管理…"].setEnabled(has_login and can(self.services.actor, Permission.MANAGE_USERS))
        view_menu = self.menuBar().addMenu("视图(&V)")
        self.size_actions = fonts.add_size_menu(view_menu, self.config, save_config)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        contents = QAction("使用说明", self)
        contents.triggered.connect(lambda: self.show_manual("index.html"))
        tab_help = QAction("本页签的说明", self)
        tab_help.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1: the page of the tab in front
        tab_help.triggered.connect(lambda: self.show_manual(self._tab_page()))
        for action in (contents, tab_help):
            help_menu.addAction(action)
            self.menu_actions[action.text()] = action
        about = QAction("关于", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _open_db(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开台账数据库", "", DB_FILTER)
        if path:
            self.open_requested.emit(path)

    def _new_db(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "新建台账数据库", "台账.db", DB_FILTER)
        if path:
            self.open_requested.emit(path)

    def _backup_now(self) -> None:
        try:
            row = busy(lambda: self.services.backups.backup_now())
        except AppError as exc:
            show_error(self, exc)
            return
        self.statusBar().showMessage(f"已备份：{row.path}", 8000)

    def _backups(self) -> None:
        BackupDialog(self.services, self).exec()

    def _change_password(self) -> None:
        ChangePasswordDialog(self.services, self).exec()

    def _tab_page(self) -> str:
        from app.ui.help.manual import page_for

        return page_for(self.tabs.currentWidget())

    def show_manual(self, page: str = "index.html") -> None:
        from app.ui.help.manual import show_manual

        show_manual(self, page)

    def _about(self) -> None:
        from app.reports.kit import fonts  # which font prints each role, for support calls

        QMessageBox.about(
            self, "关于",
            f"{APP_NAME} {__version__}\n社区（街道）党组织工作台账：组织、党员与材料打印。\n"
            f"数据库：{self.services.location}\n打印字体：" + "；".join(fonts.describe()),
        )

    def _restore_geometry(self) -> None:
        saved = self.config.get("window_geometry")
        if saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode())):
            return
        self.resize(1180, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.config["window_geometry"] = bytes(self.saveGeometry().toBase64().data()).decode()
        super().closeEvent(event)
