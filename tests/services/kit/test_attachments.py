"""The kit's attachment store on its two newest users: a meeting's photos and a brand's
materials. Bytes come back unchanged; a bad, huge, empty or duplicate file is refused with a
Chinese message and nothing is stored; every change is audited on the record; a meeting deleted
as entered by mistake takes its photos with it; a viewer reads but does not write."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import OrgMeetingFile
from app.domain.kit import attachments
from app.domain.kit.errors import (
    AppError,
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.sites.rows import BrandInput
from tests.domain.kit.test_attachments import JPG, PDF, PNG
from tests.services.orglife.helpers import meeting, roster


@pytest.fixture
def meeting_id(services: Services) -> int:
    r = roster(services)
    return services.orglife.create(meeting(r.tree.branch_a)).id


def stored(services: Services) -> int:
    with services.db.sessions.begin() as s:
        return s.scalar(select(func.count()).select_from(OrgMeetingFile)) or 0


def test_meeting_photos_are_kept_read_back_and_audited(services: Services, meeting_id: int, tmp_path: Path) -> None:
    photos = services.meeting_files
    path = tmp_path / "会场照片.jpg"
    path.write_bytes(JPG)
    first = photos.attach_file(meeting_id, path)
    second = photos.attach(meeting_id, "签到表.pdf", PDF)
    assert [(f.name, f.mime, f.owner_id) for f in photos.of(meeting_id)] == [
        ("会场照片.jpg", "image/jpeg", meeting_id), ("签到表.pdf", "application/pdf", meeting_id)]
    assert photos.data(first.id) == JPG and second.is_pdf
    assert photos.counts([meeting_id, meeting_id + 99]) == {meeting_id: 2}
    assert services.orglife.get(meeting_id).photos == 2  # the 三会一课 list's 照片 column
    entry = services.audit.recent(1)[0]
    assert entry.action == "添加会议照片" and entry.entity_id == str(meeting_id) and "签到表.pdf" in entry.summary
    photos.remove(first.id)
    assert [f.name for f in photos.of(meeting_id)] == ["签到表.pdf"]
    assert services.audit.recent(1)[0].action == "删除会议照片" and services.audit.verify().ok


@pytest.mark.parametrize(("name", "data", "message"), [
    ("照片.jpg", b"MZ\x90\x00 not a picture at all", "不是PDF、PNG或JPG"),
    ("空.png", b"", "是空文件"),
    ("大.jpg", JPG + b"\x00" * attachments.MAX_BYTES, "超过"),
])
def test_a_bad_file_is_refused_and_nothing_is_stored(services: Services, meeting_id: int, name: str, data: bytes,
                                                     message: str) -> None:
    with pytest.raises(AppError, match=message):
        services.meeting_files.attach(meeting_id, name, data)
    assert stored(services) == 0 and services.meeting_files.of(meeting_id) == []


def test_a_hostile_name_is_cleaned_and_a_duplicate_refused(services: Services, meeting_id: int) -> None:
    row = services.meeting_files.attach(meeting_id, "../../../etc/passwd\x00<script>.png", PNG)
    assert "/" not in row.name and "\x00" not in row.name and row.name.endswith(".png")
    with pytest.raises(ConflictError, match="已经作为"):
        services.meeting_files.attach(meeting_id, "another.png", PNG)
    assert stored(services) == 1


def test_what_cannot_be_read_is_said_in_chinese(services: Services, meeting_id: int, tmp_path: Path) -> None:
    with pytest.raises(AppError, match="找不到文件"):
        services.meeting_files.attach_file(meeting_id, tmp_path / "没有这个文件.jpg")
    with pytest.raises(AppError, match="是文件夹"):
        services.meeting_files.attach_file(meeting_id, tmp_path)
    with pytest.raises(NotFoundError, match="找不到这次组织生活"):
        services.meeting_files.attach(meeting_id + 999, "a.jpg", JPG)
    with pytest.raises(NotFoundError, match="找不到这个附件"):
        services.meeting_files.data(12345)


def test_a_meeting_deleted_by_mistake_takes_its_photos(services: Services, meeting_id: int) -> None:
    services.meeting_files.attach(meeting_id, "a.jpg", JPG)
    services.meeting_files.attach(meeting_id, "b.png", PNG)
    services.orglife.remove(meeting_id)
    assert stored(services) == 0 and services.audit.verify().ok


def test_brand_materials_and_a_viewer(services: Services) -> None:
    r = roster(services)
    brand = services.brands.create(BrandInput("红色物业", r.tree.community, description="物业党建"))
    row = services.brand_files.attach(brand.id, "申报书.pdf", PDF)
    assert services.audit.recent(1)[0].action == "添加品牌附件"
    assert "特色品牌“红色物业”" in services.audit.recent(1)[0].summary
    with pytest.raises(ConflictError, match="特色品牌“红色物业”"):
        services.brand_files.attach(brand.id, "again.pdf", PDF)
    services.act_as(Actor("小李", role="查看"))
    assert services.brand_files.data(row.id) == PDF
    with pytest.raises(PermissionDenied):
        services.brand_files.attach(brand.id, "c.jpg", JPG)
    with pytest.raises(PermissionDenied):
        services.brand_files.remove(row.id)
    assert [f.name for f in services.brand_files.of(brand.id)] == ["申报书.pdf"]


def test_validation_messages_name_no_field(services: Services, meeting_id: int) -> None:
    # A file problem is about the file, not a form field.
    with pytest.raises(ValidationError) as caught:
        services.meeting_files.attach(meeting_id, "x.jpg", b"nope")
    assert caught.value.message
