"""The self-test's completeness check finds what an installed copy may lack: a module, a font,
a template, Qt's Chinese translation, a migration script, a table, a page of the manual."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import migrate
from app.services.container import Services
from app.services.safety.installation import schema_problems
from app.ui.kit import bundle_check


def _linked_copy(folder: Path, target: Path, leave_out: str) -> Path:
    """A copy of a folder made of links, without one entry."""
    target.mkdir(parents=True)
    for entry in folder.iterdir():
        if entry.name != leave_out:
            (target / entry.name).symlink_to(entry)
    return target


def test_this_checkout_is_complete(services: Services) -> None:
    count, problems = bundle_check.run(services)
    assert problems == []
    assert count > 50 and "app.ui.help.manual" in bundle_check.app_modules()


def test_a_missing_module_is_reported(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_check, "LAZY_MODULES", bundle_check.LAZY_MODULES + ("no_such_module_here",))
    _count, problems = bundle_check.run(services)
    assert len(problems) == 1 and "no_such_module_here" in problems[0]


def test_a_missing_font_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resources = bundle_check.resources_dir()
    fake = tmp_path / "resources"
    _linked_copy(resources, fake, "fonts")
    _linked_copy(resources / "fonts", fake / "fonts", "uming.ttc")
    monkeypatch.setattr(bundle_check, "resources_dir", lambda: fake)
    problems = bundle_check._fonts()
    assert problems and all("uming.ttc" in p for p in problems)


def test_a_missing_template_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reports.briefings import templates

    fake = _linked_copy(templates.builtin_dir(), tmp_path / "templates", "简报.txt")
    monkeypatch.setattr(templates, "builtin_dir", lambda: fake)
    assert [p for p in bundle_check._templates() if "简报" in p]


def test_a_missing_translation_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class NoTranslations:
        LibraryPath = bundle_check.QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which):  # type: ignore[no-untyped-def]
            return str(tmp_path)

    monkeypatch.setattr(bundle_check, "QLibraryInfo", NoTranslations)
    assert bundle_check._translations() == [f"缺少 Qt 的中文翻译 qtbase_zh_CN.qm（在 {tmp_path}）"]


def test_a_missing_migration_script_or_table_is_reported(services: Services, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert schema_problems(services.db) == []
    with services.db.engine.begin() as conn:
        conn.execute(text("DROP TABLE briefings"))
    assert any("briefings" in p for p in schema_problems(services.db))
    versions = migrate.MIGRATIONS_DIR / "versions"
    second = next(p.name for p in versions.glob("0002_*.py"))
    fake = tmp_path / "migrations"
    _linked_copy(migrate.MIGRATIONS_DIR, fake, "versions")
    _linked_copy(versions, fake / "versions", second)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", fake)
    assert "缺少数据库迁移脚本：0002" in schema_problems(services.db)


def test_a_missing_manual_page_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.help import manual

    copy = tmp_path / "manual"
    shutil.copytree(manual.manual_dir(), copy)
    (copy / "images" / "first-start.png").unlink()
    monkeypatch.setattr(manual, "manual_dir", lambda: copy)
    assert bundle_check._files() == ["使用说明缺少文件：start.html → images/first-start.png"]
