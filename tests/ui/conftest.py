from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.kit import fonts


@pytest.fixture(autouse=True)
def _cjk_font(qapp: QApplication) -> None:
    fonts.install(qapp)


@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of blocking the test."""
    seen: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.text())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: (seen.append(a[2]), QMessageBox.StandardButton.Yes)[1])
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: seen.append(a[2]))
    return seen


@pytest.fixture(autouse=True)
def _delete_leftover_windows(qapp: QApplication) -> Iterator[None]:
    """Windows and dialogs a test left behind (built without qtbot.addWidget) are deleted after
    it: each one left alive makes every later change of the application's font or stylesheet
    re-polish it, and a run of several hundred GUI tests then slows to a crawl. A widget that
    must outlive its test is marked ``keep_across_tests`` (see test_every_model.py)."""
    yield
    left = [w for w in qapp.topLevelWidgets() if not w.property("keep_across_tests") and w.parent() is None]
    for w in left:
        w.hide()
        w.deleteLater()
    if left:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
