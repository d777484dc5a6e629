"""record versions: members and organisations carry a version and who changed them last

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('members', 'organizations'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
            batch_op.add_column(sa.Column('updated_by', sa.String(length=60), server_default='', nullable=False))


def downgrade() -> None:
    for table in ('organizations', 'members'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('updated_by')
            batch_op.drop_column('version')
