import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.orgs.rules import (
    OrgType,
    check_parent_type,
    clean_name,
    parse_org_type,
    term_end_default,
    term_state,
)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (OrgType.STREET, OrgType.COUNTY),
        (OrgType.COMMUNITY, OrgType.STREET),
        (OrgType.GENERAL_BRANCH, OrgType.COMMUNITY),
        (OrgType.GRID_BRANCH, OrgType.COMMUNITY),
        (OrgType.BRANCH, OrgType.GENERAL_BRANCH),
        (OrgType.GROUP, OrgType.GRID_BRANCH),
        (OrgType.JOINT_BRANCH, OrgType.STREET),
        (OrgType.OFFICE_BUILDING, OrgType.STREET),
    ],
)
def test_allowed_parents(child: OrgType, parent: OrgType) -> None:
    check_parent_type(child, parent)


@pytest.mark.parametrize(
    ("child", "parent", "words"),
    [
        (OrgType.COMMUNITY, OrgType.BRANCH, "不能设在党支部之下"),
        (OrgType.STREET, OrgType.COMMUNITY, "不能设在社区党委之下"),
        (OrgType.COMMUNITY, OrgType.COMMUNITY, "层级必须低于"),
        (OrgType.GROUP, OrgType.COMMUNITY, "党小组只能设在党支部"),
        (OrgType.BRANCH, OrgType.GROUP, "不能设在党小组之下"),
    ],
)
def test_refused_parents_name_the_problem(child: OrgType, parent: OrgType, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_parent_type(child, parent)
    assert words in err.value.message
    assert err.value.field == "上级组织"


def test_names_are_trimmed_and_must_not_be_empty() -> None:
    assert clean_name("  和平社区   党委 ") == "和平社区 党委"
    with pytest.raises(ValidationError, match="不能为空"):
        clean_name("   ")
    with pytest.raises(ValidationError, match="过长"):
        clean_name("很" * 61)


def test_type_spellings() -> None:
    assert parse_org_type("社区党委") is OrgType.COMMUNITY
    assert parse_org_type("县委") is OrgType.COUNTY
    with pytest.raises(ValidationError, match="无法识别"):
        parse_org_type("居委会")


def test_terms_follow_the_regulations() -> None:
    start = dt.date(2024, 2, 29)
    assert term_end_default(OrgType.COMMUNITY, start) == dt.date(2029, 2, 28)
    assert term_end_default(OrgType.GRID_BRANCH, dt.date(2024, 5, 1)) == dt.date(2027, 5, 1)
    assert term_end_default(OrgType.GROUP, start) is None


def test_term_state_warns_before_and_after_the_end() -> None:
    today = dt.date(2026, 11, 28)
    assert term_state(dt.date(2026, 11, 1), today).expired
    assert "已届满27天" in term_state(dt.date(2026, 11, 1), today).label
    assert term_state(dt.date(2027, 1, 1), today).label == "34天后届满"
    assert term_state(dt.date(2028, 1, 1), today).label == ""
    assert not term_state(None, today).expired
