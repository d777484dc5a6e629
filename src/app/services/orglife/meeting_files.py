"""A meeting's photos (and scans of its signed sign-in sheet or minutes), kept in the database:
the evidence a branch's record book shows that the meeting took place. They may be added at any
time and go with the meeting when a meeting entered by mistake is deleted."""

from __future__ import annotations

from typing import Any

from app.db.models import OrgMeeting, OrgMeetingFile
from app.domain.orglife.fields import ORGLIFE_SPEC
from app.services.kit.attachments import AttachmentService


class MeetingFileService(AttachmentService):
    model = OrgMeetingFile
    owner_model = OrgMeeting
    owner_column = "meeting_id"
    entity = ORGLIFE_SPEC.key
    noun = "会议照片"
    change = ORGLIFE_SPEC.change
    missing = "找不到这次组织生活，可能已被他人删除，请刷新"

    def describe(self, owner: Any) -> str:
        from app.services.orglife.meetings import who

        return f"组织生活“{who(owner)}”"
