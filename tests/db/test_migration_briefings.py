"""Issues made before numbering per issuer keep their numbers and get their 总第X期."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from app.db.migrate import alembic_config
from app.services.container import Services
from app.services.kit.base import Actor


def test_old_issues_keep_their_numbers_and_count_on(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO organizations (id, uuid, parent_id, name, short_name, org_type, secretary, phone,"
            " coverage, remarks, sort_order, closed_reason) VALUES (1, 'u-1', NULL, '和平社区党委', '',"
            " '社区党委', '', '', '', '', 1, '')"))
        for i, (year, number) in enumerate(((2025, 1), (2025, 2), (2026, 1)), start=1):
            conn.execute(text(
                "INSERT INTO briefings (id, uuid, kind, year, number, title, org_id, period_label, issued_on,"
                " issuer, issued_by, pages, sha256, template, pdf) VALUES (:i, :u, '简报', :y, :n, '标题', 1, '',"
                " :d, '和平社区党委', '测试员', 1, '', '', :pdf)"),
                {"i": i, "u": f"b-{i}", "y": year, "n": number, "d": f"{year}-0{number}-01", "pdf": b"%PDF-1.4"})
    engine.dispose()
    s = Services.open(path, Actor("测试员"))
    try:
        rows = sorted(s.briefings.list(), key=lambda r: r.id)
        assert [(r.year, r.number, r.total_number) for r in rows] == [(2025, 1, 1), (2025, 2, 2), (2026, 1, 3)]
        assert (s.briefings.next_numbers(1, "简报", 2026).number, s.briefings.next_numbers(1, "简报", 2026).total) == (2, 4)
    finally:
        s.close()
