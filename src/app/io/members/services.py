"""The services the member import and export read: the whole Services container, or the
member tab's own set (app.ui.members.io.IoServices)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.services.access.settings import SettingsService
    from app.services.members.service import MemberService
    from app.services.orgs.service import OrgService
    from app.services.safety.exports import ExportLogService


class MemberIoServices(Protocol):
    @property
    def members(self) -> MemberService: ...

    @property
    def orgs(self) -> OrgService: ...

    @property
    def settings(self) -> SettingsService: ...

    @property
    def exports(self) -> ExportLogService: ...
