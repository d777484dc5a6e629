"""Each issuing organisation's own 第X期 and 总第X期; the issuer's 版记; a number is taken only
for a file that was written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.domain.kit.errors import AppError, ValidationError
from app.reports.briefings.briefing import BriefingRequest, Kind, issue_briefing, render_briefing
from app.reports.briefings.period import parse_period
from app.services.briefings.service import IssuerSettings
from app.services.container import Services
from app.services.kit.base import Actor
from tests.reports.kit.helpers import build_known
from tests.reports.kit.pdfcheck import text

DAY = dt.date(2026, 10, 8)
Q3 = parse_period("2026Q3")


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def bulletin(org_id: int, **kw) -> BriefingRequest:  # type: ignore[no-untyped-def]
    return BriefingRequest(org_id, Q3, Kind.BULLETIN, issued_on=DAY, **kw)


def test_each_issuer_numbers_its_own_bulletins(services: Services) -> None:
    known = build_known(services)
    street1, _ = issue_briefing(services, bulletin(known.street))
    street2, _ = issue_briefing(services, bulletin(known.street))
    community, result = issue_briefing(services, bulletin(known.community))
    assert (street1.number, street2.number) == (1, 2)
    assert (community.number, community.total_number) == (1, 1)  # not 第3期: the community's own
    assert "第1期（总第1期）" in flat(result.pdf) and "和平社区党委编" in flat(result.pdf)
    report, _ = issue_briefing(services, BriefingRequest(known.community, Q3, Kind.REPORT, issued_on=DAY))
    assert (report.number, report.total_number) == (1, 1)  # work reports are counted apart
    svc = services.briefings
    assert svc.next_numbers(known.street, "简报", 2026).number == 3
    assert svc.next_numbers(known.community, "简报", 2027) == type(svc.next_numbers(0, "简报", 2027))(1, 2)


def test_the_issuers_distribution_is_printed_and_changeable_per_issue(services: Services) -> None:
    known = build_known(services)
    # nothing set: no 版记 lines at all, and never placeholder text
    t = flat(render_briefing(services, bulletin(known.community)).pdf)
    assert "报：" not in t and "上级党委组织部" not in t and "共印" not in t
    services.briefings.set_issuer_settings(known.community, IssuerSettings(
        masthead="和平社区党建简报", lines=(("报", "城关街道党工委"), ("发", "各网格党支部")), copies=40))
    t = flat(render_briefing(services, bulletin(known.community)).pdf)
    assert "和平社区党建简报" in t and "报：城关街道党工委" in t and "发：各网格党支部" in t
    assert "共印40份" in t and "送：" not in t
    # the street has its own (none), the community's stay the community's
    assert "城关街道党工委" not in flat(render_briefing(services, bulletin(known.street)).pdf).split("编")[-1]
    # one issue sent to someone else, printed in another number of copies
    t = flat(render_briefing(services, bulletin(known.community, recipients=(("送", "社区居委会"),),
                                                copies=0)).pdf)
    assert "送：社区居委会" in t and "报：" not in t and "共印" not in t
    assert services.audit.recent(1)[0].action == "修改版记"


def test_hostile_distribution_values_are_refused_with_a_reason(services: Services) -> None:
    known = build_known(services)
    svc = services.briefings
    with pytest.raises(ValidationError, match="报"):
        svc.set_issuer_settings(known.community, IssuerSettings(lines=(("报", "长" * 300),)))
    with pytest.raises(ValidationError, match="版记只有报、送、发"):
        svc.set_issuer_settings(known.community, IssuerSettings(lines=(("抄", "某单位"),)))
    with pytest.raises(ValidationError, match="印数"):
        svc.set_issuer_settings(known.community, IssuerSettings(copies=-3))
    with pytest.raises(ValidationError, match="印数"):
        render_briefing(services, bulletin(known.community, copies=-1))
    assert svc.issuer_settings(known.community) == IssuerSettings()


def test_a_number_is_taken_only_when_the_file_is_written(services: Services, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    known = build_known(services)
    not_a_folder = tmp_path / "文件"
    not_a_folder.write_text("x")
    with pytest.raises(AppError, match="没有印发"):
        issue_briefing(services, bulletin(known.street), not_a_folder / "简报.pdf")
    (tmp_path / "文件夹.pdf").mkdir()  # a name taken by a folder: refused before anything is kept
    with pytest.raises(AppError, match="是文件夹.*没有印发"):
        issue_briefing(services, bulletin(known.street), tmp_path / "文件夹.pdf")
    assert services.briefings.list() == []
    row, _ = issue_briefing(services, bulletin(known.street), tmp_path / "简报.pdf")
    assert row.number == 1
    assert (tmp_path / "简报.pdf").read_bytes() == services.briefings.pdf(row.id)
    # written and kept, but the file cannot take its name (open in a PDF reader on Windows):
    # the user is told it was issued and where to get it again
    import app.services.kit.files as files

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "locked")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(AppError, match="已印发为2026年第2期.*已印发"):
        issue_briefing(services, bulletin(known.street), tmp_path / "第2期.pdf")
    monkeypatch.undo()
    kept = services.briefings.list()[0]
    assert kept.number == 2
    assert not (tmp_path / "第2期.pdf").exists()
    assert sorted(p.name for p in tmp_path.glob("*.pdf*")) == ["文件夹.pdf", "简报.pdf"]  # no leftovers
    assert not list(tmp_path.glob(".dangjian-tmp-*"))


@pytest.fixture
def full_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 1 MB file system, filled up."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    filler = mount / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    yield mount, filler
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_the_number_for_the_rerun(tmp_path: Path, full_disk, capsys) -> None:
    mount, filler = full_disk
    db = tmp_path / "ledger.db"  # the database is on another disk; only the PDF's is full
    s = Services.open(db, Actor("测试员"))
    build_known(s)
    s.close()
    out = mount / "第1期简报.pdf"
    args = ["briefing", "--db", str(db), "--period", "2026Q3", "--org", "城关街道", "--kind", "简报",
            "--date", "2026-10-08", "--issue", "--out", str(out)]
    assert main(args) == 1
    assert "磁盘空间不足" in capsys.readouterr().err
    assert not out.exists() and not list(mount.glob("*.part"))
    assert main(["briefings", "--db", str(db)]) == 0
    assert "还没有印发过材料" in capsys.readouterr().out
    filler.unlink()  # the clerk makes room and runs it again
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "2026年第1期（总第1期）简报" in said
    assert "第1期" in flat(out.read_bytes())


def test_the_command_line_writes_a_draft_unless_told_to_issue(tmp_path: Path, capsys) -> None:
    db = tmp_path / "ledger.db"
    s = Services.open(db, Actor("测试员"))
    build_known(s)
    s.close()
    base = ["briefing", "--db", str(db), "--period", "2026Q3", "--org", "和平社区党委", "--kind", "简报",
            "--date", "2026-10-08"]
    assert main([*base, "--out", str(tmp_path / "a.pdf")]) == 0
    assert "草稿" in capsys.readouterr().out
    assert main([*base, "--draft", "--out", str(tmp_path / "b.pdf")]) == 0  # still accepted
    assert main([*base, "--issue", "--report-to", "城关街道党工委", "--copies", "25",
                 "--out", str(tmp_path / "c.pdf")]) == 0
    assert "已印发2026年第1期" in capsys.readouterr().out
    t = flat((tmp_path / "c.pdf").read_bytes())
    assert "报：城关街道党工委" in t and "共印25份" in t
    assert main([*base, "--issue", "--draft", "--out", str(tmp_path / "d.pdf")]) == 2  # one or the other
    assert "--draft" in capsys.readouterr().err
    assert main([*base, "--issue", "--copies", "-5", "--out", str(tmp_path / "e.pdf")]) == 1
    assert "印数" in capsys.readouterr().err
    s = Services.open(db, Actor("测试员"))
    try:
        assert [r.number for r in s.briefings.list()] == [1]
    finally:
        s.close()


def test_issue_numbers_survive_an_older_request(services: Services) -> None:
    known = build_known(services)
    first, _ = issue_briefing(services, bulletin(known.street))
    again = dataclasses.replace(bulletin(known.street), number=first.number)
    with pytest.raises(AppError, match="已经印发"):
        issue_briefing(services, again)
