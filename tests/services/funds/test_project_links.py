"""Special-fund projects from the 新建项目 form (hostile input refused by field) and entries linked
to a project: drafts link and unlink; a posted entry's project is refused by the service and,
underneath, by the database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.domain.kit.errors import AppError, ConflictError, ValidationError
from app.services.container import Services
from app.services.funds.projects import ProjectInput
from tests.services.funds.helpers import build_tree, entry, posted

TODAY = dt.date.today()


def form(org_id: int | None, **changes: object) -> ProjectInput:
    values: dict[str, object] = {"org_id": org_id, "name": "楼道照明改造", "budget": "20,000", "resolved_on": TODAY,
                                 "by": "社区党委会议"}
    values.update(changes)
    return ProjectInput(**values)  # type: ignore[arg-type]


def test_the_form_creates_a_project_as_agreed(services: Services) -> None:
    tree = build_tree(services)
    row = services.fund_projects.create_from(form(tree.community, proposed_on=TODAY - dt.timedelta(days=3),
                                                  description="  三栋楼  "))
    assert (row.name, row.stage, row.budget, row.spent, row.balance) == ("楼道照明改造", "项目议定", 2000000, 0, 2000000)
    assert row.steps[0].done_by == "社区党委会议" and row.description == "三栋楼"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"budget": "12.345"}, None, "两位小数"),
    ({"budget": "-100"}, None, "负数"),
    ({"name": ""}, "name", "请填写项目名称"),
    ({"name": "长" * 61}, "name", "最多60个字"),
    ({"by": " "}, "done_by", "议定人"),
    ({"by": "人" * 31}, "done_by", "太长"),
    ({"resolved_on": None}, "resolved_on", "议定日期"),
    ({"resolved_on": TODAY + dt.timedelta(days=1)}, "resolved_on", "晚于今天"),
    ({"proposed_on": TODAY + dt.timedelta(days=1)}, "proposed_on", "提议日期"),
    ({"org_id": None}, "org_id", "党组织"),
    ({"description": "字" * 501}, "description", "500"),
])
def test_the_form_refuses_hostile_input(services: Services, changes: dict[str, object], field: str | None,
                                        words: str) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError, match=words) as caught:
        changes = dict(changes)  # the parameters are shared by both engines' runs
        org = changes.pop("org_id", tree.community)
        services.fund_projects.create_from(form(org, **changes))  # type: ignore[arg-type]
    if field:
        assert caught.value.field == field
    assert services.fund_projects.projects() == []


def test_a_formula_in_the_name_is_kept_as_text(services: Services) -> None:
    tree = build_tree(services)
    row = services.fund_projects.create_from(form(tree.community, name="=cmd|' /C calc'!A0"))
    assert services.fund_projects.get(row.id).name == "=cmd|' /C calc'!A0"


def test_drafts_link_and_unlink_and_posted_entries_keep_their_project(services: Services) -> None:
    tree = build_tree(services)
    pid = services.fund_projects.create_from(form(tree.community)).id
    other = services.fund_projects.create_from(form(tree.community, name="助老餐桌")).id
    a = services.ledger.create(entry(tree.community, "300", category="公益服务", on=TODAY))
    b = services.ledger.create(entry(tree.community, "200", category="公益服务", on=TODAY))
    elsewhere = services.ledger.create(entry(tree.other_community, "50", on=TODAY))
    assert services.fund_projects.link(pid, [a.id, b.id]) == 2
    assert {r.project_id for r in services.ledger.rows([a.id, b.id])} == {pid}
    assert services.fund_projects.link(pid, [a.id]) == 0  # already linked: nothing changes
    assert services.fund_projects.link(other, [b.id], linked=False) == 0  # not that project's
    assert services.fund_projects.link(pid, [b.id], linked=False) == 1
    assert services.ledger.get(b.id).project_id is None
    with pytest.raises(ValidationError, match="不属于项目所在的党组织"):
        services.fund_projects.link(pid, [elsewhere.id])
    done = services.ledger.post([a.id], allow_negative=True)[0]
    assert services.fund_projects.get(pid).spent == 30000
    with pytest.raises(ConflictError, match=f"{done.voucher}.*已记账"):
        services.fund_projects.link(pid, [done.id], linked=False)
    with pytest.raises(ConflictError, match="已记账"):
        services.fund_projects.link(other, [done.id])
    assert services.ledger.get(done.id).project_id == pid
    with pytest.raises(Exception, match="已记账的收支记录不能修改"), services.db.sessions.begin() as s:
        s.execute(text("UPDATE fund_entries SET project_id = NULL WHERE id = :i"), {"i": done.id})
    assert services.ledger.get(done.id).project_id == pid


def test_linking_to_a_missing_project_is_refused(services: Services) -> None:
    tree = build_tree(services)
    draft = posted(services, entry(tree.community, "1", on=TODAY))
    with pytest.raises(AppError, match="找不到该专项项目"):
        services.fund_projects.link(99999, [draft.id])
