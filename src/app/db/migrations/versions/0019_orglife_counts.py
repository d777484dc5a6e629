"""organisation life: each meeting keeps its attendance counts (出席, 请假, 缺席)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

COUNTS = (("present_count", "出席"), ("leave_count", "请假"), ("absent_count", "缺席"))


def upgrade() -> None:
    with op.batch_alter_table('orglife_meetings', schema=None) as batch_op:
        for column, _status in COUNTS:
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default='0', nullable=False))
    # The meetings already on record count what their attendance rows say.
    op.execute("UPDATE orglife_meetings SET " + ", ".join(
        f"{column} = (SELECT count(*) FROM orglife_attendance a WHERE a.meeting_id = orglife_meetings.id "
        f"AND a.status = '{status}')" for column, status in COUNTS))


def downgrade() -> None:
    with op.batch_alter_table('orglife_meetings', schema=None) as batch_op:
        for column, _status in reversed(COUNTS):
            batch_op.drop_column(column)
