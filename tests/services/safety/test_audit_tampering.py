"""Editing, deleting or reordering audit records in a copy of the database is detected, and the
first bad record is named."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    s = Services.open(path, Actor("测试员"))
    root = s.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
    for i in range(1, 6):
        s.orgs.create(OrgInput(name=f"第{i}支部", org_type=OrgType.BRANCH, parent_id=root.id))
    assert s.audit.count() == 6 and s.audit.verify().ok
    s.close()
    return path


def _edit(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE audit_log SET summary = '新增党支部“第九支部”' WHERE id = 3")


def _edit_values(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE audit_log SET actor = '别人' WHERE id = 4")


def _delete(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM audit_log WHERE id = 3")


def _delete_last(conn: sqlite3.Connection) -> None:
    # Removing the newest record leaves a valid chain; the backup manifests' chain head and the
    # audit sheet are what catch this (see test_backup_service).
    conn.execute("DELETE FROM audit_log WHERE id = 6")


def _reorder(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE audit_log SET id = -3 WHERE id = 3")
    conn.execute("UPDATE audit_log SET id = 3 WHERE id = 4")
    conn.execute("UPDATE audit_log SET id = 4 WHERE id = -3")


def _rehash_one(conn: sqlite3.Connection) -> None:
    # Edited and given a fresh hash of its own: the next record's link then breaks.
    conn.execute("UPDATE audit_log SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END)"
                 " || substr(hash, 2) WHERE id = 2")


@pytest.mark.parametrize(("tamper", "first_bad", "good_before", "words"), [
    (_edit, 3, 2, "改动"), (_edit_values, 4, 3, "改动"), (_delete, 4, 2, "删除或调换"),
    (_reorder, 3, 2, "删除或调换"), (_rehash_one, 2, 1, "改动"),
])
def test_tampering_in_a_copy_is_found_at_the_first_bad_record(
    ledger: Path, tmp_path: Path, tamper: Callable[[sqlite3.Connection], None], first_bad: int,
    good_before: int, words: str,
) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(ledger, copy)
    conn = sqlite3.connect(copy)
    tamper(conn)
    conn.commit()
    conn.close()
    s = Services.open(copy, Actor("审计"))
    try:
        report = s.audit.verify()
    finally:
        s.close()
    assert not report.ok
    assert report.first_bad_id == first_bad
    assert f"第{first_bad}条" in report.problem and words in report.problem
    assert report.checked == good_before
    # The original is untouched and still whole.
    s = Services.open(ledger, Actor("审计"))
    try:
        assert s.audit.verify().ok
    finally:
        s.close()


def test_deleting_the_newest_records_shows_against_a_recorded_chain_head(ledger: Path, tmp_path: Path) -> None:
    s = Services.open(ledger, Actor("审计"))
    head = s.audit.verify().head
    s.close()
    copy = tmp_path / "copy.db"
    shutil.copy(ledger, copy)
    conn = sqlite3.connect(copy)
    _delete_last(conn)
    conn.commit()
    conn.close()
    s = Services.open(copy, Actor("审计"))
    try:
        report = s.audit.verify()
    finally:
        s.close()
    assert report.ok and report.head != head
