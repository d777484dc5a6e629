"""Is this installation's database layer complete? Part of `dangjian --self-test`: every
migration script from the first to the newest is present, and the open database has every
table the program's models declare (a missing script would leave some out)."""

from __future__ import annotations

from sqlalchemy import inspect

from app.db import migrate
from app.db.models.base import Base
from app.services.kit.base import Database


def schema_problems(db: Database) -> list[str]:
    problems = []
    found = {p.name.split("_", 1)[0] for p in (migrate.MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")}
    if not found:
        return [f"缺少数据库迁移脚本（{migrate.MIGRATIONS_DIR / 'versions'} 是空的）"]
    head = int(migrate.head_revision())
    gaps = [f"{n:04d}" for n in range(1, head + 1) if f"{n:04d}" not in found]
    if gaps:
        problems.append(f"缺少数据库迁移脚本：{'、'.join(gaps)}")
    tables = set(inspect(db.engine).get_table_names())
    absent = sorted(set(Base.metadata.tables) - tables)
    if absent:
        problems.append(f"数据库缺少这些表（迁移脚本不全）：{'、'.join(absent)}")
    return problems
