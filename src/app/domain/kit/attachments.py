"""Scanned copies kept with a record (a signed agreement, minutes): what is accepted, how a
file's name is made safe, and how big one may be.

The file's kind is read from its first bytes, not from its name: a PDF, a PNG or a JPEG
photograph of the signed pages. The name is kept only to show and to save the copy again, so
whatever a USB stick or a chat program put in it — folders, "..", control characters, names
Windows reserves, a very long name — is cleaned to a plain file name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from app.domain.kit.errors import ValidationError

MAX_BYTES = 20 * 1024 * 1024  # 20 MB each: a scanned agreement of 20 pages at 300 dpi fits
MAX_NAME = 100
KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
ACCEPTED = "PDF、PNG或JPG"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_BAD = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]')


@dataclass(frozen=True)
class Checked:
    name: str  # the cleaned file name, with the extension its content calls for
    mime: str
    size: int
    sha256: str


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def mime_of(data: bytes) -> tuple[str, str] | None:
    """(mime type, extension) of a PDF, PNG or JPEG, from its first bytes; None otherwise."""
    for magic, mime, ext in KINDS:
        if data.startswith(magic):
            return mime, ext
    return None


def clean_file_name(name: str, ext: str) -> str:
    """A plain file name ending in ``ext``: the last part of any path, no control characters or
    characters Windows refuses, no leading dots, not a reserved device name, at most MAX_NAME
    characters (the stem is cut, the extension kept)."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = _BAD.sub("", text)
    text = " ".join(text.split()).strip(". ")
    stem, dot, suffix = text.rpartition(".")
    if not dot:
        stem = text
    elif suffix.lower() not in ("pdf", "png", "jpg", "jpeg"):
        stem = text  # the typed extension is not a kind we keep: the content decides
    stem = stem.strip(". ") or "附件"
    if stem.upper() in _RESERVED:
        stem = f"附件_{stem}"
    return stem[:MAX_NAME - len(ext)] + ext


def check_file(name: str, data: bytes, *, limit: int | None = None) -> Checked:
    """The cleaned name, type, size and SHA-256 of an attachment, or a refusal in Chinese."""
    limit = MAX_BYTES if limit is None else limit
    shown = clean_file_name(name, "")[:40] or "附件"
    if not data:
        raise ValidationError(f"“{shown}”是空文件，请重新扫描或另选文件", field="附件")
    if len(data) > limit:
        raise ValidationError(
            f"“{shown}”有{size_text(len(data))}，超过了每个附件{size_text(limit)}的上限。"
            "请降低扫描分辨率（200 dpi 即可）或分成几个文件后再添加", field="附件")
    kind = mime_of(data)
    if kind is None:
        raise ValidationError(f"“{shown}”不是{ACCEPTED}文件，附件只能是扫描件的{ACCEPTED}文件", field="附件")
    mime, ext = kind
    if ext == ".jpg" and name.lower().endswith(".jpeg"):
        ext = ".jpeg"
    return Checked(clean_file_name(name, ext), mime, len(data), hashlib.sha256(data).hexdigest())
