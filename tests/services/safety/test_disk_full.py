"""A write that meets a full disk is rolled back and leaves the database whole."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from app.db.safety.checks import quick_check
from app.domain.kit.errors import StorageError
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.orgs.service import OrgInput


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_refuses_the_write_and_keeps_what_was_saved(small_disk: Path) -> None:
    db = small_disk / "ledger.db"
    s = Services.open(db, Actor("测试员"))
    saved = 0
    try:
        root = s.orgs.create(OrgInput(name="和平社区党委", org_type=OrgType.COMMUNITY))
        with pytest.raises(StorageError) as info:
            for i in range(500):
                s.orgs.create(OrgInput(name=f"第{i}支部", org_type=OrgType.BRANCH, parent_id=root.id,
                                       remarks="备注" * 4000))
                saved += 1
        assert "磁盘空间不足" in info.value.message
        assert saved > 0
        assert s.orgs.count() == saved + 1  # the refused organisation left nothing behind
        assert s.audit.count() == saved + 1 and s.audit.verify().ok
    finally:
        s.close()
    assert quick_check(db).ok
    s = Services.open(db, Actor("测试员"))
    try:
        assert s.orgs.count() == saved + 1
        assert s.checks.run() == []
    finally:
        s.close()
