"""Shared fixtures. Qt runs offscreen; platformdirs points into the test's tmp_path.

The service, db, io and command-line tests that get their database from these fixtures
(``db_path``, ``services``, ``demo_services``) run on SQLite and, when DANGJIAN_TEST_PG names a
PostgreSQL server (as .ci/run does), on that server as well: the ``db_engine`` parameter. A test
that is about SQLite files (locks, pragmas, backups of the file) is marked ``sqlite_only``.
GUI tests stay on SQLite.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.services.container import Services  # noqa: E402
from app.services.kit.base import Actor  # noqa: E402
from tests import pg  # noqa: E402

# Folders under tests/ whose tests run on both engines.
BOTH_ENGINES = {"services", "db", "io", "cli"}
ROOT = Path(__file__).parent


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_engine" not in metafunc.fixturenames or not pg.server_url():
        return
    folder = metafunc.definition.path.relative_to(ROOT).parts[0]
    if folder not in BOTH_ENGINES or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("db_engine", ["sqlite", "postgresql"], indirect=True)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if pg.server_url():
        pg.drop_all()


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """"sqlite", or "postgresql" for the run on the server named by DANGJIAN_TEST_PG."""
    return getattr(request, "param", "sqlite")


def _fill_demo(url: str) -> None:
    from app.services.demo import build_demo

    s = Services.open(url, Actor("测试员"))
    build_demo(s, options={"members": 300})
    s.close()


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config, data and log directories of the test's own, never the real user's."""
    home = tmp_path / "home"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("DANGJIAN_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path, db_engine: str) -> Iterator[Path]:
    """Where the test's ledger is: a new file, or on the server a new (migrated, empty)
    database, whose address then stands in for the path (``str(db_path)`` is the --db value)."""
    if db_engine == "sqlite":
        yield tmp_path / "ledger.db"
    else:
        with pg.database() as url:
            yield url  # type: ignore[misc]


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
def demo_services(_demo_template: Path, tmp_path: Path, db_engine: str) -> Iterator[Services]:
    """A copy of the demonstration database (built once per test session)."""
    import sqlite3

    if db_engine != "sqlite":
        with pg.database("demo", _fill_demo) as url:
            s = Services.open(url, Actor("测试员"))
            yield s
            s.close()
        return

    target = tmp_path / "demo.db"
    src = sqlite3.connect(_demo_template)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    s = Services.open(target, Actor("测试员"))
    yield s
    s.close()
