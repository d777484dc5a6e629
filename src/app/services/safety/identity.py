"""A database's identity: a random UUID stored in it (settings "database_id", made by
migration 0006). Its backups, the audit anchor kept outside it and a restore's check know the
database by this, not by its file name, so two same-named files in different folders never mix."""

from __future__ import annotations

import json
import weakref

from app.db.models import Setting
from app.services.kit.base import Database

IDENTITY_KEY = "database_id"
_known: weakref.WeakKeyDictionary[Database, str] = weakref.WeakKeyDictionary()


def database_id(db: Database) -> str:
    """The identity of the open database ("" for one opened without migrating)."""
    found = _known.get(db)
    if found is None:
        with db.sessions() as s:
            row = s.get(Setting, IDENTITY_KEY)
            try:
                found = str(json.loads(row.value)) if row and row.value else ""
            except ValueError:
                found = ""
        _known[db] = found
    return found


def forget(db: Database) -> None:
    """After a restore the file may be another database's: read its identity afresh."""
    _known.pop(db, None)
    from app.services.safety import anchor

    anchor._written.pop(db, None)


def set_identity(db: Database, identity: str) -> None:
    """Gives the database this identity (a restored copy made before identities existed keeps
    the identity of the database it replaced)."""
    with db.sessions.begin() as s:
        row = s.get(Setting, IDENTITY_KEY)
        if row is None:
            s.add(Setting(key=IDENTITY_KEY, value=json.dumps(identity)))
        else:
            row.value = json.dumps(identity)
    _known[db] = identity
