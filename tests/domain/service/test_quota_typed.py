"""The quota and points settings as an administrator types them, read back as the setting keeps them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.members.catalog import CATEGORIES
from app.domain.service.quota import (
    Basis,
    parse_quota,
    points_setting,
    points_typed,
    quota_setting,
    quotas_typed,
)


def test_typed_quotas_round_trip_through_the_setting() -> None:
    quotas = quotas_typed([("在职党员", "小时", " 50 "), ("离退休党员", "次数", "12次"), ("", "小时", "")], CATEGORIES)
    assert [(q.category, q.basis, q.amount) for q in quotas] == [("在职党员", Basis.HOURS, 500),
                                                                  ("离退休党员", Basis.SERVICES, 12)]
    setting = quota_setting(quotas)
    assert setting[0] == {"category": "在职党员", "basis": "小时", "amount": "50"}
    assert [parse_quota(i["category"], i["basis"], i["amount"]) for i in setting] == quotas


@pytest.mark.parametrize(("row", "words"), [
    (("在职党员", "小时", "0"), "第1行：在职党员的年度服务指标0.0小时不对"),
    (("在职党员", "次数", "abc"), "第1行：在职党员的年度服务指标“abc”不是数字"),
    (("在职党员", "次数", "2.5"), "应为整数"),
    (("在职党员", "天", "5"), "按“小时”或“次数”"),
    (("在职党员", "小时", "9" * 200), "不对"),
    (("不存在的类别", "小时", "5"), "不在党员名册的类别中"),
])
def test_a_bad_typed_quota_names_its_row(row: tuple[str, str, str], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        quotas_typed([row], CATEGORIES)


def test_typed_points_round_trip_and_refuse_nonsense() -> None:
    scheme = points_typed("1.5", [("文体", "0.5", ""), ("组织建设", "", "2"), ("", "", "")])
    assert scheme.points("文体", 20) == Decimal("1.0") and scheme.points("组织建设", 10) == Decimal("3.5")
    assert points_setting(scheme) == {"per_hour": "1.5", "per_hour_by_kind": {"文体": "0.5"},
                                      "per_service_by_kind": {"组织建设": "2"}}
    for per_hour, rows, words in (("1", [("类" * 21, "1", "")], "20字以内"), ("1.234", [], "最多两位小数"),
                                  ("1", [("文体", "1e9", "")], "0至1000"), ("NaN", [], "应为0至1000")):
        with pytest.raises(ValidationError, match=words):
            points_typed(per_hour, rows)
