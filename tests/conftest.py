"""Shared fixtures. Qt runs offscreen; platformdirs points into the test's tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.services.container import Services  # noqa: E402
from app.services.kit.base import Actor  # noqa: E402


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config, data and log directories of the test's own, never the real user's."""
    home = tmp_path / "home"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("DANGJIAN_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    """A fresh, empty, migrated database."""
    s = Services.open(db_path, Actor("测试员"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = Services.open(path, Actor("测试员"))
    build_demo(s, options={"members": 300})
    s.close()
    return path


@pytest.fixture
def demo_services(_demo_template: Path, tmp_path: Path) -> Iterator[Services]:
    """A copy of the demonstration database (built once per test session)."""
    import sqlite3

    target = tmp_path / "demo.db"
    src = sqlite3.connect(_demo_template)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    s = Services.open(target, Actor("测试员"))
    yield s
    s.close()
