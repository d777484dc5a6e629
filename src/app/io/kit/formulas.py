"""Keeping text that looks like a formula from running as one (CSV / formula injection).

A member named ``=cmd|' /C calc'!A0`` or ``+1+1`` must stay text wherever the roster goes.
In .xlsx every text is written as a text cell, which Excel never evaluates. In .csv, where a
spreadsheet decides by the first character, such text gets one leading quote (as OWASP
advises): ``'=cmd…``. The importer takes that quote off again, so the program's own export
imports back unchanged.

A CSV cell holding exactly an Excel error text (#N/A …) is how Excel saves an error cell, so
the CSV reader takes it for one; text of that spelling is quoted the same way.

The rule is reversible: ``protect`` adds a quote to text made of quotes followed by a trigger
character (``=``, ``+``, ``-``, ``@``, tab, carriage return) or by an error text; ``restore_text``
removes one quote from such text and leaves everything else alone. A name that really starts
with a quote before ``=`` therefore survives as well.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
ERROR_TEXTS = frozenset({
    "#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})
_ERRORS = "|".join(re.escape(e) for e in sorted(ERROR_TEXTS))
_QUOTED = re.compile(rf"^'+(?:[=+\-@\t\r]|(?:{_ERRORS})$)", re.IGNORECASE)
_RISKY = re.compile(rf"^'*(?:[=+\-@\t\r]|(?:{_ERRORS})$)", re.IGNORECASE)


def protect(text: str, *, csv: bool) -> str:
    """The text to write. In CSV, text starting with a trigger gets a leading quote; in
    .xlsx (written as a text cell) only the rare text already quoted so gets one more, so that
    the importer's ``restore_text`` gives back exactly what was stored."""
    pattern = _RISKY if csv else _QUOTED
    return "'" + text if pattern.match(text) else text


def restore_text(text: str) -> str:
    """Takes off the one quote ``protect`` added; other text is returned as it is."""
    return text[1:] if _QUOTED.match(text) else text


def is_error_text(text: str) -> bool:
    return text.strip().upper() in ERROR_TEXTS
