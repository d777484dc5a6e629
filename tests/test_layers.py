"""Everything outside app.ui stays free of Qt, so the command line and the services never load it."""

import pkgutil
import subprocess
import sys

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
    from pathlib import Path

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
