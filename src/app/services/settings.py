"""Office-wide settings stored in the database, each with a default."""

from __future__ import annotations

import json
from typing import Any

from app.db.models import Setting
from app.domain.permissions import Permission
from app.services import audit
from app.services.base import Service

DEFAULTS: dict[str, Any] = {
    "office_org_id": None,
    "show_sensitive": False,
    "is_demo": False,
    "backup_keep_daily": 12,
    "backup_keep_weekly": 10,
    "backup_keep_monthly": 9,
    "backup_interval_minutes": 30,
    "idle_lock_minutes": 15,
}


class SettingsService(Service):
    write_permission = Permission.CHANGE_SETTINGS

    def get(self, key: str) -> Any:
        with self.reading() as s:
            row = s.get(Setting, key)
            return json.loads(row.value) if row and row.value else DEFAULTS.get(key)

    def set(self, key: str, value: Any) -> None:
        with self.writing("settings") as s:
            row = s.get(Setting, key)
            old = json.loads(row.value) if row and row.value else DEFAULTS.get(key)
            if row is None:
                row = Setting(key=key)
                s.add(row)
            row.value = json.dumps(value, ensure_ascii=False)
            audit.append(s, self.actor.name, "修改设置", entity="setting", entity_id=key,
                         summary=f"设置 {key}", old={key: old}, new={key: value})
