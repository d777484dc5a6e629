"""A brand project's materials (the application, photos and reports of its results), kept in
the database so that backups carry them and the 评比验收 can be shown what was done."""

from __future__ import annotations

from typing import Any

from app.db.models import Brand, BrandFile
from app.domain.sites.fields import BRAND_SPEC
from app.services.kit.attachments import AttachmentService


class BrandFileService(AttachmentService):
    model = BrandFile
    owner_model = Brand
    owner_column = "brand_id"
    entity = BRAND_SPEC.key
    noun = "品牌附件"
    change = BRAND_SPEC.change
    missing = "找不到这个特色品牌，可能已被他人删除，请刷新"

    def describe(self, owner: Any) -> str:
        return f"特色品牌“{owner.name}”"
