"""The README's server accounts: a clerk's PC account with exactly the rights README grants can
do the day's work, and cannot delete records, alter the audit trail or change the schema."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from app.domain.kit.errors import StorageError
from app.services.access.setup import init_office
from app.services.briefings.service import IssueInput
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members.query import MemberQuery
from tests import ledger_sql, pg
from tests.services.members.helpers import member

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="DANGJIAN_TEST_PG names no PostgreSQL server")
README = Path(__file__).resolve().parents[2] / "README.md"
GROUP, PC = "dj_test_clerks", "dj_test_clerk_pc1"


def readme_grants(database: str) -> list[str]:
    """The statements README gives the server's administrator, for the test's own names."""
    block = README.read_text(encoding="utf-8").split("<!-- clerk-grants -->", 1)[1]
    sql = re.search(r"```sql\n(.*?)```", block, re.S)
    assert sql, "README lost its clerk-grants block"
    text_ = sql.group(1).replace("dangjian_clerks", GROUP).replace("clerk_pc1", PC)
    text_ = text_.replace("ON DATABASE dangjian ", f'ON DATABASE "{database}" ')
    lines = [line for line in text_.splitlines() if line.strip() and not line.strip().startswith("--")]
    return [s.strip() for s in " ".join(lines).split(";") if s.strip()]


def _drop_roles() -> None:
    with pg.admin().connect() as conn:
        for role in (PC, GROUP):
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                conn.execute(text(f"DROP ROLE {role}"))


@pytest.fixture
def clerk_url() -> Iterator[str]:
    with pg.database() as url:
        name = make_url(url).database or ""
        _drop_roles()
        owner = pg.owner(name)
        with owner.begin() as conn:
            for statement in readme_grants(name):
                conn.execute(text(statement))
        try:
            yield make_url(url).set(username=PC).render_as_string(hide_password=False)
        finally:
            with owner.begin() as conn:
                conn.execute(text(f"DROP OWNED BY {PC}, {GROUP}"))
            owner.dispose()
            _drop_roles()


def test_a_clerks_account_does_the_days_work_and_no_more(clerk_url: str, tmp_path: Path) -> None:
    s = Services.open(clerk_url, Actor("测试员"))
    try:
        office = init_office(s, "城关街道党工委", "街道党工委")
        s.auth.create_admin("wangfang", "Dangwu-2026", "王芳")
        s.act_as(s.auth.login("wangfang", "Dangwu-2026"))
        row = s.members.create(member(office.id, "张三丰"))
        s.members.update(row.id, row.as_input(), version=row.version)
        s.members.add_event(row.id, "外出流动", dt.date(2026, 3, 1), "深圳市南山区")
        s.members.import_batch([member(office.id, "李建国"), member(office.id, "王建华", sex="女")], [])
        s.settings.set("backup_interval_minutes", 20)
        s.briefings.issue(IssueInput("简报", 1, "第1期", dt.date(2026, 7, 1), b"%PDF-1.4 x", 1, org_id=office.id))
        backup = s.backups.backup_now(tmp_path)
        assert backup.ok and backup.counts["members"] == 3
        assert s.members.count(MemberQuery()) == 3 and s.audit.verify().ok

        with pytest.raises(StorageError, match="没有所需的权限"):  # restoring is the owner's job
            s.backups.restore(backup.path)
        assert s.members.count(MemberQuery()) == 3
    finally:
        s.close()
    for statement in ("UPDATE audit_log SET summary = '改过'", "DELETE FROM audit_log", "DELETE FROM members",
                      "ALTER TABLE members ADD COLUMN x integer", "DROP TABLE briefings"):
        with pytest.raises(Exception, match="permission denied|must be owner"):
            ledger_sql.execute(clerk_url, statement)
