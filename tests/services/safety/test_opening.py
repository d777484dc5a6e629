"""A database damaged on opening: set aside, the newest good backup offered and restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.kit.base import DamagedDatabase
from app.services.orgs.service import OrgInput
from app.services.safety import opening

# A damaged database file is set aside and a backup offered: about files, not a server.
pytestmark = pytest.mark.sqlite_only


def _spoil(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 512):  # every page after the first
        data[i:i + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def _damaged(db_path: Path) -> DamagedDatabase:
    with pytest.raises(DamagedDatabase) as caught:
        Services.open(db_path)
    return caught.value


def test_the_newest_good_backup_is_offered_and_restored_with_an_audit_record(db_path: Path) -> None:
    services = Services.open(db_path)
    root = services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY))
    backup = services.backups.backup_now()
    services.orgs.create(OrgInput("第一网格党支部", OrgType.GRID_BRANCH, root.id))  # after the backup
    services.close()
    _spoil(db_path)

    rescue = opening.set_aside(_damaged(db_path))
    assert rescue.path == db_path and not db_path.exists()
    assert rescue.aside.exists() and rescue.aside.name.startswith("ledger.damaged-")
    assert rescue.backup == backup.path and rescue.taken_at == backup.taken_at

    restored = opening.restore_offered(rescue)
    try:
        assert [o.name for o in restored.orgs.list()] == ["和平社区党委"]
        summary = restored.audit.recent(1)[0].summary
        assert "数据库损坏" in summary and str(rescue.aside) in summary
    finally:
        restored.close()


def test_without_a_good_backup_nothing_is_offered_and_the_damaged_file_is_kept(db_path: Path) -> None:
    services = Services.open(db_path)
    services.orgs.create(OrgInput("和平社区党委", OrgType.COMMUNITY))
    services.close()
    _spoil(db_path)
    spoiled = db_path.read_bytes()

    rescue = opening.set_aside(_damaged(db_path))
    assert rescue.backup is None and rescue.taken_at is None
    assert rescue.aside.read_bytes() == spoiled
    with pytest.raises(ValueError):
        opening.restore_offered(rescue)
    assert not db_path.exists()  # nothing was put in its place
