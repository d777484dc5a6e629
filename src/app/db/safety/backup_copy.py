"""Writing a backup: a consistent, private copy of the ledger checked before it replaces
anything, with its manifest beside it. A copy that fails (disk full, read-only folder, a copy
that does not pass the integrity check) leaves the older backups and the target untouched.
Where backups live and what they hold is in ``backup``."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from app.db.safety.backup import (
    Manifest,
    Summary,
    integrity_problems,
    manifest_path,
    sha256_of,
    summarize,
)
from app.domain.kit.errors import StorageError


# ---- writing a copy ------------------------------------------------------------------------
def _create_private(path: Path) -> None:
    """An empty file only its owner can read; on Windows the profile folder already is private."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    if os.name != "nt":
        os.chmod(path, 0o600)


create_private = _create_private


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_private(path: Path, text: str) -> None:
    _create_private(path)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


@contextlib.contextmanager
def _cleanup(*paths: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for p in paths:
            with contextlib.suppress(OSError):
                p.unlink()
        raise


def _failure(exc: BaseException, target: Path) -> StorageError:
    text = str(exc)
    full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "full" in text
    if full:
        return StorageError(
            f"备份没有完成：{target.parent} 所在的磁盘空间不足。已有的备份没有被改动。"
            "请清理磁盘或换一个位置后重试。"
        )
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
        return StorageError(f"备份没有完成：无法写入 {target.parent}。请检查这个位置是否可写（U盘是否写保护）。")
    return StorageError(f"备份没有完成（{text}）。已有的备份没有被改动。")


def copy_database(
    source: Path | str,
    target: Path,
    *,
    reason: str = "",
    app_version: str = "",
    now: dt.datetime | None = None,
    with_manifest: bool = True,
    fill: Callable[[Path], None] | None = None,
    token: str | None = None,
) -> Manifest:
    """Copies the live database ``source`` to ``target`` (overwriting it only on success).

    ``with_manifest`` False leaves out the ``.json`` file (a copy made to be put in place).
    ``fill`` writes the copy itself into the (empty, private) temporary file it is given, for a
    ledger that is not a file (a database server); ``source`` then only says where it came from.
    The copy is checked, summed up and put in place in the same way either way.
    The temporary files are named ``.<target name>.<token>…partial`` (``token`` lets the
    caller note them, so that a killed copy's leftovers are removed at the next start).
    """
    target = Path(target)
    if fill is None:
        source = Path(source)
        if not source.is_file():
            raise StorageError(f"找不到数据库文件 {source}，无法备份。")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failure(exc, target) from exc
    token = token or f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp = target.with_name(f".{target.name}.{token}.partial")
    tmp_manifest = target.with_name(f".{target.name}.{token}.json.partial")
    try:
        sides = [Path(f"{tmp}{side}") for side in ("-wal", "-shm", "-journal", ".lock")]
        with _cleanup(tmp, tmp_manifest, *sides):
            _create_private(tmp)
            if fill is not None:
                fill(tmp)
                summary = _checked(tmp)
            else:
                src = sqlite3.connect(str(source), timeout=30)
                try:
                    dst = sqlite3.connect(str(tmp))
                    try:
                        # One step: the whole copy is read inside one read transaction, so it is a
                        # consistent snapshot even while the program goes on writing (WAL mode).
                        src.backup(dst)
                    finally:
                        dst.close()
                finally:
                    src.close()
                summary = _checked(tmp)
            _fsync_file(tmp)
            manifest = Manifest(
                created_at=(now or dt.datetime.now()).replace(microsecond=0).isoformat(),
                source=str(source.resolve()) if isinstance(source, Path) else source,
                app_version=app_version,
                reason=reason,
                size=tmp.stat().st_size,
                sha256=sha256_of(tmp),
                counts=summary.counts,
                audit_head=summary.audit_head,
                audit_last_id=summary.audit_last_id,
                schema=summary.schema,
                database_id=summary.database_id,
                audit_at=summary.audit_at,
                sequence=time.time_ns(),
            )
            if with_manifest:
                _write_private(tmp_manifest, manifest.to_json())
            os.replace(tmp, target)
            if with_manifest:
                os.replace(tmp_manifest, manifest_path(target))
            _fsync_dir(target.parent)
    except StorageError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise _failure(exc, target) from exc
    return manifest


def _checked(copy: Path) -> Summary:
    """A copy just written: self-contained (no WAL beside it), whole, and what it holds."""
    dst = sqlite3.connect(str(copy))
    try:
        dst.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_problems(dst)
        if problems:
            raise StorageError(
                "备份没有完成：复制出的文件未通过完整性检查（" + "；".join(problems[:3])
                + "）。原数据库可能已损坏，请运行“检查数据库”。已有的备份没有被改动。"
            )
        return summarize(dst)
    finally:
        dst.close()


def remove_backup(path: Path) -> None:
    for p in (path, manifest_path(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
