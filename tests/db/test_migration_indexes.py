"""Revision 0005: the roster's sort indexes and the index for the county figures. A database at
0004 with members opens with the newest code, keeps its members and gains the indexes; the
roster's sorts and figures read them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, event, inspect, text

from app.db.migrate import alembic_config, current_revision, head_revision
from app.db.models.member import SORTED_BY_OWN_INDEX
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.members import query as mq
from app.services.members.service import MemberQuery

# The sort indexes revision 0005 made (0014 added ix_members_by_full_on, tested with 党龄).
OF_0005 = tuple(c for c in SORTED_BY_OWN_INDEX if c != "full_on")
NEW_INDEXES = {f"ix_members_by_{c}" for c in OF_0005} | {"ix_members_figures"}

# name, sex, id number, birth date, category, member type, work unit, phone, status, education
PEOPLE = [
    ("张三", "男", "110101198001010011", "1980-01-01", "常住党员", "正式党员", "青山县人民医院", "13800000003",
     "在册", "大学本科"),
    ("李四", "女", "110101199002020022", "1990-02-02", "离退休党员", "预备党员", "", "13800000001", "在册", "高中"),
    ("王五", "男", "110101197003030033", "1970-03-03", "常住党员", "正式党员", "城关镇政府", "", "在册", "大学本科"),
    ("赵六", "女", "110101196004040044", "1960-04-04", "流动党员", "正式党员", "城关镇政府", "13800000002",
     "已转出", "初中"),
]


def _database_at_0004(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO organizations (id, uuid, parent_id, name, short_name, org_type, secretary, phone,"
            " coverage, remarks, sort_order, closed_reason) VALUES (1, 'o-1', NULL, '和平社区党委', '和平社区',"
            " '社区党委', '', '', '', '', 1, '')"))
        for i, (name, sex, number, born, category, kind, unit, phone, status, edu) in enumerate(PEOPLE, 1):
            conn.execute(text(
                "INSERT INTO members (id, uuid, org_id, name, name_pinyin, name_initials, sex, ethnicity, id_number,"
                " birth_date, education, member_type, post, phone, address, party_status, lost_contact, mobile,"
                " mobile_to, category, management, work_unit, grid, center_household, remarks, status)"
                " VALUES (:id, :uuid, 1, :name, '', '', :sex, '汉族', :number, :born, :edu, :kind, '', :phone, '',"
                " '正常', 0, 0, '', :category, '', :unit, '', 0, '', :status)"),
                {"id": i, "uuid": f"m-{i}", "name": name, "sex": sex, "number": number, "born": born, "edu": edu,
                 "kind": kind, "phone": phone, "category": category, "unit": unit, "status": status})
    assert current_revision(engine) == "0004"
    assert not NEW_INDEXES & {ix["name"] for ix in inspect(engine).get_indexes("members")}
    engine.dispose()


@pytest.fixture
def upgraded(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    _database_at_0004(path)
    services = Services.open(path, Actor("测试员"))
    yield services
    services.close()


def test_database_at_0004_keeps_its_members_and_gains_the_indexes(upgraded: Services, tmp_path: Path) -> None:
    assert current_revision(upgraded.db.engine) == head_revision() != "0004"
    assert list(tmp_path.glob("old.before-upgrade-from-0004-*.db"))  # backup taken first
    rows = upgraded.members.rows(upgraded.members.search_ids(MemberQuery(include_left=True, sort="id")))
    assert [(r.name, r.id_number, r.status) for r in rows] == [(p[0], p[2], p[8]) for p in PEOPLE]
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(upgraded.db.engine).get_indexes("members")}
    assert set(indexes) >= NEW_INDEXES
    for column in OF_0005:
        lead = ["status", "id"] if column == "status" else ["status", column, "id"]
        assert indexes[f"ix_members_by_{column}"][:len(lead)] == lead
    assert indexes["ix_members_figures"][:4] == ["status", "category", "education", "ethnicity"]


POSITION = {"sex": 1, "category": 4, "member_type": 5, "work_unit": 6, "phone": 7, "id_number": 2, "status": 8}


@pytest.mark.parametrize("key", OF_0005)
@pytest.mark.parametrize("descending", [False, True])
def test_sorts_by_the_new_indexes_give_the_right_order(upgraded: Services, key: str, descending: bool) -> None:
    everyone = [(p[POSITION[key]], i, p[8]) for i, p in enumerate(PEOPLE, 1)]
    on_record = [i for _, i, status in sorted(everyone, reverse=descending) if status == "在册"]
    assert upgraded.members.search_ids(MemberQuery(sort=key, descending=descending)) == on_record
    assert upgraded.members.search_ids(MemberQuery(org_id=1, sort=key, descending=descending)) == on_record
    assert upgraded.members.search_ids(MemberQuery(sort=key, descending=descending, include_left=True)) == [
        i for _, i, _ in sorted(everyone, reverse=descending)]


def _plan(services: Services, q: MemberQuery) -> str:
    stmt = mq.id_select(q)
    with services.db.engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect)
        params = compiled.construct_params()
        values = [params[n] for n in compiled.positiontup or ()]
        raw = conn.connection.driver_connection
        return " | ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + str(compiled), values))


@pytest.mark.parametrize("key", OF_0005)
def test_county_sort_reads_the_column_index_in_order(upgraded: Services, key: str) -> None:
    plan = _plan(upgraded, MemberQuery(sort=key))
    assert f"COVERING INDEX ix_members_by_{key} " in plan and "TEMP B-TREE" not in plan
    # Inside a subtree the members are found by organisation.
    assert "ix_members_by_org (status=? AND org_id=?)" in _plan(upgraded, MemberQuery(org_id=1, sort=key))


def test_county_figures_read_their_index_and_count_the_members_on_record(upgraded: Services) -> None:
    statements: list[tuple[str, tuple]] = []
    engine = upgraded.db.engine

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, tuple(parameters)))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        stats = upgraded.members.stats(None, today=dt.date(2026, 7, 1))
        whole = upgraded.members.stats(1, today=dt.date(2026, 7, 1))  # the root: every organisation
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert stats == whole
    assert stats.total == 3 and (stats.full, stats.probationary) == (2, 1)
    assert stats.by_sex == {"男": 2, "女": 1}
    assert stats.by_education["大学本科"] == 2 and stats.by_education["高中"] == 1
    assert stats.by_category["常住党员"] == 2 and stats.by_category["离退休党员"] == 1
    figures = [(sql, args) for sql, args in statements if "GROUP BY members.category" in sql]
    assert len(figures) == 2
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        for sql, args in figures:
            assert "INDEXED BY ix_members_figures" in sql
            assert "org_id IN" not in sql  # the root's subtree is the whole county: no per-row check
            plan = " | ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + sql, args))
            assert "COVERING INDEX ix_members_figures" in plan and "TEMP B-TREE" not in plan
