"""What a printed document is made of, as plain data: the briefing, the roster list and the
sign-in sheet describe their content with these, and ``document`` lays them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Missing:
    """A placeholder the records could not fill: printed in red as 【名称？】 in a preview,
    and listed as a problem so the document is never issued with it."""

    name: str


Part = str | Missing


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Subtitle:
    text: str


@dataclass(frozen=True)
class Heading:
    """level 1 一、(黑体), 2 （一）(楷体), 3 1. and 4 （1）(仿宋)."""

    parts: tuple[Part, ...]
    level: int = 1


@dataclass(frozen=True)
class Para:
    parts: tuple[Part, ...]
    indent: bool = True


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    caption: str = ""
    align_left: tuple[int, ...] = ()  # columns set flush left (names, addresses)
    row_height: float | None = None  # fixed body row height (room to sign), else fitted
    font_size: float = 12
    groups: frozenset[int] = frozenset()  # rows that head a group: one cell across (lists only)


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" or "pie"
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""


@dataclass(frozen=True)
class Signature:
    """Issuer and date at the end, on the right (date four characters in from the edge)."""

    issuer: str
    date: dt.date


@dataclass(frozen=True)
class Seals:
    """Signature and seal blocks side by side, one per party, for an agreement to be signed:
    each "甲方（盖章）：name", room for the seal, "负责人（签字）：", and a date to fill in."""

    parties: tuple[tuple[str, str], ...]  # (role, name), e.g. ("甲方", "和平社区党委")
    signer: str = "负责人（签字）："


@dataclass(frozen=True)
class Blank:
    lines: float = 1.0


@dataclass(frozen=True)
class Picture:
    """A photo (PNG or JPEG bytes) at most ``max_lines`` lines high, its caption below; a
    ``heading`` line above it stays on the photo's page."""

    data: bytes
    caption: str = ""
    max_lines: float = 9.0
    heading: str = ""


@dataclass(frozen=True)
class NewPage:
    """What follows starts on a new page (one voucher, one unit's sheet or one certificate a page)."""


@dataclass(frozen=True)
class Masthead:
    """The 简报 head: name in large red type, 第X期, issuer left and date right, red rule."""

    name: str
    number: int | None
    issuer: str
    date: dt.date
    total_number: int | None = None


@dataclass(frozen=True)
class Distribution:
    """The block at the foot of the last page: 报：… 送：… 发：…, 共印X份."""

    lines: tuple[tuple[str, str], ...]  # (label, names), e.g. ("报", "县委组织部")
    copies: int | None = None


Block = Title | Subtitle | Heading | Para | Table | Chart | Picture | Signature | Seals | Blank | NewPage


@dataclass(frozen=True)
class DocSpec:
    blocks: tuple[Block, ...]
    title: str = ""  # PDF metadata
    author: str = ""
    masthead: Masthead | None = None
    distribution: Distribution | None = None
    page_numbers: bool = True
    keywords: tuple[str, ...] = field(default=())
