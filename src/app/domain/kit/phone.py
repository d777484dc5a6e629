"""Telephone numbers: mobile (11 digits) or landline with area code."""

from __future__ import annotations

import re

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import normalize_digits

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def clean_phone(value: str | None, label: str = "联系电话") -> str:
    """Returns the number normalised (no spaces, half-width), or "" when empty."""
    text = normalize_digits(value or "").replace(" ", "").replace("—", "-").replace("－", "-")
    text = text.replace("(", "").replace(")", "-").replace("（", "").replace("）", "-")
    if text.startswith("+86"):
        text = text[3:]
    text = text.strip("-")
    if not text:
        return ""
    if _MOBILE.match(text) or _LANDLINE.match(text):
        return text
    if _MOBILE.match(text.replace("-", "")):  # 138-1234-5678: dashes typed like spaces
        return text.replace("-", "")
    raise ValidationError(
        f"{label}“{value}”格式不对：手机号应为11位，固定电话应带区号（如0531-86012345）",
        field=label,
    )
