"""Qt's own words in Chinese: the standard buttons (确定, 取消, 是, 否), the file and print
dialogs and the calendar. Loaded once at start, before the first window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
# qtbase first: qt_zh_CN.qm is only a list of catalogues (qtbase, qtmultimedia, …) and does not
# load when one of them is missing, as in the PySide6-Essentials wheel.
CATALOGUES = ("qtbase_zh_CN", "qt_zh_CN")
_installed: list[QTranslator] = []  # kept alive for the life of the program


def translation_dirs() -> list[Path]:
    """Where the .qm files are: Qt's own folder, then any copy shipped in resources/."""
    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), resources_dir() / "translations"]


def install_chinese(app: QApplication) -> str | None:
    """Sets China's locale as the default (dates, month and day names) and installs Qt's
    Chinese translation; the path of the catalogue loaded, or None when there is none."""
    QLocale.setDefault(CHINA)
    if _installed:
        return _installed[0].filePath()
    for folder in translation_dirs():
        for name in CATALOGUES:
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
                return translator.filePath()
    return None


def uninstall(app: QApplication) -> None:
    """Back to Qt's English words and the system locale (for tests)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale.system())
