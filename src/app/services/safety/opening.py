"""A database found damaged on opening: the file is set aside (kept under a new name), the
newest good automatic backup is offered, and, if the user agrees, put in its place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.db.safety.backup import stamp_of
from app.db.safety.checks import install_backup, set_aside_damaged
from app.services.kit.base import DamagedDatabase

if TYPE_CHECKING:
    from app.services.container import Services


@dataclass(frozen=True)
class Rescue:
    """Where the damaged file was and is now, and the backup to offer (None: no good one)."""

    path: Path
    aside: Path
    backup: Path | None
    taken_at: dt.datetime | None


def set_aside(damaged: DamagedDatabase) -> Rescue:
    """Moves the damaged file aside and finds the newest good backup in its backup folder."""
    rescue = set_aside_damaged(damaged.path)
    offer = rescue.offer
    if offer is None:
        return Rescue(damaged.path, rescue.aside, None, None)
    when = offer.manifest.taken_at if offer.manifest else stamp_of(offer.path)
    return Rescue(damaged.path, rescue.aside, offer.path, when)


def restore_offered(rescue: Rescue) -> Services:
    """Puts the offered backup in place of the damaged file, opens it and records the restore
    (why: 数据库损坏) in its audit trail."""
    from app.services.container import Services

    if rescue.backup is None:
        raise ValueError("no backup was offered")
    install_backup(rescue.backup, rescue.path)
    services = Services.open(rescue.path)
    services.backups.record_restore(services.backups.verify(rescue.backup), rescue.aside, why="数据库损坏")
    return services


def may_create(db: str) -> bool:
    """Whether opening ``db`` may make it: a server's database, or a missing file with no copies
    of it beside it (a restore cut short leaves some: then the user is told how to get it back)."""
    from app.db.safety.checks import recovery_candidates

    return "://" in db or not recovery_candidates(Path(db).expanduser())
