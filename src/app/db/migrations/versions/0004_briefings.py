"""briefings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('briefings',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('period_label', sa.String(length=60), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issuer', sa.String(length=100), nullable=False),
    sa.Column('issued_by', sa.String(length=60), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('template', sa.Text(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_briefings_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefings')),
    sa.UniqueConstraint('kind', 'year', 'number', name='uq_briefings_kind_year_number'),
    sa.UniqueConstraint('uuid', name=op.f('uq_briefings_uuid'))
    )
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_briefings_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_briefings_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_briefings_org_id'))
        batch_op.drop_index(batch_op.f('ix_briefings_issued_on'))

    op.drop_table('briefings')
