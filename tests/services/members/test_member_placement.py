"""Members belong to a branch: a committee-level organisation is refused unless the office allows it."""

from __future__ import annotations

import pytest

from app.domain.kit.errors import ValidationError
from app.services.container import Services
from tests.services.members.helpers import build_tree, member


def test_committees_are_refused_by_default(services: Services) -> None:
    tree = build_tree(services)
    for org in (tree.county, tree.street, tree.community):
        with pytest.raises(ValidationError, match="党员应编入其下的党支部"):
            services.members.create(member(org))
    row = services.members.create(member(tree.branch_a))
    with pytest.raises(ValidationError, match="党员应编入其下的党支部"):
        services.members.update(row.id, member(tree.community, id_number=row.id_number))
    assert services.members.get(row.id).org_id == tree.branch_a


def test_the_office_may_allow_them(services: Services) -> None:
    tree = build_tree(services)
    services.settings.set("members_in_committees", True)
    row = services.members.create(member(tree.community))
    services.settings.set("members_in_committees", False)
    # a member already there may stay and be corrected
    again = services.members.update(row.id, member(tree.community, "张三", id_number=row.id_number))
    assert again.org_id == tree.community and again.name == "张三"
