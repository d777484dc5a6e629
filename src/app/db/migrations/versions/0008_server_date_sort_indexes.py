"""on a server: indexes for the roster's sorts that PostgreSQL cannot do as SQLite does

The roster sorts empty dates first going up (SQLite's own order). PostgreSQL's indexes keep
them last unless told otherwise, and then cannot give that order: every sort by birth date, age
or joining date would sort the whole county. Two sorts that SQLite does fast enough from a
covering index (by education; by name with those who left) cost PostgreSQL a full sort of the
county's text (~2x SQLite's time): they get an index of their own there. On SQLite nothing changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

FILTERED = "org_id, category, member_type, sex, mobile, lost_contact"
INDEXES = {
    "ix_members_by_birth": ("birth_date", f"id, {FILTERED}"),
    "ix_members_by_joined": ("joined_on", f"id, {FILTERED}, birth_date"),
}


def _recreate(nulls: str) -> None:
    for name, (column, rest) in INDEXES.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON members (status, {column}{nulls}, {rest})")


SERVER_ONLY = {
    "ix_members_by_education": "status, education, id, org_id",
    "ix_members_everyone_by_name": "name_pinyin, name, id, status, org_id",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _recreate(" NULLS FIRST")
        for name, columns in SERVER_ONLY.items():
            op.execute(f"CREATE INDEX {name} ON members ({columns})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in SERVER_ONLY:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        _recreate("")
