"""Is everything the program loads later present? `dangjian --self-test` runs these checks, so
an installed copy that lacks a module, a font, a template, Qt's Chinese translation, a
migration or a page of the manual is found before an office meets it."""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtCore import QLibraryInfo, QTranslator

import app
from app.paths import forms_dir, resources_dir
from app.services.container import Services

# Loaded only when a user first needs them (import, export, preview, printing, login).
LAZY_MODULES = ("openpyxl", "python_calamine", "pypdfium2", "PIL.Image", "reportlab.platypus",
                "reportlab.graphics.charts.barcharts", "pypinyin", "argon2", "alembic.command",
                "alembic.runtime.migration", "sqlalchemy.dialects.sqlite")
TRANSLATIONS = ("qtbase_zh_CN",)


def app_modules() -> list[str]:
    """Every module of the program (not the migration scripts, which run inside Alembic, nor
    app.__main__, which would start the program again)."""
    names = []
    for info in pkgutil.walk_packages(app.__path__, "app."):
        if not info.name.startswith("app.db.migrations") and info.name != "app.__main__":
            names.append(info.name)
    return names


def _modules() -> tuple[int, list[str]]:
    problems = []
    names = app_modules() + list(LAZY_MODULES)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # any failure to import is what this check reports
            problems.append(f"程序模块 {name} 无法加载：{exc}")
    return len(names), problems


def _fonts() -> list[str]:
    from reportlab.pdfbase.ttfonts import TTFont

    from app.reports.kit import fonts as pdf_fonts
    from app.ui.kit import fonts as ui_fonts

    files = {(ui_fonts.BUNDLED, 0)} | set(pdf_fonts.BUNDLED.values()) | set(pdf_fonts.FALLBACK_FILES)
    problems = []
    for name, index in sorted(files):
        path = resources_dir() / "fonts" / name
        try:
            TTFont(f"check-{name}-{index}", str(path), subfontIndex=index)
        except Exception as exc:  # a missing or unreadable font file
            problems.append(f"字体 {path} 无法使用：{exc}")
    return problems


def _templates() -> list[str]:
    from app.reports.briefings import templates

    problems = []
    for kind in ("工作汇报", "简报"):
        try:
            if not templates.parse(templates.builtin(kind)).lines:
                problems.append(f"内置模板“{kind}”是空的")
        except OSError as exc:
            problems.append(f"缺少内置模板“{kind}”：{exc}")
    return problems


def _translations() -> list[str]:
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [f"缺少 Qt 的中文翻译 {name}.qm（在 {folder}）" for name in TRANSLATIONS
            if not QTranslator().load(name, folder)]


def _files() -> list[str]:
    from app.ui.help import manual

    problems = [f"缺少界面样式表 {forms_dir() / 'style.qss'}"] if not (forms_dir() / "style.qss").is_file() else []
    problems += [f"使用说明缺少文件：{name}" for name in manual.missing_files()]
    return problems


def run(services: Services) -> tuple[int, list[str]]:
    """(number of modules imported, problems in Chinese); no problems means complete."""
    count, problems = _modules()
    return count, problems + _fonts() + _templates() + _translations() + services.schema_problems() + _files()
