"""Everything outside app.ui stays free of Qt, so the command line and the services never load it;
and the GUI reaches the data through services only, never the database layer."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import app


def test_nothing_outside_ui_loads_qt() -> None:
    modules = [
        m.name for m in pkgutil.walk_packages(app.__path__, "app.")
        if not m.name.startswith("app.ui") and ".migrations" not in m.name and m.name != "app.__main__"
    ]
    assert "app.services.orgs.service" in modules and "app.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_and_services_do_not_import_qt_in_source() -> None:
    root = Path(app.__file__).parent
    offenders = [
        str(p.relative_to(root)) for p in root.rglob("*.py")
        if "ui" not in p.relative_to(root).parts[:1] and "PySide6" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_command_line_loads_no_database_layer_before_a_command_runs() -> None:
    """`dangjian` shows its splash before SQLAlchemy (the slowest import) loads."""
    code = (
        "import sys\n"
        "from app.cli import build_parser\n"
        "build_parser()\n"
        "import app.ui.startup\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'reportlab', 'openpyxl'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _ui_sources() -> list[tuple[str, ast.Module]]:
    root = Path(app.__file__).parent
    files = sorted((root / "ui").rglob("*.py"))
    assert any(p.name == "controller.py" for p in files)
    return [(str(p.relative_to(root)), ast.parse(p.read_text(encoding="utf-8"))) for p in files]


def _imported_modules(tree: ast.Module) -> list[str]:
    """Every module an import statement names, at module level or inside functions."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_the_gui_does_not_import_the_database_layer() -> None:
    offenders = [
        f"{path}: {name}" for path, tree in _ui_sources() for name in _imported_modules(tree)
        if name == "app.db" or name.startswith("app.db.")
    ]
    assert offenders == []


def test_the_gui_never_holds_a_database_handle() -> None:
    """Windows and dialogs reach the data through services only: no ``.db`` of a service or of
    the Services set, and no Database class."""
    offenders = []
    for path, tree in _ui_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                offenders.append(f"{path}:{node.lineno}: .db")
            elif isinstance(node, ast.Name | ast.alias) and "Database" in (
                    getattr(node, "id", None), getattr(node, "name", None)):
                offenders.append(f"{path}: Database")
    assert offenders == []
