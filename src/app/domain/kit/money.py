"""Money: integer 分 (fen) in storage, Decimal 元 in code, never float.

parse_amount reads what people type and what spreadsheets hold — "1,200.50", "１２００．５",
"1200.5元", "￥1,200", 1200, Decimal("1200.5"), and a float cell such as 1200.5 when its exact
value has at most two decimals. Anything that is not a whole number of 分 is refused, never
rounded: "12.345" would silently lose or invent money. Trailing zeros are harmless
("12.340" is 12.34 exactly) and accepted.

The largest amount accepted is MAX_YUAN − 0.01 (99亿9999万…元): no community fund comes near it,
and a million entries at that bound still sum within a 64-bit integer of 分, which is what the
databases store.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from app.domain.kit.errors import ValidationError

FEN_PER_YUAN = 100
CENT = Decimal("0.01")
MAX_YUAN = Decimal(10) ** 10  # exclusive bound: 一百亿元
MAX_FEN = int(MAX_YUAN) * FEN_PER_YUAN

# Sign and currency marks may come before the number; 元 / 元整 after it.
_PREFIX = re.compile(r"^(?:人民币|RMB|CNY|¥)\s*", re.IGNORECASE | re.ASCII)
_SUFFIX = re.compile(r"\s*(?:元整|元|圆整|圆)$", re.ASCII)
_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d*))?$",
                     re.ASCII)
_MINUS = {"−": "-", "–": "-", "—": "-", "－": "-"}


def parse_amount(raw: object, label: str = "金额", *, required: bool = True,
                 allow_negative: bool = False, allow_zero: bool = True) -> Decimal | None:
    """The amount in 元 as a Decimal with two places; None for an empty optional value.

    Raises ValidationError naming ``label`` for anything that is not a whole number of 分.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ValidationError(f"{label}不能为空，请填写金额（如 1200.50）", field=label)
        return None
    if isinstance(raw, bool):
        raise _unreadable(raw, label)
    if isinstance(raw, float):
        value = _from_float(raw, label)
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _unreadable(raw, label)
        value = raw
    elif isinstance(raw, str):
        value = _from_text(raw, label)
    else:
        raise _unreadable(raw, label)
    return _checked(value, raw, label, allow_negative=allow_negative, allow_zero=allow_zero)


def parse_fen(raw: object, label: str = "金额", *, required: bool = True,
              allow_negative: bool = False, allow_zero: bool = True) -> int | None:
    """Like parse_amount, and gives the amount in integer 分."""
    value = parse_amount(raw, label, required=required, allow_negative=allow_negative,
                         allow_zero=allow_zero)
    return None if value is None else decimal_to_fen(value)


def _from_float(raw: float, label: str) -> Decimal:
    if not math.isfinite(raw):
        raise _unreadable(raw, label)
    # repr gives the shortest text that reads back as the same float: 1200.5 stays 1200.5,
    # 0.1 + 0.2 becomes 0.30000000000000004 and is refused below.
    value = Decimal(repr(raw))
    if abs(value) >= MAX_YUAN:
        return value  # refused as too large by _checked
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError(
            f"{label}（{raw!r}）不是精确到分的金额，可能是公式算出的结果。请在Excel中用"
            f"ROUND(…,2)取到两位小数，或直接填写金额后再导入",
            field=label,
        )
    return value


def _from_text(raw: str, label: str) -> Decimal:
    text = unicodedata.normalize("NFKC", raw).strip()
    for dash, plain in _MINUS.items():
        text = text.replace(dash, plain)
    negative = False
    if text.startswith("-"):
        negative, text = True, text[1:].lstrip()
    text = _PREFIX.sub("", text)
    if not negative and text.startswith("-"):
        negative, text = True, text[1:].lstrip()
    text = _SUFFIX.sub("", text)
    m = _NUMBER.match(text)
    if not text or not m or (m.group("int") is None and not m.group("frac")):
        if re.fullmatch(r"[\d,]+(\.\d*)?", text, re.ASCII):
            raise ValidationError(
                f"{label}“{raw}”的千位分隔符位置不对，请写成 1,200.50 或不加逗号（1200.50）",
                field=label,
            )
        raise _unreadable(raw, label)
    whole = (m.group("int") or "0").replace(",", "")
    value = Decimal(f"{whole}.{m.group('frac') or '0'}")
    return -value if negative else value


def _checked(value: Decimal, raw: object, label: str, *, allow_negative: bool,
             allow_zero: bool) -> Decimal:
    if abs(value) >= MAX_YUAN:
        raise ValidationError(
            f"{label}“{raw}”太大了（应小于一百亿元），请核对是否多输了数字", field=label
        )
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if cents != value:
        raise ValidationError(
            f"{label}“{raw}”最多只能有两位小数（精确到分），请核对", field=label
        )
    if cents < 0 and not allow_negative:
        raise ValidationError(f"{label}“{raw}”不能是负数，请填写正数金额", field=label)
    if cents == 0:
        if not allow_zero:
            raise ValidationError(f"{label}不能为0，请填写实际金额", field=label)
        cents = abs(cents)  # no "-0.00"
    return cents


def _unreadable(raw: object, label: str) -> ValidationError:
    return ValidationError(
        f"{label}“{raw}”无法识别为金额，请写成 1200.50、1,200.50 或 1200.5元 这样的数字",
        field=label,
    )


def fen_to_decimal(fen: int) -> Decimal:
    """1234567 → Decimal("12345.67"), exactly."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount in fen must be an int, not {type(fen).__name__}")
    return Decimal(fen).scaleb(-2)


def decimal_to_fen(value: Decimal | int) -> int:
    """Decimal("12345.67") → 1234567. A value with a fraction of a 分 is a programming error."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"amount must be a Decimal or an int, not {type(value).__name__}")
    scaled = Decimal(value) * FEN_PER_YUAN
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"{value} is not a whole number of fen")
    return int(scaled)


def format_yuan(fen: int) -> str:
    """1234567 → "12,345.67"; negative amounts keep their sign: "-0.05"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan:,}.{cents:02d}"


def format_wanyuan(fen: int) -> str:
    """The amount in 万元 to one decimal, half up: 1234567 分 (12,345.67 元) → "1.2"."""
    value = (Decimal(fen) / Decimal(FEN_PER_YUAN * 10000)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    if value == 0:
        value = abs(value)
    return f"{value:f}"
