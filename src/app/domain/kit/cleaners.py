"""Each field kind's own cleaner: raw cell or form value → stored value.

A field may bring its own (``Field.clean``); otherwise the kind's is used. Every cleaner takes
the field, so the label in its messages and the length it checks come from the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.domain.kit.dates import parse_date, parse_month
from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import clean_id
from app.domain.kit.money import parse_fen
from app.domain.kit.phone import clean_phone
from app.domain.kit.text import normalize_digits, strip_invisible

if TYPE_CHECKING:
    from app.domain.kit.fields import Field, Kind

TRUE_WORDS = frozenset({"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "1.0", "对"})
FALSE_WORDS = frozenset({"否", "无", "不是", "没有", "×", "✗", "n", "no", "false", "0", "0.0", "-", "—", "/"})


def clean_text(f: Field, value: Any) -> str:
    """One line: spaces folded, full-width digits made plain, invisible characters (zero-width,
    direction controls) dropped; at most ``max_length``."""
    if value is None:
        return ""
    text = " ".join(strip_invisible(normalize_digits(str(value))).split())
    return _bounded(f, text)


def clean_long_text(f: Field, value: Any) -> str:
    return _bounded(f, "" if value is None else str(value).strip())


def _bounded(f: Field, text: str) -> str:
    if f.max_length is not None and len(text) > f.max_length:
        raise ValidationError(f"{f.label}过长（最多{f.max_length}个字，现在{len(text)}个字）", field=f.key)
    if f.required and not text:
        raise ValidationError(f"{f.label}不能为空", field=f.key)
    return text


def clean_bool(f: Field, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return value != 0
    text = "".join(str(value).split()).lower()
    if not text or text in FALSE_WORDS:
        return False
    if text in TRUE_WORDS:
        return True
    raise ValidationError(f"{f.label}“{value}”请填“是”或“否”", field=f.key)


def clean_choice(f: Field, value: Any) -> str:
    """One of the field's choices, compared without spaces; empty unless required."""
    text = "".join(str(value or "").split())
    if not text:
        if f.required:
            raise ValidationError(f"请填写{f.label}", field=f.key)
        return ""
    if text not in f.choices:
        raise ValidationError(f"{f.label}“{text}”无法识别，可选：{'、'.join(f.choices)}", field=f.key)
    return text


def clean_int(f: Field, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{f.label}应为整数", field=f.key)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(f"{f.label}“{value}”应为整数", field=f.key)
        return int(value)
    text = normalize_digits(str(value)).strip()
    if not text.lstrip("-").isdigit() or len(text) > 12:
        raise ValidationError(f"{f.label}“{text[:20]}”应为整数", field=f.key)
    return int(text)


def clean_ref(f: Field, value: Any) -> Any:
    """A reference arrives as an id (forms) or a name or number (imports; the service resolves it)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return " ".join(str(value).split())


def phone_digits(value: Any) -> str | None:
    """A phone number Excel stored as a number (13812345678.0) back to its digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _by_kind() -> dict[Kind, Callable[[Field, Any], Any]]:
    from app.domain.kit.fields import Kind

    return {
        Kind.TEXT: clean_text,
        Kind.LONG_TEXT: clean_long_text,
        Kind.DATE: lambda f, v: parse_date(v, f.label),
        Kind.MONTH: lambda f, v: parse_month(v, f.label),
        Kind.BOOL: clean_bool,
        Kind.CHOICE: clean_choice,
        Kind.INT: clean_int,
        Kind.PHONE: lambda f, v: clean_phone(phone_digits(v), f.label),
        Kind.ID_NUMBER: lambda f, v: clean_id(v, f.label),
        Kind.CREDIT_CODE: _credit_code,
        Kind.MONEY: lambda f, v: parse_fen(v, f.label, required=f.required),
        Kind.HOURS: _hours,
        Kind.ORG: clean_ref,
        Kind.REF: clean_ref,
    }


def _credit_code(f: Field, value: Any) -> str:
    from app.domain.cobuild.credit_code import clean_credit_code

    if not f.required and (value is None or not str(value).strip()):
        return ""
    return clean_credit_code(value, f.label)


def _hours(f: Field, value: Any) -> int | None:
    from app.domain.service.hours import parse_hours

    return parse_hours(value, f.label, required=f.required)


_TABLE: dict[Kind, Callable[[Field, Any], Any]] = {}


def default_cleaner(kind: Kind) -> Callable[[Field, Any], Any] | None:
    if not _TABLE:
        _TABLE.update(_by_kind())
    return _TABLE.get(kind)
