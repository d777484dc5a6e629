"""`dangjian check`: is the database whole and are its records consistent?"""

from __future__ import annotations

from sqlalchemy import text

from app.services.access.auth import AuthService
from app.services.kit.base import Service
from app.services.safety.audit import AuditService


class CheckService(Service):
    def run(self) -> list[str]:
        """Returns the problems found, in Chinese; an empty list means all is well."""
        problems: list[str] = []
        with self.reading() as s:
            if self.db.url.startswith("sqlite"):
                rows = [r[0] for r in s.execute(text("PRAGMA integrity_check")).all()]
                if rows != ["ok"]:
                    problems += [f"数据库文件结构损坏：{r}" for r in rows[:20]]
                    return problems
                for table, rowid, parent, _ in s.execute(text("PRAGMA foreign_key_check")).all()[:20]:
                    problems.append(f"表{table}第{rowid}行引用了不存在的{parent}记录")
            loops = s.execute(
                text(
                    """
                    WITH RECURSIVE up(start, id, depth) AS (
                        SELECT id, parent_id, 1 FROM organizations WHERE parent_id IS NOT NULL
                        UNION ALL
                        SELECT up.start, o.parent_id, up.depth + 1
                        FROM up JOIN organizations o ON o.id = up.id
                        WHERE o.parent_id IS NOT NULL AND up.depth < 64 AND up.id != up.start
                    )
                    SELECT DISTINCT start FROM up WHERE id = start
                    """
                )
            ).scalars().all()
            for org_id in loops:
                problems.append(f"组织{org_id}的上级关系形成了循环")
        report = AuditService(self.db, self.actor, self.hub).verify()
        if not report.ok:
            problems.append(f"操作记录校验失败：{report.problem}")
        else:
            from app.services.safety.anchor import AnchorService

            problems += [f"操作记录校验失败：{p}" for p in AnchorService(self.db, self.actor, self.hub).problems()]
        if AuthService(self.db, self.actor, self.hub).accounts_lost():
            problems.append("登录账户已全部丢失：这个数据库曾设有登录账户，现在账户表是空的（可能在程序之外被清空）。"
                            "请从备份恢复，或用 dangjian user recover-admin 用户名 重建管理员账户。")
        return problems
