"""Copying a live SQLite database into a backup file, and checking such a file later.

A copy is taken with SQLite's backup API into a private temporary file in the target folder,
checked with ``PRAGMA integrity_check``, flushed to disk and only then renamed into place, so a
failed copy never replaces a good one. Beside each copy lies ``<file>.json``, its manifest: when
and from where it was taken, how many records each table held, the audit chain head and a
SHA-256 of the file, so that a damaged copy is recognised and never offered as good.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.paths import backups_dir

HEADER = b"SQLite format 3\x00"
MANIFEST_SUFFIX = ".json"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"-(\d{8}-\d{6})(?:-(\d+))?\.db$")


@dataclass(frozen=True)
class Summary:
    """What a database file holds, read from the file itself."""

    counts: dict[str, int] = field(default_factory=dict)
    audit_head: str = ""
    audit_last_id: int = 0
    schema: str | None = None
    database_id: str = ""  # the identity stored in the database (settings "database_id")
    audit_at: str = ""  # when the newest audit record was made (ISO)


@dataclass(frozen=True)
class Manifest:
    created_at: str
    source: str
    app_version: str
    reason: str
    size: int
    sha256: str
    counts: dict[str, int]
    audit_head: str
    audit_last_id: int
    schema: str | None
    # Added later; manifests written before them read as "".
    database_id: str = ""
    audit_at: str = ""
    sequence: int = 0  # time.time_ns() when taken: orders copies made within one second

    @property
    def taken_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})

    def summary(self) -> Summary:
        return Summary(self.counts, self.audit_head, self.audit_last_id, self.schema, self.database_id,
                       self.audit_at)


@dataclass(frozen=True)
class FileCheck:
    """The verdict on one backup file. ``ok`` False means: never offer it for restoring."""

    path: Path
    ok: bool
    problem: str
    manifest: Manifest | None
    summary: Summary | None


MANUAL_FOLDER = "manual"


def short_id(identity: str) -> str:
    return identity.replace("-", "")[:12]


def folder_for(db_path: Path, identity: str = "") -> Path:
    """Where the automatic backups of a database go: one folder per database, named by its file
    name and its identity (``<stem>-<12 hex>``) and found again by the identity after the file
    is renamed. Without an identity (older databases): the folder named after the file alone."""
    root = backups_dir()
    if not identity:
        return root / Path(db_path).stem
    short = short_id(identity)
    if root.is_dir():
        for p in sorted(root.glob(f"*-{short}")):
            if p.is_dir():
                return p
    return root / f"{Path(db_path).stem}-{short}"


def legacy_folder(db_path: Path) -> Path:
    """The folder older releases used: one per file name, shared by same-named databases."""
    return backups_dir() / Path(db_path).stem


def belongs_to(check: FileCheck | Manifest | None, identity: str, db_path: Path | None = None) -> bool:
    """Whether a backup is one of this database's: by the identity it carries, or (for a copy
    made before identities, or when the database's own identity cannot be read) by the
    database file it was taken from."""
    m = check.manifest if isinstance(check, FileCheck) else check
    found = check.summary.database_id if isinstance(check, FileCheck) and check.summary else ""
    found = found or (m.database_id if m else "")
    if found and identity:
        return found == identity
    if m is not None and db_path is not None:  # a copy without identity, or ours is unknown
        return os.path.normcase(m.source) == os.path.normcase(str(Path(db_path).resolve()))
    return False


def manifest_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + MANIFEST_SUFFIX)


def backup_name(stem: str, when: dt.datetime) -> str:
    return f"{stem}-{when.strftime(STAMP_FORMAT)}.db"


def stamp_of(path: Path) -> dt.datetime | None:
    """The time written into a backup's file name, or None for other names."""
    m = _NAME.search(path.name)
    if not m:
        return None
    try:
        return dt.datetime.strptime(m.group(1), STAMP_FORMAT)
    except ValueError:
        return None


def backup_files(folder: Path) -> list[Path]:
    """Backup files in a folder (by their names), oldest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("*.db") if not p.name.startswith(".") and stamp_of(p)]
    return sorted(found, key=lambda p: (stamp_of(p), copy_number(p), p.name))


def copy_number(path: Path) -> int:
    """1 for ``x-<stamp>.db``, n for ``x-<stamp>-n.db`` (free_name's later copies in one second)."""
    m = _NAME.search(path.name)
    return int(m.group(2)) if m and m.group(2) else 1


def own_backup_files(db_path: Path | None, identity: str,
                     server_folder: Path | None = None) -> list[tuple[Path, Manifest | None]]:
    """A database's backups, automatic and manual, and its copies in the folder older releases
    shared between same-named files (told apart by their manifests), oldest first. Nothing is
    checked here (see check_file). A ledger on a server (``db_path`` None) has its backups in
    ``server_folder`` and its manual folder only."""
    if db_path is None:
        own = server_folder or backups_dir()
        legacy = None
    else:
        own = folder_for(db_path, identity)
        legacy = legacy_folder(db_path)
    folders = [own, own / MANUAL_FOLDER]
    if legacy is not None and legacy != own:
        folders.append(legacy)
    found = []
    for folder in folders:
        for p in backup_files(folder):
            m = read_manifest(p)
            if folder != legacy or belongs_to(m, identity, db_path):
                found.append((p, m))
    found.sort(key=lambda pm: (stamp_of(pm[0]) or dt.datetime.min, pm[1].sequence if pm[1] else 0,
                               copy_number(pm[0])))
    return found


def own_backups(db_path: Path | None, identity: str, server_folder: Path | None = None) -> list[FileCheck]:
    """``own_backup_files``, each with the quick check (a checksum read: slow for many)."""
    return [check_file(p, thorough=False) for p, _m in own_backup_files(db_path, identity, server_folder)]


def free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name`` with -2, -3 … when that is taken: nothing is overwritten."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists() or manifest_path(target).exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


# ---- reading a database file ---------------------------------------------------------------
def read_only_uri(path: Path) -> str:
    """A URI opening a file that nobody writes (a backup) without creating any file beside it."""
    return Path(path).resolve().as_uri() + "?mode=ro&immutable=1"


def summarize(conn: sqlite3.Connection) -> Summary:
    names = [
        r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {}
    for name in names:
        if name == "alembic_version":
            continue
        quoted = name.replace('"', '""')
        counts[name] = int(conn.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0])
    head, last_id, schema, identity, at = "", 0, None, "", ""
    if "audit_log" in names:
        try:
            row = conn.execute("SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # a table of another shape: no time to read
            row = conn.execute("SELECT id, hash, '' FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        if row:
            last_id, head, at = int(row[0]), str(row[1]), str(row[2])
    if "alembic_version" in names:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        schema = row[0] if row else None
    if "settings" in names:
        with contextlib.suppress(TypeError, ValueError, sqlite3.Error):
            row = conn.execute("SELECT value FROM settings WHERE key = 'database_id'").fetchone()
            identity = str(json.loads(row[0])) if row and row[0] else ""
    return Summary(counts, head, last_id, schema, identity, at)


def integrity_problems(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(HEADER)) == HEADER
    except OSError:
        return False


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(db_file: Path) -> Manifest | None:
    try:
        return Manifest.from_json(manifest_path(db_file).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_file(path: Path, *, thorough: bool = True) -> FileCheck:
    """Checks a backup file: its checksum against the manifest, then SQLite's own check.

    ``thorough`` runs the full integrity check; otherwise a file with a matching checksum is
    taken as good without opening it (fast enough to list thirty backups).
    """
    path = Path(path)
    manifest = read_manifest(path)
    if not path.is_file():
        return FileCheck(path, False, "找不到备份文件", manifest, None)
    if not has_sqlite_header(path):
        return FileCheck(path, False, "这不是本程序的数据库或备份文件（文件头不符）", manifest, None)
    if manifest is not None:
        if path.stat().st_size != manifest.size or sha256_of(path) != manifest.sha256:
            return FileCheck(path, False, "备份文件的内容与备份时记录的校验值不符，文件已损坏", manifest, None)
        if not thorough:
            return FileCheck(path, True, "", manifest, manifest.summary())
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            problems = integrity_problems(conn, quick=not thorough)
            if problems:
                return FileCheck(path, False, "数据库结构损坏：" + "；".join(problems[:3]), manifest, None)
            summary = summarize(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return FileCheck(path, False, f"无法读取备份文件（{exc}），文件已损坏", manifest, None)
    return FileCheck(path, True, "", manifest, summary)
