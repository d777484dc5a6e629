"""Opening a ledger on a PostgreSQL server: the address, the password, the plain sentences when
it cannot be used, and a new database getting its tables from the same migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from app.cli import main
from app.db.engine import database_url
from app.db.migrate import current_revision, head_revision
from app.db.models import Base
from app.domain.kit.errors import StorageError
from app.services.container import Services
from app.services.kit.base import Actor, Database
from tests import pg

needs_server = pytest.mark.skipif(not pg.server_url(), reason="DANGJIAN_TEST_PG names no PostgreSQL server")
PW_USER = "dangjian_pw_test"  # .ci/run's pg_hba.conf makes this account give a password


def test_a_plain_postgresql_address_uses_the_bundled_driver() -> None:
    assert database_url("postgresql://clerk@db.local/dangjian") == "postgresql+psycopg://clerk@db.local/dangjian"
    assert database_url("postgres://clerk@db.local:5433/dj").startswith("postgresql+psycopg://")
    assert database_url("postgresql+psycopg://a@b/c") == "postgresql+psycopg://a@b/c"


def test_no_server_there_is_one_chinese_sentence(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"postgresql://clerk@/dangjian?host={tmp_path}&port=1"
    with pytest.raises(StorageError, match="无法连接本机的数据库服务器") as caught:
        Database.open(url)
    assert "请确认服务器已开机" in caught.value.message
    assert main(["check", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法连接") and "Traceback" not in err and "psycopg" not in err


@needs_server
def test_a_database_that_is_not_there_is_named() -> None:
    url = pg.url_for("dangjian_no_such_ledger")
    with pytest.raises(StorageError, match="没有名为“dangjian_no_such_ledger”的数据库"):
        Database.open(url)


@needs_server
def test_init_makes_the_tables_on_an_empty_server_database(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    name = pg.create_database()  # no tables at all
    try:
        url = pg.url_for(name)
        monkeypatch.setenv("DANGJIAN_PASSWORD", "Heping2026")
        assert main(["init", "--org", "和平社区党委", "--level", "社区党委", "--db", url]) == 0
        assert "和平社区党委" in capsys.readouterr().out
        engine = create_engine(database_url(url), poolclass=NullPool)
        try:
            assert current_revision(engine) == head_revision()
            assert set(inspect(engine).get_table_names()) >= {t.name for t in Base.metadata.sorted_tables}
        finally:
            engine.dispose()
        monkeypatch.setenv("DANGJIAN_USER", "admin")
        assert main(["check", "--db", url]) == 0
        assert capsys.readouterr().out.strip() == "ok"
    finally:
        pg.drop_database(name)


@pytest.fixture
def password_account():  # type: ignore[no-untyped-def]
    """An account with a password on one of the session's databases, if the server makes it
    give one (it does under .ci/run)."""
    with pg.database() as url, pg.admin().connect() as conn:
        name = make_url(url).database
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": PW_USER}).scalar()
        if not exists:
            conn.execute(text(f"CREATE ROLE {PW_USER} LOGIN PASSWORD 'Mima-2026'"))
        conn.execute(text(f'GRANT ALL ON DATABASE "{name}" TO {PW_USER}'))
        own = pg.owner(name)
        with own.begin() as c:
            c.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {PW_USER}"))
            c.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {PW_USER}"))
        own.dispose()
        clerk = make_url(url).set(username=PW_USER).render_as_string(hide_password=False)
        probe = create_engine(database_url(clerk), poolclass=NullPool)
        try:
            probe.connect().close()
            pytest.skip("the server lets this account in without a password (see .ci/run)")
        except OperationalError:
            pass
        finally:
            probe.dispose()
        yield clerk


@needs_server
def test_the_password_comes_from_pgpassword_or_is_asked(password_account: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    with pytest.raises(StorageError, match="要求用户 dangjian_pw_test 输入密码") as caught:
        Database.open(password_account)
    assert "PGPASSWORD" in caught.value.message

    asked: list[str] = []
    answers = iter(["wrong-one", "Mima-2026"])

    def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return next(answers)

    s = Services.open(password_account, Actor("测试员"), ask_password=ask)
    try:
        assert s.orgs.count() == 0
        assert "***" in s.db.url and "Mima-2026" not in s.db.url  # shown on screen: no password
    finally:
        s.close()
    assert len(asked) == 2 and "拒绝了用户 dangjian_pw_test 的密码" in asked[1]

    with pytest.raises(StorageError, match="要求用户 dangjian_pw_test 输入密码"):
        Database.open(password_account, ask_password=lambda prompt: None)  # cancelled

    monkeypatch.setenv("PGPASSWORD", "wrong-again")
    with pytest.raises(StorageError, match="拒绝了用户 dangjian_pw_test 的密码"):
        Database.open(password_account)
    monkeypatch.setenv("PGPASSWORD", "Mima-2026")
    Database.open(password_account).close()


@needs_server
def test_an_account_without_rights_is_told_so(password_account: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PGPASSWORD", "Mima-2026")
    own = pg.owner(make_url(password_account).database or "")
    with own.begin() as c:
        c.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {PW_USER}"))
    own.dispose()
    assert main(["check", "--db", password_account]) == 1
    err = capsys.readouterr().err
    assert "没有所需的权限" in err and "Traceback" not in err
