import datetime as dt

import pytest

from app.domain.kit.errors import ValidationError
from app.reports.briefings.period import parse_period


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026年"),
    ("2026Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026年第三季度"),
    ("2026年第一季度", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026年第一季度"),
    ("2026-07", dt.date(2026, 7, 1), dt.date(2026, 7, 31), "2026年7月"),
    ("２０２６年２月", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "2026年2月"),
    ("2026H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年"),
    ("2026-01-01..2026-06-30", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年1月1日至6月30日"),
])
def test_periods_as_typed(text, start, end, label) -> None:
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "2026Q5", "2026-13", "上个月", "2026-06-30..2026-01-01"])
def test_bad_periods_say_what_is_accepted(text) -> None:
    with pytest.raises(ValidationError):
        parse_period(text)
