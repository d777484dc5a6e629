"""`dangjian copy`: a whole ledger from a SQLite file to a server and back, exactly, verified;
a target that holds data is refused; a copy that does not verify leaves nothing behind."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.domain.kit.errors import ConflictError, StorageError
from app.domain.orgs.rules import BRANCH_TYPES, OrgType
from app.services.container import Services
from app.services.kit.base import Actor, Database
from app.services.members.query import MemberQuery
from app.services.orgs.service import OrgInput
from app.services.safety import copy as copying
from app.services.safety.copy import COPY_ACTION, CopyService, table_sums
from tests import pg
from tests.services.members.helpers import member

needs_server = pytest.mark.skipif(not pg.server_url(), reason="DANGJIAN_TEST_PG names no PostgreSQL server")


def _sums(db: str | Path) -> dict[str, tuple[int, str]]:
    d = Database.open(db)
    try:
        with d.engine.connect() as conn:
            return {t: (c.rows, c.hex) for t, c in table_sums(conn).items()}
    finally:
        d.close()


def _audit(db: str | Path) -> list[tuple]:
    from tests import ledger_sql

    return ledger_sql.rows(db, "SELECT id, at, actor, action, summary, old_values, new_values, prev_hash, hash "
                               "FROM audit_log ORDER BY id")


@pytest.fixture
def demo_file(_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "青山县.db"
    shutil.copy(_demo_template, path)
    return path


@pytest.fixture
def server_db() -> Iterator[str]:
    with pg.database() as url:
        yield url


@needs_server
def test_a_demo_county_goes_to_the_server_and_back_exactly(demo_file: Path, server_db: str, tmp_path: Path,
                                                           capsys) -> None:  # type: ignore[no-untyped-def]
    before = _sums(demo_file)
    trail = _audit(demo_file)
    members = before["members"][0]  # the 300 of the demo and the candidates it admitted
    assert 300 <= members < 330 and before["organizations"][0] > 80

    assert main(["copy", "--from", str(demo_file), "--to", server_db, "--user", "admin"],) == 1  # no password
    assert "密码" in capsys.readouterr().err
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DANGJIAN_PASSWORD", "demo")
        assert main(["copy", "--from", str(demo_file), "--to", server_db, "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "核对结果：复制完整无误。" in out and f"党员：{members} 条" in out and "操作记录校验链完好" in out

    back = tmp_path / "回来的台账.db"
    source = Services.open(server_db, Actor("测试员"))
    try:
        target = Database.open(back)
        try:
            report = CopyService(source.db, source.actor, source.hub).copy_to(target)
        finally:
            target.close()
    finally:
        source.close()
    assert report.ok and report.target == str(back)

    after = _sums(back)
    on_server = _sums(server_db)
    # Every record is the same, ids and UUIDs included; the audit trail is the original's with the
    # records of signing in (the command line) and of the two copies after it.
    for table in before:
        if table not in ("audit_log", "users"):
            assert after[table] == before[table] == on_server[table], table
    assert after["users"] == on_server["users"]  # admin's last sign-in is the one difference
    copied_trail = _audit(back)
    assert copied_trail[:len(trail)] == trail
    assert [r[3] for r in copied_trail[len(trail):]] == ["登录", COPY_ACTION, COPY_ACTION]

    # The server goes on numbering after the largest id copied in.
    s = Services.open(server_db, Actor("测试员"))
    try:
        largest = max(s.members.search_ids(MemberQuery(include_left=True, sort="id")))
        branch = next(o for o in reversed(s.orgs.list(include_closed=False)) if o.org_type in BRANCH_TYPES)
        row = s.members.create(member(branch.id, "新来的"))
        assert row.id == largest + 1
        assert s.orgs.create(OrgInput("新的社区党委", OrgType.COMMUNITY)).id > before["organizations"][0]
    finally:
        s.close()


def test_a_target_that_holds_data_is_refused(services: Services, demo_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY))
    target = str(services.db.url if services.db.is_server else services.db.path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DANGJIAN_PASSWORD", "demo")
        assert main(["copy", "--from", str(demo_file), "--to", target, "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "已有数据（" in err and "组织1条" in err and "不会覆盖" in err
    assert services.orgs.count() == 1 and services.members.count(MemberQuery()) == 0


def test_a_copy_that_does_not_verify_leaves_nothing(services: Services, demo_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = copying.table_sums

    def one_row_lost(conn):  # type: ignore[no-untyped-def]
        sums = real(conn)
        sums["members"].rows -= 1
        return sums

    monkeypatch.setattr(copying, "table_sums", one_row_lost)
    source = Services.open(demo_file, Actor("测试员"))
    try:
        with pytest.raises(StorageError, match="核对没有通过，目标数据库没有改动") as caught:
            CopyService(source.db, source.actor, source.hub).copy_to(services.db)
    finally:
        source.close()
    assert "党员：" in caught.value.message and "不一致" in caught.value.message
    assert services.orgs.count() == 0 and services.audit.count() == 0


def test_hostile_addresses_are_refused_plainly(demo_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DANGJIAN_PASSWORD", "demo")
    args = ["--user", "admin"]
    assert main(["copy", "--from", str(tmp_path / "没有这个.db"), "--to", str(tmp_path / "b.db"), *args]) == 1
    assert "找不到要复制的数据库文件" in capsys.readouterr().err
    assert not (tmp_path / "没有这个.db").exists() and not (tmp_path / "b.db").exists()
    assert main(["copy", "--from", str(demo_file), "--to", str(demo_file), *args]) == 1
    assert "已有数据" in capsys.readouterr().err
    bad = f"postgresql://nobody@/x?host={tmp_path}&port=1"
    assert main(["copy", "--from", str(demo_file), "--to", bad, *args]) == 1
    err = capsys.readouterr().err
    assert "无法连接本机的数据库服务器" in err and "Traceback" not in err
    # --to is required: the usage is told in Chinese and the exit code is argparse's 2
    assert main(["copy", "--from", str(demo_file), *args]) == 2
    err = capsys.readouterr().err
    assert "缺少必须给出的参数：--to" in err and "Traceback" not in err


def test_copy_needs_the_right_to_back_up(demo_file: Path, tmp_path: Path) -> None:
    from app.domain.kit.errors import PermissionDenied

    source = Services.open(demo_file, Actor("kan", "查看"))
    target = Database.open(tmp_path / "副本.db")
    try:
        with pytest.raises(PermissionDenied, match="备份数据"):
            CopyService(source.db, source.actor, source.hub).copy_to(target)
        with target.engine.connect() as conn:
            found = copying.counts(conn)
        assert found.pop("settings") == 1  # only the identity the new database was given
        for seeded in copying.SEEDED:  # and the standard fund sources and categories
            found.pop(seeded)
        assert all(n == 0 for n in found.values()), found
    finally:
        target.close()
        source.close()
    with pytest.raises(ConflictError, match="同一个数据库"):
        copying.copy_ledger(Database.open(demo_file), Database.open(demo_file))
