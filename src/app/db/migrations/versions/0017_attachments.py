"""attachments: a meeting's photos (orglife_meeting_files) and a brand's materials (brand_files)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TABLES = (("orglife_meeting_files", "meeting_id", "orglife_meetings"), ("brand_files", "brand_id", "brands"))


def upgrade() -> None:
    for table, owner, owner_table in TABLES:
        op.create_table(table,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('uuid', sa.String(length=36), nullable=False),
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.Column('name', sa.String(length=100), nullable=False),
            sa.Column('mime', sa.String(length=40), nullable=False),
            sa.Column('size', sa.Integer(), nullable=False),
            sa.Column('sha256', sa.String(length=64), nullable=False),
            sa.Column('data', sa.LargeBinary(), nullable=False),
            sa.Column('added_by', sa.String(length=60), nullable=False),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint([owner], [f'{owner_table}.id'], name=op.f(f'fk_{table}_{owner}_{owner_table}')),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
            sa.UniqueConstraint('uuid', name=op.f(f'uq_{table}_uuid')))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{owner}'), [owner], unique=False)


def downgrade() -> None:
    for table, owner, _owner_table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{owner}'))
        op.drop_table(table)
