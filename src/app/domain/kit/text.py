"""Small text helpers shared by the rules: full-width digits, invisible characters, Chinese dates."""

from __future__ import annotations

import datetime as dt
import unicodedata

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


def strip_invisible(text: str) -> str:
    """``text`` without the characters that show nothing: zero-width spaces and joiners, the
    byte-order mark, soft hyphens, bidirectional controls (U+202A–U+202E, U+2066–U+2069 …) and
    other control characters. Pasted from web pages and chat programs they make a name look
    right but never match a search; crafted, they reorder what the screen shows."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cs")
                   or ch in "\t\n\r")


def has_invisible(text: str) -> bool:
    return strip_invisible(text) != text
def clip(text: object, limit: int = 80) -> str:
    """A value as a message may quote it: cut to ``limit`` characters, saying how long it was
    (a 10 MB name is not echoed whole)."""
    value = str(text)
    if len(value) <= limit:
        return value
    return f"{value[:limit]}…（共{len(value)}字）"
