"""The 收支明细 page's 附件 dialog driven in pytest-qt over real services: scans added from disk
(a file that is not a scan, or too big, refused with its Chinese reason), viewed, saved back
byte for byte; removed from a draft; on a posted entry a scan is still added but 删除 is off
and, forced, refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.kit import attachments
from app.services.container import Services
from app.ui.funds.entry_files_dialog import EntryFilesDialog
from app.ui.funds.tab import FundsTab
from app.ui.kit.changes import ChangeBus
from tests.services.funds.helpers import build_tree, entry

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n% a receipt\n"


def png_file(tmp_path: Path) -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#ddeeff"))
    path = tmp_path / "发票.png"
    image.save(str(path))
    return path


def test_scans_on_a_draft_and_then_on_the_posted_entry(qtbot, services: Services, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tree = build_tree(services)
    services.settings.set("office_org_id", tree.county)
    draft = services.ledger.create(entry(tree.community, "300", on=TODAY))
    tab = FundsTab(services, ChangeBus(services.hub))
    qtbot.addWidget(tab)
    tab.show()
    tab.ledger.table.select_ids([draft.id], draft.id)
    monkeypatch.setattr(EntryFilesDialog, "exec", lambda self: 0)
    dialog = tab.ledger.attachments()
    assert isinstance(dialog, EntryFilesDialog) and "草稿" in dialog.info.text()
    bad = tmp_path / "病毒.pdf"
    bad.write_bytes(b"MZ\x90\x00")
    dialog.add(str(bad))
    assert "不是PDF、PNG或JPG" in dialog.error.text() and dialog.list.count() == 0
    big = tmp_path / "大.pdf"
    big.write_bytes(b"%PDF-" + b"0" * attachments.MAX_BYTES)
    dialog.add(str(big))
    assert "超过了" in dialog.error.text()
    pdf = tmp_path / "收据.pdf"
    pdf.write_bytes(PDF)
    dialog.add(str(pdf))
    dialog.add(str(png_file(tmp_path)))
    assert dialog.list.count() == 2 and dialog.error.isHidden() and "已附扫描件2份" in dialog.info.text()
    dialog.list.setCurrentRow(1)
    shown = dialog.view()
    assert shown is not None and shown.windowTitle() == "发票.png"
    shown.close()
    out = tmp_path / "另存.png"
    dialog.save_as(str(out))
    assert out.read_bytes() == png_file(tmp_path).read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.list.setCurrentRow(0)
    dialog.remove()
    assert dialog.list.count() == 1 and dialog.changed

    services.ledger.post([draft.id], allow_negative=True)
    posted = EntryFilesDialog(services, draft.id)
    qtbot.addWidget(posted)
    assert "已记账" in posted.info.text() and not posted.buttons["removeFile"].isEnabled()
    second = tmp_path / "补交收据.pdf"
    second.write_bytes(PDF + b"2")
    posted.add(str(second))
    assert posted.list.count() == 2
    posted.list.setCurrentRow(0)
    posted.remove()  # forced past the disabled button
    assert "已记账" in posted.error.text() and "不能删除" in posted.error.text() and posted.list.count() == 2
    posted.resize(620, 360)
    posted.show()
    posted.grab().save("/tmp/hfund_entry_files.png")


def test_a_viewer_may_look_and_save_but_not_add(qtbot, services: Services) -> None:
    from app.services.kit.base import Actor

    tree = build_tree(services)
    draft = services.ledger.create(entry(tree.community, "1", on=TODAY))
    services.entry_files.attach(draft.id, "收据.pdf", PDF)
    services.act_as(Actor("小李", role="查看"))
    dialog = EntryFilesDialog(services, draft.id, editable=False)
    qtbot.addWidget(dialog)
    assert not dialog.buttons["addFile"].isEnabled() and not dialog.buttons["removeFile"].isEnabled()
    assert dialog.buttons["saveFile"].isEnabled() and dialog.list.count() == 1
