"""Qt's own words in Chinese once the GUI is prepared as at start; no label shows a literal "&"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)

from app.services.container import Services
from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from app.services.members.query import MemberQuery
from app.ui.kit import locale
from app.ui.kit.date_field import DateField
from app.ui.startup import prepare_app

Button = QMessageBox.StandardButton


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[QApplication]:
    prepare_app(qapp, {})
    yield qapp
    locale.uninstall(qapp)
    qapp.setStyleSheet("")


def test_before_the_translation_qt_speaks_english(qapp: QApplication) -> None:
    locale.uninstall(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "问题", "继续吗？", Button.Yes | Button.No)
    assert box.button(Button.Yes).text() == "&Yes"  # what the user saw before


def test_message_box_buttons_read_chinese(chinese: QApplication) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "问题", "继续吗？",
                      Button.Yes | Button.No | Button.Ok | Button.Cancel | Button.Save | Button.Close)
    texts = {b: box.button(b).text() for b in (Button.Yes, Button.No, Button.Ok, Button.Cancel, Button.Save,
                                                 Button.Close)}
    assert texts[Button.Yes].startswith("是") and texts[Button.No].startswith("否")
    assert texts[Button.Ok] == "确定" and texts[Button.Cancel] == "取消" and texts[Button.Save] == "保存"
    assert texts[Button.Close].startswith("关闭")
    assert not any(ch.isascii() and ch.isalpha() for t in texts.values() for ch in t.replace("&", "")[:1])


def test_the_calendar_speaks_chinese(chinese: QApplication, qtbot) -> None:
    assert QLocale().language() == QLocale.Language.Chinese and QLocale().territory() == QLocale.Country.China
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setText("2015-07-01")
    calendar = field.open_calendar()
    assert calendar.findChild(QToolButton, "qt_calendar_monthbutton").text() == "七月"
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) == "周一"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    plain = QCalendarWidget()
    qtbot.addWidget(plain)
    plain.setSelectedDate(QDate(2026, 1, 5))
    assert plain.findChild(QToolButton, "qt_calendar_monthbutton").text() == "一月"


def test_the_file_and_print_dialogs_speak_chinese(chinese: QApplication, qtbot) -> None:
    dialog = QFileDialog(None, "打开台账数据库")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    buttons = [w.text() for w in dialog.findChildren(QPushButton)]
    assert any(t.startswith("文件名称") for t in labels), labels
    assert any(t.startswith("打开") for t in buttons) and "取消" in buttons, buttons
    assert QApplication.translate("QPrintDialog", "Print") == "打印"
    assert QApplication.translate("QPrintDialog", "Print to File (PDF)").startswith("打印到文件")


def _literal_ampersands(root: QWidget) -> list[str]:
    """Texts that would show an "&": labels without a buddy (Qt draws no mnemonic there),
    window titles, tooltips and table headers."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel) and "&" in w.text() and w.buddy() is None \
                and w.textFormat() != Qt.TextFormat.RichText and "&amp;" not in w.text():
            found.append(f"标签 {w.text()}")
        if w.isWindow() and "&" in w.windowTitle():
            found.append(f"标题 {w.windowTitle()}")
        if "&" in w.toolTip() and "&amp;" not in w.toolTip():
            found.append(f"提示 {w.toolTip()}")
        header = w.horizontalHeader() if isinstance(w, QTableView) else w.header() if isinstance(w, QTreeView) else None
        if header is not None and w.model() is not None:
            for section in range(header.count()):
                text = w.model().headerData(section, Qt.Orientation.Horizontal)
                if isinstance(text, str) and "&" in text:
                    found.append(f"表头 {text}")
        for action in w.actions():
            if "&" in action.toolTip():
                found.append(f"命令提示 {action.toolTip()}")
    return found


def test_no_label_shows_a_literal_ampersand(chinese: QApplication, qtbot, demo_services: Services) -> None:
    from app.ui.access.login import ChangePasswordDialog, CreateAdminDialog, LoginDialog
    from app.ui.access.settings_dialog import SettingsDialog
    from app.ui.access.users_dialog import UsersDialog
    from app.ui.access.wizard import FirstStartDialog
    from app.ui.main_window import MainWindow
    from app.ui.members.detail import EventDialog, MemberDetailDialog
    from app.ui.members.dialog import MemberDialog
    from app.ui.members.printing import SigninDialog
    from app.ui.orgs.dialogs import CloseDialog, MoveDialog, OrgDialog
    from app.ui.safety.backup_dialog import BackupDialog

    s = demo_services
    s.act_as(s.auth.login(DEMO_ADMIN, DEMO_PASSWORD))
    window = MainWindow(s, {})
    qtbot.addWidget(window)
    window.show()
    for i in range(window.tabs.count()):  # each tab builds its contents when first shown
        window.tabs.setCurrentIndex(i)
    org = s.orgs.list()[3]
    person = s.members.rows(s.members.search_ids(MemberQuery())[:1])[0]
    dialogs: list[QDialog] = [
        LoginDialog(s), CreateAdminDialog(s), ChangePasswordDialog(s), FirstStartDialog(s),
        SettingsDialog(s.settings), UsersDialog(s), BackupDialog(s), MemberDialog(s.members, s.orgs),
        MemberDialog(s.members, s.orgs, row=person), EventDialog(s.members, person),
        MemberDetailDialog(s.members, person.id), SigninDialog(s.members, s.orgs, org.id),
        OrgDialog(s.orgs, parent_row=org), CloseDialog(s.orgs, org), MoveDialog(s.orgs, org),
    ]
    found = _literal_ampersands(window)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        found += [f"{type(dialog).__name__}: {f}" for f in _literal_ampersands(dialog)]
    assert found == []
