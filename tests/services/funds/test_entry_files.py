"""Receipt scans of ledger entries: PDF/PNG/JPEG only (by content), 20 MB at most, names made
safe, duplicates refused; a posted entry still gains scans but never loses one; a draft deleted
takes its scans; the voucher counts them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.kit import attachments
from app.domain.kit.errors import AppError, ConflictError, NotFoundError, ValidationError
from app.services.container import Services
from tests.services.funds.helpers import build_tree, entry

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n% a receipt\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def test_a_posted_entry_gains_scans_but_never_loses_one(services: Services) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "300", on=TODAY, attachments=0))
    a = services.entry_files.attach(draft.id, "收据.pdf", PDF)
    b = services.entry_files.attach(draft.id, r"C:\扫描\..\发票.JPG", JPG)
    assert [f.name for f in services.entry_files.of(draft.id)] == ["收据.pdf", "发票.jpg"]
    services.entry_files.remove(b.id)  # a draft's scan can go
    assert [f.id for f in services.entry_files.of(draft.id)] == [a.id]
    done = services.ledger.post([draft.id], allow_negative=True)[0]
    late = services.entry_files.attach(done.id, "补交的发票.png", PNG)  # the receipt came later
    assert services.entry_files.counts([done.id]) == {done.id: 2}
    with pytest.raises(ConflictError, match=f"{done.voucher}.*已记账.*不能删除"):
        services.entry_files.remove(late.id)
    assert len(services.entry_files.of(done.id)) == 2
    assert services.entry_files.data(late.id) == PNG
    got = services.ledger.get(done.id)
    assert (got.amount, got.voucher_no, got.status) == (done.amount, done.voucher_no, "已记账")


@pytest.mark.parametrize(("name", "data", "words"), [
    ("收据.pdf", b"MZ\x90\x00 an exe", "不是PDF、PNG或JPG"), ("空.pdf", b"", "空文件"),
    ("收据.png", b"<html>", "不是PDF"), ("大.pdf", b"%PDF-" + b"0" * (attachments.MAX_BYTES), "超过了"),
])
def test_a_scan_that_is_not_a_scan_is_refused(services: Services, name: str, data: bytes, words: str) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY))
    with pytest.raises(ValidationError, match=words):
        services.entry_files.attach(draft.id, name, data)
    assert services.entry_files.of(draft.id) == []


def test_names_are_made_safe_and_a_duplicate_is_refused(services: Services) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY))
    long = services.entry_files.attach(draft.id, "=cmd|' /C calc'!A0" + "长" * 200 + ".exe", PDF)
    assert long.name.endswith(".pdf") and len(long.name) <= attachments.MAX_NAME and "/" not in long.name
    with pytest.raises(ConflictError, match="已经作为"):
        services.entry_files.attach(draft.id, "again.pdf", PDF)
    with pytest.raises(NotFoundError):
        services.entry_files.attach(99999, "x.pdf", PDF + b"1")


def test_files_are_read_from_disk_with_clear_refusals(services: Services, tmp_path: Path) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY))
    path = tmp_path / "收据.pdf"
    path.write_bytes(PDF)
    assert services.entry_files.attach_file(draft.id, path).name == "收据.pdf"
    with pytest.raises(AppError, match="找不到文件"):
        services.entry_files.attach_file(draft.id, tmp_path / "没有.pdf")
    with pytest.raises(AppError, match="文件夹"):
        services.entry_files.attach_file(draft.id, tmp_path)


def test_deleting_a_draft_takes_its_scans(services: Services) -> None:
    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY))
    f = services.entry_files.attach(draft.id, "收据.pdf", PDF)
    services.ledger.delete_draft(draft.id)
    with pytest.raises(NotFoundError):
        services.entry_files.data(f.id)


def test_the_voucher_counts_the_scans(services: Services) -> None:
    from app.reports.funds.vouchers import print_vouchers

    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY, attachments=1))
    done = services.ledger.post([draft.id], allow_negative=True)[0]

    def text() -> str:
        pdf, _pages = print_vouchers(services, entry_id=done.id)
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")

    assert "附件1张" in text() and "扫描件" not in text()
    for i, data in enumerate((PDF, PNG, JPG)):
        services.entry_files.attach(done.id, f"第{i}张.pdf", data)
    assert "附件3张（扫描件3份）" in text()
    pdf, _n = print_vouchers(services, org_id=tree.community, year=TODAY.year)
    assert "附件3张（扫描件3份）" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    Path("/tmp/hfund_voucher.pdf").write_bytes(pdf)
