"""Masking of sensitive personal data (PIPL): ID numbers and telephone numbers."""

from __future__ import annotations


def mask_id(number: str | None) -> str:
    """110105194912310021 → 110***********0021."""
    if not number:
        return ""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(number: str | None) -> str:
    """13812345678 → 138****5678; landlines keep area code and last four digits."""
    if not number:
        return ""
    if len(number) == 11 and number.isdigit():
        return number[:3] + "****" + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    head = number.split("-")[0] + "-" if "-" in number else number[:3]
    if len(head) >= len(number) - 4:
        head = number[:3]
    return head + "*" * (len(number) - len(head) - 4) + number[-4:]
