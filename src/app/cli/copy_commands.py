"""`dangjian copy --from A --to B`: moves a whole ledger from a SQLite file to a database server
(or back), verified afterwards."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from app.cli.registry import command, open_services, resolve_db, server_password
from app.domain.kit.errors import ValidationError


def _copy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="source", metavar="FROM",
                   help="从这个数据库复制（文件或 postgresql:// 地址）；默认为 --db 所指的数据库")
    p.add_argument("--to", dest="target", required=True, metavar="TO",
                   help="复制到这个空数据库（新文件，或服务器上新建的空库 postgresql://用户@服务器/库名）")


@command("copy", "把整个台账复制到另一个空数据库（如从本机文件搬到数据库服务器，或反过来），复制后逐表核对", _copy_args)
def copy(args: argparse.Namespace, db: str | None) -> int:
    from app.services.kit.base import Database
    from app.services.safety.copy import LABELS, CopyService

    from_db = args.source or resolve_db(db)
    if _new_file(from_db) is not None:
        raise ValidationError(f"找不到要复制的数据库文件 {from_db}，请检查 --from 后面的路径。")
    source = open_services(from_db)
    new_file = _new_file(args.target)
    try:
        target = Database.open(args.target, ask_password=server_password)
        try:
            seen: dict[str, int] = {}

            def progress(table: str, rows: int) -> None:
                if rows and rows // 20000 != seen.get(table, 0) // 20000:
                    print(f"  已复制{LABELS.get(table, table)} {rows} 条…", file=sys.stderr)
                seen[table] = rows

            report = CopyService(source.db, source.actor, source.hub).copy_to(target, progress)
        finally:
            target.close()
    except BaseException:
        if new_file is not None:  # nothing half-made stays behind
            _remove(new_file)
        raise
    finally:
        source.close()
    print("已复制整个台账。")
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _new_file(target: str) -> Path | None:
    """The target file if this copy is about to create it (a server database is not)."""
    from app.db.engine import database_url, sqlite_path

    path = sqlite_path(database_url(target))
    return path if path is not None and not path.exists() else None


def _remove(path: Path) -> None:
    for p in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal", ".lock"))):
        with contextlib.suppress(OSError):
            p.unlink()
