"""The record of every export of personal data: who, which file, how many, masked or not."""

from __future__ import annotations

from pathlib import Path

from app.domain.access.permissions import Permission
from app.services.kit.base import Service
from app.services.safety import audit


class ExportLogService(Service):
    def check(self, masked: bool) -> None:
        """Refuses (PermissionDenied) an export the acting user may not make: any file with
        personal data needs EXPORT_PERSONAL_DATA; full ID and phone numbers need SHOW_SENSITIVE
        as well. Exporters call this before they write anything."""
        self.require(Permission.EXPORT_PERSONAL_DATA)
        if not masked:
            self.require(Permission.SHOW_SENSITIVE)

    def record(self, kind: str, path: str | Path, count: int, masked: bool) -> None:
        """Appends one audit record for a file written with personal data in it."""
        self.check(masked)
        shown = "身份证号和电话已遮蔽" if masked else "含完整身份证号和电话"
        with self.writing() as s:
            audit.append(
                s, self.actor.name, "导出个人信息", entity="export", entity_id=kind,
                summary=f"导出{kind}{count}条到“{Path(path).name}”（{shown}）",
                new={"文件": str(path), "条数": count, "遮蔽": masked},
            )
