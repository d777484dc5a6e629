"""A placeholder written with an unknown format is a problem listed with its line, never text
printed as it stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main, registry
from app.domain.kit.errors import ValidationError
from app.reports.briefings.briefing import BriefingRequest, issue_briefing, render_briefing
from app.reports.briefings.period import parse_period
from tests.reports.kit.helpers import build_known
from tests.reports.kit.pdfcheck import text

PERIOD = parse_period(str(dt.date.today().year))


@pytest.mark.parametrize("written", ["{党员总数:x}", "{}", "{:}", "{党员总数：百分比}"])
def test_an_unknown_format_is_listed_not_printed(services, written: str) -> None:  # type: ignore[no-untyped-def]
    known = build_known(services)
    tpl = f"标题：测试\n共有党员{{党员总数}}。\n另有{written}。\n"
    result = render_briefing(services, BriefingRequest(known.street, PERIOD, template_text=tpl))
    assert [(p.line, p.message.startswith("不是可以填写的数字")) for p in result.problems] == [(3, True)]
    assert written not in text(result.pdf).replace("\n", "")
    with pytest.raises(ValidationError, match="不是可以填写的数字"):
        issue_briefing(services, BriefingRequest(known.street, PERIOD, template_text=tpl))


def test_an_overlong_placeholder_is_cut_in_the_problem(services) -> None:  # type: ignore[no-untyped-def]
    known = build_known(services)
    tpl = "标题：测试\n{" + "党" * 100_000 + "}\n"
    result = render_briefing(services, BriefingRequest(known.street, PERIOD, template_text=tpl))
    assert len(result.problems) == 1 and len(str(result.problems[0])) < 200


def test_the_command_line_lists_them_and_writes_no_pdf(services, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    known = build_known(services)
    db = services.db.path
    services.close()
    template = tmp_path / "模板.txt"
    template.write_text("标题：测试\n共有党员{党员总数:x}，{}名。\n", encoding="utf-8")
    registry.load_commands()
    out = tmp_path / "汇报.pdf"
    assert main(["briefing", "--period", str(dt.date.today().year), "--org", "城关街道党工委", "--template", str(template), "--out", str(out), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "模板第2行“{党员总数:x}”" in err and "模板第2行“{}”" in err
    assert not out.exists() and known.street
