"""What the dues service returns: small frozen rows, amounts in integer 分."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class AssessInput:
    """What the 核定党费 form gives (app.domain.funds.dues_forms.ASSESS_FIELDS)."""

    kind: str = ""
    base: object = None
    remarks: str = ""
    reduced: object = None
    reduction_body: str = ""
    reduction_on: dt.date | None = None


@dataclass(frozen=True)
class AssessmentRow:
    member_id: int
    year: int
    kind: str
    base: int | None
    rate: str  # "1.5%"; "" for the fixed amounts
    bracket: str
    monthly: int
    reduced: int | None
    reduction_body: str
    reduction_on: dt.date | None

    @property
    def due(self) -> int:
        """What the member pays a month (after a reduction, if any)."""
        return self.reduced if self.reduced is not None else self.monthly


@dataclass(frozen=True)
class PaymentResult:
    months: tuple[dt.date, ...]
    amount: int
    warning: str | None  # back payment beyond 6 months


@dataclass(frozen=True)
class UnpaidRow:
    member_id: int
    name: str
    org_name: str
    monthly: int | None  # None: not yet assessed for the year
    months_owed: int  # unpaid months of the year up to the month asked about
    flagged: bool  # six months or more in a row

    @property
    def id(self) -> int:
        return self.member_id


@dataclass(frozen=True)
class DuesTotals:
    due: int
    paid: int
    unpaid_people: int  # members who have not paid for the last month of the period
    remitted: int

    @property
    def rate(self) -> Decimal | None:
        """Share of what was due that was paid (0.9512 for 95.12%)."""
        return None if not self.due else Decimal(self.paid) / Decimal(self.due)

    @property
    def kept(self) -> int:
        return self.paid - self.remitted
