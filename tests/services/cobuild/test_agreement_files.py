"""Scanned copies of an agreement kept in the database: bytes back unchanged, bounds, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.kit import attachments
from app.domain.kit.errors import AppError, ConflictError, ValidationError
from app.services.cobuild.agreement_rows import AgreementInput
from app.services.container import Services
from tests.domain.kit.test_attachments import JPG, PDF
from tests.services.cobuild.helpers import build_tree, unit


@pytest.fixture
def agreement(services: Services) -> int:
    tree = build_tree(services)
    u = services.units.create(unit(tree.community, "青山县人民医院"))
    start = dt.date.today() - dt.timedelta(days=10)
    return services.agreements.create(AgreementInput(
        org_id=tree.community, unit_id=u.id, starts_on=start, ends_on=start + dt.timedelta(days=364),
        signed_on=start)).id


def test_a_scan_is_kept_and_read_back_unchanged(services: Services, agreement: int, tmp_path: Path) -> None:
    path = tmp_path / "签字页.pdf"
    path.write_bytes(PDF)
    row = services.agreement_files.attach_file(agreement, path)
    assert (row.name, row.mime, row.size, row.is_pdf) == ("签字页.pdf", "application/pdf", len(PDF), True)
    assert services.agreement_files.data(row.id) == PDF
    photo = services.agreement_files.attach(agreement, "../../照片.jpg", JPG)
    assert photo.name == "照片.jpg"
    assert [f.name for f in services.agreement_files.of(agreement)] == ["签字页.pdf", "照片.jpg"]
    assert services.agreements.get(agreement).file_count == 2
    entry = services.audit.recent(1)[0]
    assert entry.action == "添加协议附件" and photo.sha256 in entry.new_values


def test_the_same_file_twice_is_refused(services: Services, agreement: int) -> None:
    services.agreement_files.attach(agreement, "a.pdf", PDF)
    with pytest.raises(ConflictError, match="已经作为“a.pdf”附在"):
        services.agreement_files.attach(agreement, "b.pdf", PDF)


def test_a_file_over_the_limit_is_refused_without_being_read_whole(services: Services, agreement: int,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    big = tmp_path / "big.pdf"
    big.write_bytes(PDF + b"0" * 5000)
    with pytest.raises(ValidationError, match="超过了每个附件1 KB的上限"):
        services.agreement_files.attach_file(agreement, big)
    assert services.agreement_files.of(agreement) == []


def test_files_that_are_not_scans_or_not_there(services: Services, agreement: int, tmp_path: Path) -> None:
    program = tmp_path / "协议.pdf"
    program.write_bytes(b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="不是PDF、PNG或JPG文件"):
        services.agreement_files.attach_file(agreement, program)
    with pytest.raises(AppError, match="找不到文件"):
        services.agreement_files.attach_file(agreement, tmp_path / "无.pdf")
    with pytest.raises(AppError, match="是文件夹"):
        services.agreement_files.attach_file(agreement, tmp_path)


def test_removing_a_file_is_audited(services: Services, agreement: int) -> None:
    row = services.agreement_files.attach(agreement, "a.pdf", PDF)
    services.agreement_files.remove(row.id)
    assert services.agreement_files.of(agreement) == []
    assert services.audit.recent(1)[0].action == "删除协议附件"
    with pytest.raises(AppError, match="找不到这个附件"):
        services.agreement_files.data(row.id)
