"""Roster search: text, filters, sort order and organisation subtrees, done in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.kit.errors import ValidationError
from app.services.container import Services
from app.services.members.service import MemberQuery
from tests.services.members.helpers import Tree, build_tree, member

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def tree(services: Services) -> Tree:
    t = build_tree(services)
    add = services.members.create
    add(member(t.branch_a, "张三丰", born=dt.date(1960, 1, 2), phone="13912345678", category="离退休党员"))
    add(member(t.branch_a, "张三", born=dt.date(1990, 3, 4), sex="女", phone="13800001111", category="在职党员"))
    add(member(t.branch_b, "李建国", born=dt.date(1975, 6, 7), phone="0531-86012345"))
    add(member(t.other_branch, "王建华", born=dt.date(1985, 8, 9), sex="女", member_type="预备党员",
               full_on=None, joined_on=dt.date(2025, 12, 1)))
    left = add(member(t.branch_b, "赵建军", born=dt.date(1970, 2, 3)))
    services.members.add_event(left.id, "转出", dt.date(2026, 1, 5), "北京市朝阳区")
    return t


def names(services: Services, **query: object) -> list[str]:
    ids = services.members.search_ids(MemberQuery(**query))  # type: ignore[arg-type]
    assert services.members.count(MemberQuery(**query)) == len(ids)  # type: ignore[arg-type]
    return [r.name for r in services.members.rows(ids)]


def test_default_is_everyone_on_record_sorted_by_pinyin(services: Services, tree: Tree) -> None:
    assert names(services) == ["李建国", "王建华", "张三", "张三丰"]


def test_two_character_fragment(services: Services, tree: Tree) -> None:
    assert names(services, text="建国") == ["李建国"]
    assert names(services, text="三丰") == ["张三丰"]
    assert names(services, text="建") == ["李建国", "王建华"]


def test_full_pinyin_prefix_and_substring(services: Services, tree: Tree) -> None:
    assert names(services, text="zhangsan") == ["张三", "张三丰"]
    assert names(services, text="ZhangSanFeng") == ["张三丰"]
    assert names(services, text="jianhua") == ["王建华"]


def test_initials(services: Services, tree: Tree) -> None:
    assert names(services, text="zsf") == ["张三丰"]
    assert names(services, text="ljg") == ["李建国"]


def test_id_and_phone_fragments(services: Services, tree: Tree) -> None:
    assert names(services, text="19750607") == ["李建国"]
    assert names(services, text="86012345") == ["李建国"]
    assert names(services, text="0000111") == ["张三"]


def test_words_must_all_match(services: Services, tree: Tree) -> None:
    assert names(services, text="张 1391") == ["张三丰"]


def test_wildcards_are_taken_literally(services: Services, tree: Tree) -> None:
    assert names(services, text="%") == []
    assert names(services, text="_") == []


def test_subtree_scoping(services: Services, tree: Tree) -> None:
    assert names(services, org_id=tree.community) == ["李建国", "张三", "张三丰"]
    assert names(services, org_id=tree.branch_a) == ["张三", "张三丰"]
    assert names(services, org_id=tree.other_community) == ["王建华"]
    assert len(names(services, org_id=tree.county)) == 4


def test_members_who_left(services: Services, tree: Tree) -> None:
    assert "赵建军" not in names(services)
    assert "赵建军" in names(services, include_left=True)
    assert names(services, status="已转出") == ["赵建军"]


def test_filters(services: Services, tree: Tree) -> None:
    assert names(services, category="离退休党员") == ["张三丰"]
    assert names(services, member_type="预备党员") == ["王建华"]
    assert names(services, sex="女") == ["王建华", "张三"]
    assert names(services, age_band="35岁及以下", today=TODAY) == []
    assert names(services, age_band="36–45岁", today=TODAY) == ["王建华", "张三"]  # 40 and 36
    assert names(services, age_band="46–59岁", today=TODAY) == ["李建国"]
    assert names(services, age_band="60岁及以上", today=TODAY) == ["张三丰"]


def test_sorting(services: Services, tree: Tree) -> None:
    assert names(services, sort="birth_date") == ["张三丰", "李建国", "王建华", "张三"]
    assert names(services, sort="birth_date", descending=True) == ["张三", "王建华", "李建国", "张三丰"]
    assert names(services, sort="age") == ["张三", "王建华", "李建国", "张三丰"]
    assert names(services, sort="name", descending=True) == ["张三丰", "张三", "王建华", "李建国"]
    # 东湖第一网格, 第一网格 (two members: entry order), 第二网格
    assert names(services, sort="org_id") == ["王建华", "张三丰", "张三", "李建国"]
    assert names(services, sort="org_id", descending=True) == ["李建国", "张三", "张三丰", "王建华"]
    assert names(services, sort="org_id", text="张") == ["张三丰", "张三"]


@pytest.mark.parametrize("key", ["phone", "category", "member_type", "education", "left_on", "status", "org_id",
                                 "name", "joined_on"])
@pytest.mark.parametrize("include_left", [False, True])
@pytest.mark.parametrize("whole_county", [False, True])
def test_any_column_sorts_like_the_table_shows_it(services: Services, tree: Tree, key: str,
                                                 include_left: bool, whole_county: bool) -> None:
    """Columns with and without an index of their own, with and without those who left, for the
    whole county and for one community."""
    query = MemberQuery(org_id=tree.county if whole_county else tree.community, include_left=include_left,
                        sort=key)
    rows = services.members.rows(services.members.search_ids(query))
    assert len(rows) == (5 if include_left else 4) - (0 if whole_county else 1)  # 王建华 is in 东湖

    def sort_key(r: object) -> tuple:
        value = r.org_name if key == "org_id" else getattr(r, key)  # type: ignore[attr-defined]
        if key == "name":
            value = (r.name_pinyin, r.name)  # type: ignore[attr-defined]
        return (value is not None, value or "", r.id if key != "org_id" else (r.org_id, r.id))  # type: ignore[attr-defined]

    assert [r.id for r in rows] == [r.id for r in sorted(rows, key=sort_key)]
    backwards = services.members.rows(services.members.search_ids(replace(query, descending=True)))
    assert [r.id for r in backwards] == [r.id for r in sorted(rows, key=sort_key, reverse=True)]


def test_unknown_sort_key_is_refused(services: Services, tree: Tree) -> None:
    with pytest.raises(ValidationError, match="排序"):
        services.members.search_ids(MemberQuery(sort="shoe_size"))


def test_rows_keep_the_order_given(services: Services, tree: Tree) -> None:
    ids = services.members.search_ids(MemberQuery())
    assert [r.id for r in services.members.rows(list(reversed(ids)))] == list(reversed(ids))
    assert services.members.rows([]) == []
