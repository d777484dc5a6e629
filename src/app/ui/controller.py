"""The open database and its main window: first-start wizard, switching databases, self-test."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from app.domain.kit.errors import AppError
from app.paths import save_config
from app.services.container import Services
from app.services.kit.base import Actor, DamagedDatabase
from app.services.safety import opening
from app.ui.access.idle_lock import IdleLock
from app.ui.access.login import CreateAdminDialog, LoginDialog
from app.ui.access.wizard import FirstStartDialog
from app.ui.kit.changes import RemoteChanges
from app.ui.kit.errors import show_error
from app.ui.main_window import MainWindow
from app.ui.safety.auto_backup import AutoBackup
from app.ui.startup import process_age


class GuiController:
    """Owns the open database and the main window: opening (with the damaged-database rescue),
    first start, login, automatic backups, the idle lock, switching databases."""

    def __init__(self, app: QApplication, config: dict) -> None:
        self.app = app
        self.config = config
        self.window: MainWindow | None = None
        self.services: Services | None = None
        self.idle: IdleLock | None = None
        self.backup: AutoBackup | None = None
        self.remote: RemoteChanges | None = None  # change notices from other PCs on a server
        self.backup_timer = QTimer()
        self.backup_timer.setInterval(5 * 60 * 1000)  # the service applies the 30-minute rule
        self.backup_timer.timeout.connect(lambda: self.auto_backup("timer"))

    def open(self, db: str, *, wizard: bool = True) -> bool:
        services = self._open_services(db)
        if services is None:
            return False
        actor = self._sign_in(services, wizard)
        if actor is None:
            services.close()
            return False
        services.act_as(actor)
        self.config["last_user"] = actor.name
        old_window, old_services = self.window, self.services
        self.services = services
        self.auto_backup("start")
        self.window = MainWindow(services, self.config)
        self.window.open_requested.connect(self._switch)
        self.config["last_db"] = db
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if self.remote is not None:
            self.remote.stop()
            self.remote = None
        if services.on_server:
            self.remote = RemoteChanges(services)
        if old_services is not None:
            old_services.close()
        if self.idle is not None:
            self.idle.deleteLater()
        self.idle = IdleLock(services, parent=self.window)
        self.window.lock_requested.connect(self.idle.lock)
        self.backup_timer.start()
        self.window.show()
        return True

    def _ask_server_password(self, prompt: str) -> str | None:
        """The database server's password, when the server wants one that PGPASSWORD or .pgpass
        did not give."""
        text, ok = QInputDialog.getText(self.window, "连接数据库服务器", prompt, QLineEdit.EchoMode.Password)
        return text if ok else None

    def _open_services(self, db: str) -> Services | None:
        # A missing file is made (first start, 新建数据库) unless copies of it lie beside it,
        # as a restore cut short leaves them: then the user is told how to get it back.
        create = opening.may_create(db)
        try:
            return Services.open(db, ask_password=self._ask_server_password, create=create)
        except DamagedDatabase as exc:
            return self._rescue(exc)
        except AppError as exc:
            show_error(self.window, exc)
            return None

    def _rescue(self, damaged: DamagedDatabase) -> Services | None:
        """A damaged file is moved aside (kept) and the newest good backup offered."""
        rescue = opening.set_aside(damaged)
        text = f"数据库文件已损坏（{damaged.problem}），已原样另存为：\n{rescue.aside}\n\n"
        if rescue.backup is None:
            QMessageBox.critical(self.window, "数据库已损坏", text + "没有找到完好的自动备份。请用“文件→打开数据库”"
                                 "选择U盘等处的备份，或联系技术支持。")
            return None
        answer = QMessageBox.question(
            self.window, "数据库已损坏",
            text + f"最新的完好备份是 {rescue.taken_at:%Y年%m月%d日 %H:%M} 的备份：\n{rescue.backup}\n\n"
            "用这个备份恢复台账吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return opening.restore_offered(rescue)

    def _sign_in(self, services: Services, wizard: bool) -> Actor | None:
        if services.auth.accounts_lost():
            from app.services.access.auth import AccountsLost

            show_error(self.window, AccountsLost())
            return None
        if services.is_empty() and not services.auth.has_users():
            if not wizard:
                return None
            dialog = FirstStartDialog(services, self.window)
            if not dialog.exec():
                return None
            if dialog.actor is not None:
                return dialog.actor
        if not services.auth.has_users() and not CreateAdminDialog(services, self.window).exec():
            return None
        login = LoginDialog(services, last_user=self.config.get("last_user", ""), parent=self.window)
        return login.actor if login.exec() else None

    def auto_backup(self, reason: str) -> None:
        """Automatic backups never interrupt work: they run in the background and report in
        the status bar; the one at exit finishes before the program closes."""
        if self.services is None:  # on a server too: a verified copy made into the backup folder
            return
        if self.backup is None or self.backup.backups is not self.services.backups:
            if self.backup is not None:
                self.backup.wait()
            self.backup = AutoBackup(self.services.backups)
            self.backup.message.connect(self._show_status)
        if reason == "exit":
            self.backup.run_now(reason)
        else:
            self.backup.start(reason)

    def _show_status(self, text: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(text, 10000)

    def _switch(self, path: str) -> None:
        # Deferred so the old window's menu action finishes before the window goes.
        QTimer.singleShot(0, lambda: self.open(path))

    def shutdown(self) -> None:
        self.backup_timer.stop()
        if self.window is not None:
            self.window.close()
        save_config(self.config)
        if self.remote is not None:
            self.remote.stop()
        if self.services is not None:
            self.auto_backup("exit")
            self.services.close()


def self_test(app: QApplication, db: str, config: dict, splash_ms: float | None = None) -> int:
    """Signs in with DANGJIAN_USER / DANGJIAN_PASSWORD (when the database has accounts), builds
    every tab, shows the window, reports the start-up time and exits."""
    try:
        services = Services.open(db)
    except AppError as exc:
        print(f"自检失败：{exc.message}", file=sys.stderr)
        return 1
    try:
        if services.auth.login_required():
            name = os.environ.get("DANGJIAN_USER", "")
            services.act_as(services.auth.login(name, os.environ.get("DANGJIAN_PASSWORD", "")))
        window = MainWindow(services, config)
        window.show()
        app.processEvents()
        if not window.isVisible():
            print("自检失败：主窗口没有显示", file=sys.stderr)
            return 1
        elapsed = process_age()
        # Each tab reads its records when first shown: visit them all, as a user would.
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            app.processEvents()
        ready = process_age()
        from app.ui.kit import bundle_check  # everything loaded later is present

        checked, problems = bundle_check.run(services)
        if problems:
            print("自检失败：安装不完整。\n" + "\n".join(problems), file=sys.stderr)
            return 1
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        first = f"splash shown {splash_ms:.0f} ms, " if splash_ms is not None else ""
        print(f"self-test ok: {first}window shown {elapsed * 1000:.0f} ms, every tab loaded {ready * 1000:.0f} ms "
              f"after process start; tabs: {'、'.join(tabs)}; {checked} modules, fonts, templates, translation, "
              f"migrations and manual present; database: {services.location}")
        window.close()
        return 0
    except AppError as exc:
        print(f"自检失败：{exc.message}", file=sys.stderr)
        return 1
    finally:
        services.close()
