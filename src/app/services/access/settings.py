"""Office-wide settings stored in the database, each with a default."""

from __future__ import annotations

import json
from typing import Any

from app.db.models import Setting
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.services.kit.base import Service
from app.services.safety import audit

DEFAULTS: dict[str, Any] = {
    "office_org_id": None,
    "show_sensitive": False,
    "is_demo": False,
    "database_id": None,
    "accounts_created": False,
    "backup_keep_daily": 12,
    "backup_keep_weekly": 10,
    "backup_keep_monthly": 9,
    "backup_interval_minutes": 30,
    "idle_lock_minutes": 15,
    "members_in_committees": False,
    "member_age_bands": "常用四段",
    "cobuild_warn_days": 30,
    "cobuild_number_prefix": "共建",
    "appraisal_thresholds": [90, 80, 60],
    "dues_step": "0.01",
    "dues_rounding": "四舍五入",
    "dues_farmer_amount": "0.2",
    "service_quotas": [{"category": "在职党员", "basis": "小时", "amount": "50"}],
    "service_points": {"per_hour": "1", "per_hour_by_kind": {}, "per_service_by_kind": {}},
    "orglife_frequencies": {},  # kind -> 每月/每季度/…; the rest as app.domain.orglife.kinds
}


# How each setting is named to the user (the audit trail shows these).
LABELS: dict[str, str] = {
    "office_org_id": "本单位党组织",
    "show_sensitive": "显示完整身份证号和电话",
    "is_demo": "演示数据库",
    "database_id": "数据库标识",
    "accounts_created": "已设登录账户",
    "backup_keep_daily": "保留每日备份（天）",
    "backup_keep_weekly": "保留每周备份（周）",
    "backup_keep_monthly": "保留每月备份（月）",
    "backup_interval_minutes": "自动备份间隔（分钟）",
    "idle_lock_minutes": "无操作自动锁定（分钟）",
    "members_in_committees": "允许把党员直接编入党委、党总支",
    "member_age_bands": "党员年龄段（常用四段或党内统计八段）",
    "cobuild_warn_days": "共建协议到期提醒（天）",
    "cobuild_number_prefix": "共建协议编号前缀",
    "appraisal_thresholds": "双向评议等次分数线（好、较好、一般）",
    "dues_step": "党费取整单位（元）",
    "dues_rounding": "党费取整方式",
    "dues_farmer_amount": "农民党员每月党费（元）",
    "service_quotas": "志愿服务年度指标（按党员类别）",
    "service_points": "志愿服务积分（每小时、按活动类别）",
    "orglife_frequencies": "三会一课等组织生活的开展频次",
}


# Kept by the program itself (see migration 0006): never changed through ``set``.
PROGRAM_KEYS = frozenset({"database_id", "accounts_created"})


def checked(key: str, value: Any) -> Any:
    """A value for a setting whose form the program relies on, refused in Chinese if wrong, so
    that no caller can store what would later break a report."""
    if key == "member_age_bands":
        from app.domain.members.rules import AGE_BAND_SETS

        if value not in AGE_BAND_SETS:
            raise ValidationError(f"党员年龄段只能是：{'、'.join(AGE_BAND_SETS)}", field=LABELS[key])
    elif key == "orglife_frequencies":
        from app.domain.orglife.kinds import checked_frequencies

        if not isinstance(value, dict):
            raise ValidationError("组织生活的开展频次应按会议类型逐项设定", field=LABELS[key])
        return checked_frequencies(value)
    return value


class SettingsService(Service):
    write_permission = Permission.CHANGE_SETTINGS

    def get(self, key: str) -> Any:
        with self.reading() as s:
            row = s.get(Setting, key)
            return json.loads(row.value) if row and row.value else DEFAULTS.get(key)

    def set(self, key: str, value: Any) -> None:
        if key in PROGRAM_KEYS:
            raise ValidationError(f"设置“{LABELS[key]}”由程序自己维护，不能修改。", field=LABELS[key])
        value = checked(key, value)
        with self.writing(Change.SETTINGS) as s:
            row = s.get(Setting, key)
            old = json.loads(row.value) if row and row.value else DEFAULTS.get(key)
            if row is None:
                row = Setting(key=key)
                s.add(row)
            row.value = json.dumps(value, ensure_ascii=False)
            audit.append(s, self.actor.name, "修改设置", entity="setting", entity_id=key,
                         summary=f"修改设置“{LABELS.get(key, key)}”", old={key: old}, new={key: value})
