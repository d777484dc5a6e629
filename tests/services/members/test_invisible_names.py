"""Names pasted with zero-width or bidirectional control characters are stored without them."""

from __future__ import annotations

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.orgs.rules import OrgType
from app.services.container import Services
from app.services.members.service import MemberQuery
from app.services.orgs.service import OrgInput
from tests.services.members.helpers import build_tree, member


def test_a_name_with_hidden_characters_is_found_by_search(services: Services) -> None:
    tree = build_tree(services)
    row = services.members.create(member(tree.branch_a, "张\u200b三\u202e丰"))
    assert row.name == "张三丰"
    found = services.members.search_ids(MemberQuery(text="张三丰"))
    assert found == [row.id]
    assert services.members.search_ids(MemberQuery(text="zsf")) == [row.id]


def test_names_of_hidden_characters_only_are_refused(services: Services) -> None:
    tree = build_tree(services)
    with pytest.raises(ValidationError, match="姓名只含看不见的字符"):
        services.members.create(member(tree.branch_a, "\u200b\u200c\u200d"))
    with pytest.raises(ValidationError, match="只含看不见的字符"):
        services.orgs.create(OrgInput("\u2066\u2069", OrgType.BRANCH, tree.community))
    org = services.orgs.create(OrgInput("第六\u200d网格党支部", OrgType.BRANCH, tree.community,
                                        short_name="\u200b六网格"))
    assert (org.name, org.short_name) == ("第六网格党支部", "六网格")
