"""`dangjian briefing` and `dangjian briefings` on a database with known records."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main, registry
from app.services.container import Services
from app.services.kit.base import Actor
from tests.reports.kit.helpers import build_known
from tests.reports.kit.pdfcheck import reader, text


@pytest.fixture(autouse=True)
def _briefing_commands() -> None:
    registry.load_commands()
    if not any(c.name == "briefing" for c in registry.COMMANDS):
        import app.cli.briefing_commands  # noqa: F401  (until registry.MODULES lists it)


@pytest.fixture
def known_db(db_path: Path) -> Path:
    s = Services.open(db_path, Actor("测试员"))
    build_known(s)
    s.close()
    return db_path


def test_bulletin_written_and_numbered(known_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "简报.pdf"
    args = ["briefing", "--db", str(known_db), "--period", "2026Q3", "--org", "城关街道",
            "--kind", "简报", "--date", "2026-10-08", "--issue", "--out", str(out)]
    assert main(args) == 0
    assert "第1期（总第1期）简报" in capsys.readouterr().out
    t = text(out.read_bytes()).replace("\n", "").replace(" ", "")
    assert "第1期" in t and "在册党员7名" in t and "2026年10月8日" in t
    assert main(args) == 0
    assert "第2期（总第2期）简报" in capsys.readouterr().out
    assert main(["briefings", "--db", str(known_db)]) == 0
    listing = capsys.readouterr().out
    assert "2026年第1期" in listing and "2026年第2期" in listing
    first_id = listing.strip().splitlines()[-1].split("\t")[0]
    again = tmp_path / "重印.pdf"
    assert main(["briefings", "--db", str(known_db), "--reprint", first_id, "--out", str(again)]) == 0
    assert "第1期" in text(again.read_bytes())


def test_draft_does_not_take_a_number(known_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "汇报.pdf"
    assert main(["briefing", "--db", str(known_db), "--period", "2026", "--org", "和平社区党委",
                 "--title", "和平社区年度汇报", "--draft", "--out", str(out)]) == 0
    assert "草稿" in capsys.readouterr().out
    assert len(reader(out.read_bytes()).pages) >= 1
    assert main(["briefings", "--db", str(known_db)]) == 0
    assert "还没有印发过材料" in capsys.readouterr().out


def test_unfilled_placeholder_refuses_to_write(known_db: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "模板.txt"
    template.write_text("标题：测试\n共有党员{党员总数}，共建单位{共建单位总数}。\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    code = main(["briefing", "--db", str(known_db), "--period", "2026", "--template", str(template),
                 "--org", "城关街道党工委", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "{共建单位总数}" in err and "没有生成PDF" in err
    assert not out.exists()


def test_bad_period_and_unknown_org_are_plain_messages(known_db: Path, tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "x.pdf")
    assert main(["briefing", "--db", str(known_db), "--period", "明年", "--out", out]) == 1
    assert "时间段" in capsys.readouterr().err
    assert main(["briefing", "--db", str(known_db), "--period", "2026", "--org", "不存在党委",
                 "--out", out]) == 1
    assert "找不到" in capsys.readouterr().err
