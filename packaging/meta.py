"""The package's name, version and summary, read from pyproject.toml (and checked against
app.__version__), for the spec, the .deb and the Windows installer.

    python packaging/meta.py version      # -> 0.1.0
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _code_version() -> str:
    tree = ast.parse((ROOT / "src" / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise SystemExit("src/app/__init__.py has no __version__")


def read() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if project["version"] != _code_version():
        raise SystemExit(f"pyproject.toml says {project['version']}, app.__version__ says {_code_version()}")
    return {"name": project["name"], "version": project["version"], "description": project["description"]}


if __name__ == "__main__":
    print(read()[sys.argv[1] if len(sys.argv) > 1 else "version"])
