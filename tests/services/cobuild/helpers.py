"""Units, members and organisations for the co-building service tests."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

from app.domain.cobuild.credit_code import make_credit_code
from app.services.cobuild.rows import UnitInput
from app.services.container import Services
from tests.services.members.helpers import Tree, build_tree, member

__all__ = ["Tree", "build_tree", "code", "in_service", "unit"]

_codes = random.Random(11)
_seq = itertools.count(1)


def code(body: str = "9", kind: str = "1") -> str:
    """A valid 统一社会信用代码, different each call."""
    return make_credit_code(_codes, body=body, kind=kind, area="371122")


def unit(org_id: int, name: str | None = None, **changes: object) -> UnitInput:
    data = UnitInput(
        name=f"青山县第{next(_seq)}中学" if name is None else name, org_id=org_id, credit_code=code("1", "2"),
        unit_type="事业单位", address="青山县和平路1号", party_org_name="党支部", party_org_type="党支部",
        secretary="王建国", party_members=12, liaison="李敏", phone="13953112345",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def in_service(services: Services, org_id: int, name: str, work_unit: str = "", **changes: object) -> int:
    """An in-service member (在职党员) on the roster; returns the id."""
    data = replace(member(org_id, name), category="在职党员", work_unit=work_unit, **changes)  # type: ignore[arg-type]
    return services.members.create(data).id
