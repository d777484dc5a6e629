"""What a write changed, as a typed value (Anki's OpChanges are the model).

A mutating service call names the kinds of record it changed; after the commit one
application-wide signal carries the set, and each tab refreshes only when the change concerns
it. Being an enum, a misspelt kind is an error where it is written, not a refresh that silently
never happens.
"""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    ORGS = "orgs"
    MEMBERS = "members"
    SETTINGS = "settings"
    USERS = "users"
    BRIEFINGS = "briefings"
    COBUILD = "cobuild"  # units in the area, agreements, the three lists, meetings, appraisal
    FUNDS = "funds"  # the ledger: sources, categories, entries, budgets, projects, closed years
    DUES = "dues"  # Party dues: assessments, payments, remittances
    SERVICE = "service"  # volunteers, reporting in, teams, posts, activities, service records
    ORGLIFE = "orglife"  # 三会一课 and other meetings, attendance, 民主评议, candidates for joining the Party
    SITES = "sites"  # sites (阵地), first secretaries and Party workers, brands, grid visits
    ALL = "all"  # the whole database was replaced (a restore): everything reloads


Changes = frozenset[Change]

