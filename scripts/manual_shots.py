"""Pictures for the built-in manual (resources/manual/images/), taken from the program itself.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python scripts/manual_shots.py [OUT_DIR]

Follows the manual's path in a temporary folder (the user's own data is never touched): the
first-start wizard of a new community, the import of its roster (a file made here, with one
wrong ID number), its members, a briefing of its own records, backups, users; then the
demonstration county for the organisation tree and the audit trail. Re-run it after a
change to any of these windows and commit the PNGs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

TMP = Path(tempfile.mkdtemp(prefix="dangjian-shots-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(TMP / var.lower())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from app.domain.kit.idcard import make_id  # noqa: E402
from app.services.container import Services  # noqa: E402
from app.ui.briefings.tab import BriefingTab  # noqa: E402
from app.ui.kit import fonts  # noqa: E402
from app.ui.orgs.tab import OrgTab  # noqa: E402
from app.ui.startup import apply_stylesheet  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "resources" / "manual" / "images"
OFFICE = "和平社区党委"
PASSWORD = "Heping2026"
ORGS = ["第一网格党支部", "第二网格党支部", "离退休党员党支部"]
NAMES = ["王建国", "李秀英", "张伟", "刘芳", "陈志强", "杨丽娟", "赵明", "黄淑珍", "周海涛", "吴桂兰",
         "徐晓东", "孙玉梅", "马俊", "朱红", "胡建华", "郭静", "何永胜", "高雅琴"]


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def grab(widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def roster_file(path: Path) -> Path:
    """A roster as an office keeps it: the program's template, filled in, one ID mistyped."""
    import openpyxl

    from app.io.members.exporter import write_template

    write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["党员花名册"]
    column = {str(c.value).lstrip("*"): c.column for c in ws[1] if c.value}
    rng = random.Random(7)
    for i, name in enumerate(NAMES):
        sex = "女" if name[-1] in "英芳娟珍兰梅红静琴" else "男"
        born = dt.date(1945 + rng.randrange(0, 50), rng.randrange(1, 13), rng.randrange(1, 28))
        number = make_id("110105", born, sex, rng)
        if i == 5:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")  # a mistyped check digit
        joined = dt.date(born.year + 25 + rng.randrange(0, 10), 7, 1)
        retired = born.year < 1965
        values = {"序号": i + 1, "姓名": name, "性别": sex, "民族": "汉族", "公民身份号码": number,
                  "学历": "大专", "人员类别": "预备党员" if i == 3 else "正式党员",
                  "所在党组织": ORGS[2] if retired else ORGS[i % 2], "加入党组织日期": joined,
                  "转为正式党员日期": None if i == 3 else dt.date(joined.year + 1, 7, 1),
                  "联系电话": f"1391234{5600 + i}", "党员类别": "离退休党员" if retired else "在职党员"}
        for col in column.values():  # row 2 held the template's example
            ws.cell(row=i + 2, column=col).value = None
        for label, value in values.items():
            ws.cell(row=i + 2, column=column[label]).value = value
    wb.save(path)
    return path


def own_office(app: QApplication) -> None:
    from app.services.kit.base import Actor
    from app.ui.access.login import LoginDialog
    from app.ui.access.users_dialog import UsersDialog
    from app.ui.access.wizard import FirstStartDialog
    from app.ui.main_window import MainWindow
    from app.ui.members.io import ImportPreviewDialog, IoServices, build_preview
    from app.ui.safety.backup_dialog import BackupDialog

    services = Services.open(TMP / "和平社区.db", Actor("向导"))
    wizard = FirstStartDialog(services)
    wizard.name.setText(OFFICE)
    wizard.level.setCurrentIndex(wizard.level.findText("社区党委"))
    wizard.admin.password.setText(PASSWORD)
    wizard.admin.again.setText(PASSWORD)
    grab(wizard, "first-start.png")
    wizard.save()
    assert wizard.actor is not None, wizard.error.text()
    services.act_as(wizard.actor)

    login = LoginDialog(services, last_user="admin")
    grab(login, "login.png")
    login.close()

    io = IoServices.of(services.members, services.orgs, services.settings, services.exports)
    preview = build_preview(None, io, roster_file(TMP / "和平社区党员名册.xlsx"))
    assert preview is not None
    dialog = ImportPreviewDialog(io, preview)
    dialog.create_orgs.setChecked(True)
    grab(dialog, "import-preview.png", (900, 560))
    dialog.confirm()
    assert dialog.outcome is not None, dialog.error.text()

    window = MainWindow(services, {})
    window.resize(1180, 760)
    window.show()
    settle()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("党员"))
    grab(window, "members.png")

    window.tabs.setCurrentIndex(titles.index("材料"))
    tab = cast(BriefingTab, window.tabs.currentWidget())
    tab.form.kind.setCurrentIndex(tab.form.kind.findText("简报"))
    settle()
    result = tab.generate()
    assert result is not None
    settle(1.5)
    grab(window, "briefing.png")

    services.backups.backup_now()
    backups = BackupDialog(services, window)
    grab(backups, "backup.png", (1000, 460))
    backups.close()

    services.auth.add_user("liwen", "党务工作者", "Dangjian#2026", "李文")
    services.auth.add_user("zhaoli", "查看", "Chakan#2026", "赵丽")
    users = UsersDialog(services, window)
    grab(users, "users.png", (820, 560))
    users.close()
    window.close()
    services.close()


def demo_county() -> None:
    from app.services.demo import DEMO_ADMIN, DEMO_PASSWORD, build_demo
    from app.services.kit.base import Actor
    from app.ui.main_window import MainWindow

    services = Services.open(TMP / "demo.db", Actor("演示"))
    build_demo(services, options={"members": 300})
    services.act_as(services.auth.login(DEMO_ADMIN, DEMO_PASSWORD))
    window = MainWindow(services, {})
    window.resize(1180, 760)
    window.show()
    settle()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("组织"))
    tree = cast(OrgTab, window.tabs.currentWidget()).tree
    tree.expandToDepth(2)
    grab(window, "orgs.png")
    window.tabs.setCurrentIndex(titles.index("共建"))
    grab(window, "cobuild.png")
    window.tabs.setCurrentIndex(titles.index("审计"))
    grab(window, "audit.png")
    window.close()
    services.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    fonts.install(app)
    apply_stylesheet(app)
    # Message boxes would wait for a click: note them instead.
    QMessageBox.information = lambda *a, **k: print("message:", a[2] if len(a) > 2 else "")  # type: ignore[method-assign, assignment]
    own_office(app)
    demo_county()


if __name__ == "__main__":
    main()
