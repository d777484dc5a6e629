"""Small text helpers shared by the rules: full-width digits, Chinese dates."""

from __future__ import annotations

import datetime as dt

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ－"}
_FULLWIDTH[0x3000] = ord(" ")


def normalize_digits(text: str) -> str:
    """Full-width digits and letters to half-width; ideographic space to a plain one."""
    return text.translate(_FULLWIDTH)


def cn_date(value: dt.date | None) -> str:
    """2026年7月1日 — Arabic numerals without leading zeros, as documents write dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def clip(text: object, limit: int = 80) -> str:
    """A value as a message may quote it: cut to ``limit`` characters, saying how long it was
    (a 10 MB name is not echoed whole)."""
    value = str(text)
    if len(value) <= limit:
        return value
    return f"{value[:limit]}…（共{len(value)}字）"
