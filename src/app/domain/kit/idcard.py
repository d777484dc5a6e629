"""公民身份号码 (GB 11643-1999): cleaning, the check character, birth date and sex.

18 characters: 6-digit area code, birth date YYYYMMDD, 3-digit sequence (odd = male,
even = female) and a check character computed from the first 17 digits.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import normalize_digits

LABEL = "公民身份号码"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

_SHAPE18 = re.compile(r"^\d{17}[\dX]$")
_SHAPE15 = re.compile(r"^\d{15}$")


def normalize_id(value: object) -> str:
    """Strips spaces, turns full-width digits half-width and a lower-case x upper-case."""
    if value is None:
        return ""
    text = normalize_digits(str(value))
    return "".join(text.split()).replace("x", "X")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def upgrade_15(number: str) -> str:
    """An old 15-digit number (born 19xx) as its 18-digit form: insert 19, add the check."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def clean_id(value: object, label: str = LABEL) -> str:
    """The number normalised and checked; "" when empty. Raises ValidationError otherwise.

    An old 15-digit number is converted to 18 digits (the conversion the police use).
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = str(int(value))  # a 15-digit number survives being stored as a number
    if isinstance(value, float):
        raise ValidationError(
            f"{label}被Excel存成了数字（{value:.0f}），末几位已经丢失。请把这一列设为“文本”格式后重新填写",
            field=label,
        )
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    number = normalize_id(value)
    if not number:
        return ""
    if _SHAPE15.match(number):
        number = upgrade_15(number)
    if len(number) != 18:
        raise ValidationError(
            f"{label}“{value}”应为18位，现在是{len(number)}位，请核对", field=label
        )
    if not _SHAPE18.match(number):
        raise ValidationError(
            f"{label}“{value}”只能由数字组成（最后一位可以是X），请核对", field=label
        )
    if birth_date_of(number) is None:
        raise ValidationError(
            f"{label}“{value}”中的出生日期（第7至14位）{number[6:14]}不是有效日期，请核对", field=label
        )
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            f"{label}“{value}”校验位不对（最后一位应为{expected}），可能有数字录错，请核对",
            field=label,
        )
    return number


def is_valid_id(value: object) -> bool:
    try:
        return bool(clean_id(value))
    except ValidationError:
        return False


def birth_date_of(number: str) -> dt.date | None:
    """The birth date in an 18-digit number, or None if those digits are not a date."""
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if born.year < 1880:
        return None
    return born


def sex_of(number: str) -> str:
    """男 when the 17th digit is odd, 女 when it is even."""
    return "男" if int(number[16]) % 2 == 1 else "女"


def make_id(area: str, born: dt.date, sex: str, rng: random.Random | None = None,
            sequence: int | None = None) -> str:
    """A valid number for demonstration data: area code, birth date, a sequence matching sex."""
    if sequence is None:
        rng = rng or random.Random()
        sequence = rng.randrange(0, 500) * 2 + (1 if sex == "男" else 0)
    elif (sequence % 2 == 1) != (sex == "男"):
        raise ValueError("sequence parity does not match sex")
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
