"""What the funds tabs' import tests share: the tree with the office set, the check dialog
answered as a user would, and the background pool drained after each test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QThreadPool

from app.services.container import Services
from app.ui.kit.sheet_import import ImportCheckDialog
from tests.services.funds.helpers import Tree, build_tree

Steps = Callable[[ImportCheckDialog], None]


@pytest.fixture
def _pool_drained():  # type: ignore[no-untyped-def]
    yield
    QThreadPool.globalInstance().waitForDone()


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    services.settings.set("office_org_id", t.community)
    return t


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Callable[[Steps], list[ImportCheckDialog]]:
    """The check dialog is shown and ``steps`` act on it as the user would (ticking, choosing,
    clicking 确认导入 or 取消); its exec() then returns what the clicks made of it."""

    def install(steps: Steps) -> list[ImportCheckDialog]:
        shown: list[ImportCheckDialog] = []

        def fake_exec(self: ImportCheckDialog) -> int:
            self.show()
            shown.append(self)
            steps(self)
            return int(self.result())

        monkeypatch.setattr(ImportCheckDialog, "exec", fake_exec)
        return shown

    return install
