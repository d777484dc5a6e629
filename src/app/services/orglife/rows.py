"""The row and input objects of organisation life."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class OrgMeetingInput:
    org_id: int | None
    kind: str
    held_on: dt.date | None
    start_time: str = ""
    place: str = ""
    host: str = ""
    speaker: str = ""
    topic: str = ""
    minutes: str = ""
    decisions: str = ""


@dataclass(frozen=True)
class OrgMeetingQuery:
    """The 三会一课 page's search: the subtree of ``org_id``, a year, a kind, words in the topic,
    place, host or speaker; newest first unless sorted otherwise."""

    org_id: int | None = None
    year: int | None = None
    kind: str | None = None
    text: str = ""
    sort: str = "held_on"
    descending: bool = True


@dataclass(frozen=True)
class OrgMeetingRow:
    id: int
    uuid: str
    org_id: int
    kind: str
    held_on: dt.date | None
    start_time: str
    place: str
    host: str
    speaker: str
    topic: str
    minutes: str
    decisions: str
    updated_at: dt.datetime | None
    org_name: str
    present: int
    leave: int
    absent: int
    photos: int = 0  # photos and scans attached

    @property
    def expected(self) -> int:
        return self.present + self.leave + self.absent

    def as_input(self) -> OrgMeetingInput:
        return OrgMeetingInput(**{f.name: getattr(self, f.name) for f in fields(OrgMeetingInput)})


@dataclass(frozen=True)
class AttendanceLine:
    """One roster member at a meeting; ``status`` "" when not recorded (or not expected)."""

    member_id: int
    name: str
    status: str = ""
    reason: str = ""
    on_roster: bool = True  # False: recorded at the meeting, since transferred out or left


@dataclass(frozen=True)
class RateQuery:
    """The 落实情况 page's attendance rates: members on record in the subtree, for a year."""

    org_id: int | None = None
    year: int = 0
    text: str = ""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class MemberRate:
    id: int  # the member's id
    name: str
    org_name: str
    present: int
    leave: int
    absent: int

    @property
    def expected(self) -> int:
        return self.present + self.leave + self.absent
