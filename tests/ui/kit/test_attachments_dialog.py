"""The kit's attachments dialog from the two pages that gained it: a meeting's 照片 on the 三会一课
page and a brand's 附件 on the 特色品牌 page, driven in pytest-qt over real services. A photo is
added from disk, shown, saved back byte for byte and removed; a file that is not a picture or
PDF is refused with its Chinese reason and nothing is kept; a viewer may look but not add."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from app.domain.access.permissions import Role
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.sites.rows import BrandInput
from app.ui.kit.attachments_dialog import AttachmentsDialog
from app.ui.kit.changes import ChangeBus
from app.ui.kit.image_dialog import ImageDialog
from app.ui.orglife.tab import OrglifeTab
from app.ui.sites.tab import SitesTab
from tests.services.orglife.helpers import meeting, roster


def photo(tmp_path: Path, name: str = "会场.png") -> Path:
    image = QImage(160, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("#c8102e"))
    path = tmp_path / name
    image.save(str(path))
    return path


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AttachmentsDialog, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)


def test_a_meetings_photos_from_the_page(qtbot, services: Services, tmp_path: Path, no_wait: None) -> None:
    data = roster(services)
    held = services.orglife.create(meeting(data.tree.branch_a))
    tab = OrglifeTab(services, ChangeBus(services.hub))
    qtbot.addWidget(tab)
    tab.show()
    page = tab.meetings
    page.apply()
    page.table.select_ids([held.id], held.id)
    dialog = page.photos()
    assert isinstance(dialog, AttachmentsDialog) and "已附照片0份" in dialog.info.text()
    bad = tmp_path / "照片.jpg"
    bad.write_bytes(b"<html>not a photo</html>")
    dialog.add(str(bad))
    assert "不是PDF、PNG或JPG" in dialog.error.text() and dialog.list.count() == 0
    source = photo(tmp_path)
    dialog.add(str(source))
    assert dialog.list.count() == 1 and "已附照片1份" in dialog.info.text() and dialog.changed
    shown = dialog.view()
    assert isinstance(shown, ImageDialog)
    shown.close()
    page.apply()
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "photos")
    assert page.model.data(page.model.index(page.model.row_number(held.id), column)) == "1"
    out = tmp_path / "另存.png"
    dialog.save_as(str(out))
    assert out.read_bytes() == source.read_bytes()
    dialog.grab().save(str(tmp_path / "meeting-photos.png"))
    dialog.remove()
    assert dialog.list.count() == 0 and services.meeting_files.of(held.id) == []


def test_a_brands_materials_and_a_viewer(qtbot, services: Services, tmp_path: Path, no_wait: None) -> None:
    data = roster(services)
    brand = services.brands.create(BrandInput("邻里守望", data.tree.community, description="楼栋党建"))
    services.brand_files.attach_file(brand.id, photo(tmp_path, "成果.png"))
    viewer = Services.sharing(services.brands)
    viewer.act_as(Actor("访客", role=Role.VIEWER.value))
    tab = SitesTab(viewer, ChangeBus(viewer.hub))
    qtbot.addWidget(tab)
    tab.show()
    page = tab.brands
    page.apply()
    page.table.select_ids([brand.id], brand.id)
    assert page.actions_["brandFiles"].isEnabled()
    dialog = page.attachments()
    assert isinstance(dialog, AttachmentsDialog) and dialog.list.count() == 1
    assert not dialog.buttons["addFile"].isEnabled() and not dialog.buttons["removeFile"].isEnabled()
    assert dialog.buttons["viewFile"].isEnabled() and dialog.buttons["saveFile"].isEnabled()
    assert dialog.windowTitle() == "附件：邻里守望"
