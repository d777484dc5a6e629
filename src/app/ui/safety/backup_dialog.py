"""备份与恢复: the list of backups, "back up now", back up to a USB stick, restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.errors import AppError
from app.services.access.auth import can
from app.services.container import Services
from app.services.safety.backup_rows import BackupRow, ExistingFile
from app.services.safety.restore import OtherDatabase
from app.ui.kit.errors import show_error

COLUMNS = ("时间", "大小", "内容", "状态", "原因", "文件")


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def busy(call):
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return call()
    finally:
        QApplication.restoreOverrideCursor()


class BackupDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.restored = False
        self.rows: list[BackupRow] = []
        self.setWindowTitle("备份与恢复")
        self.resize(860, 420)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 130), (1, 70), (3, 90), (4, 80), (5, 200)):
            self.table.setColumnWidth(col, width)

        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.usb_button = QPushButton("备份到U盘或其他位置…")
        self.usb_button.clicked.connect(self.backup_elsewhere)
        self.restore_button = QPushButton("用所选备份恢复…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("从备份文件恢复…")
        self.file_button.clicked.connect(self.restore_file)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for button, permission in ((self.backup_button, Permission.BACKUP), (self.usb_button, Permission.BACKUP),
                                   (self.restore_button, Permission.RESTORE), (self.file_button, Permission.RESTORE)):
            button.setEnabled(can(services.actor, permission))
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.usb_button, self.restore_button, self.file_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        backups = self.services.backups
        self.rows = busy(backups.list_backups)
        server = ("台账在数据库服务器上：程序把它导出成本机的副本文件（核对无误才保留）作为备份；"
                  "服务器本身的备份请服务器管理员用 pg_dump 另行安排。\n") if backups.on_server else ""
        self.where.setText(
            f"{server}自动备份存放在：{backups.folder()}\n程序运行时自动备份（启动时、每{self.services.settings.get('backup_interval_minutes')}分钟、"
            "退出时，仅在数据有变化时），保留最近12天每天一份、10周每周一份、9个月每月一份。"
            "“立即备份”的副本另放在其中的 manual 文件夹，保留最近20份，不受自动备份轮换影响。"
        )
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (
                f"{r.taken_at:%Y-%m-%d %H:%M}" if r.taken_at else "时间不详", size_text(r.size), r.holds,
                "完好" if r.ok else f"已损坏：{r.problem}", r.reason, r.path.name,
            )
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not r.ok:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(i, col, item)

    def backup_now(self) -> None:
        try:
            row = busy(lambda: self.services.backups.backup_now())
        except AppError as exc:
            show_error(self, exc)
            return
        self.reload()
        QMessageBox.information(self, "备份完成", f"已备份：{row.path.name}（{size_text(row.size)}）")

    def backup_elsewhere(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份位置（如U盘）")
        if not folder:
            return
        try:
            row = busy(lambda: self.services.backups.backup_now(folder))
        except ExistingFile as exc:  # not with a folder chosen; asked all the same
            target = exc.path
            if not self._confirm("覆盖文件", f"{exc.message}\n\n仍要覆盖它吗？"):
                return
            try:
                row = busy(lambda: self.services.backups.backup_now(target, force=True))
            except AppError as again:
                show_error(self, again)
                return
        except AppError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, "备份完成", f"已备份到：{row.path}\n请妥善保管这个文件，它含有党员个人信息。")

    def restore_selected(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            QMessageBox.information(self, "恢复", "请先在列表中选择一个备份。")
            return
        self.restore(self.rows[index].path)

    def restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", "", "台账备份 (*.db *.sqlite);;所有文件 (*)")
        if path:
            self.restore(path)

    def _confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def restore(self, path) -> None:
        if self.services.backups.on_server:
            question = ("用这个备份替换数据库服务器上的台账吗？\n所有电脑看到的都将是恢复后的台账。服务器上现在的台账会先"
                        "导出一份备份（不会丢失），恢复后，备份之后所做的修改将不在台账中。")
        else:
            question = "用这个备份替换当前的台账吗？\n当前的数据库会另存一份（不会被覆盖），恢复后备份之后所做的修改将不在台账中。"
        answer = QMessageBox.question(self, "从备份恢复", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result = busy(lambda: self.services.backups.restore(path))
        except OtherDatabase:
            if not self._confirm("另一个数据库的备份", "这个备份不是当前台账的备份，而是另一个数据库的（或无法确定属于哪个数据库）。\n"
                                 "用它恢复，当前台账将被另一份台账替换（当前台账会另存一份）。\n\n确实要这样做吗？"):
                return
            try:
                result = busy(lambda: self.services.backups.restore(path, force=True))
            except AppError as exc:
                show_error(self, exc)
                return
        except AppError as exc:
            show_error(self, exc)
            return
        self.restored = True
        when = f"{result.taken_at:%Y-%m-%d %H:%M}" if result.taken_at else ""
        said = "恢复前服务器上的台账已导出为" if self.services.backups.on_server else "原数据库另存为"
        aside = f"\n{said}：{result.set_aside}" if result.set_aside else ""
        QMessageBox.information(self, "恢复完成", f"已恢复到 {when} 的备份。{aside}")
        self.reload()
