"""joining the Party: candidates (发展党员); the member's 党内职务, 入党介绍人, 籍贯 and a sort index for 党龄

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

FULL_ON_INDEX = ['status', 'full_on', 'id', 'org_id', 'category', 'member_type', 'sex', 'mobile', 'lost_contact',
                 'birth_date']


def upgrade() -> None:
    op.create_table('candidates',
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('name_pinyin', sa.String(length=120), nullable=False),
    sa.Column('name_initials', sa.String(length=30), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('native_place', sa.String(length=30), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('activist_on', sa.Date(), nullable=True),
    sa.Column('target_on', sa.Date(), nullable=True),
    sa.Column('admitted_on', sa.Date(), nullable=True),
    sa.Column('full_on', sa.Date(), nullable=True),
    sa.Column('introducer1_id', sa.Integer(), nullable=True),
    sa.Column('introducer2_id', sa.Integer(), nullable=True),
    sa.Column('training', sa.Text(), nullable=False),
    sa.Column('training_on', sa.Date(), nullable=True),
    sa.Column('review', sa.Text(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_by', sa.String(length=60), server_default='', nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['introducer1_id'], ['members.id'], name=op.f('fk_candidates_introducer1_id_members')),
    sa.ForeignKeyConstraint(['introducer2_id'], ['members.id'], name=op.f('fk_candidates_introducer2_id_members')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_candidates_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_candidates_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('id_number', name=op.f('uq_candidates_id_number')),
    sa.UniqueConstraint('member_id', name=op.f('uq_candidates_member_id')),
    sa.UniqueConstraint('uuid', name=op.f('uq_candidates_uuid'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_by_name', ['name_pinyin', 'name', 'id'], unique=False)
        batch_op.create_index('ix_candidates_by_stage', ['stage', 'name_pinyin', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_org_id'), ['org_id'], unique=False)

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('party_post', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('introducers', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('native_place', sa.String(length=30), server_default='', nullable=False))
    # 党龄 sorts and filters by the full-membership date. A server keeps empty dates first going
    # up as SQLite does (see 0008), so that the index gives the roster's order.
    if op.get_bind().dialect.name == "postgresql":
        rest = ", ".join(FULL_ON_INDEX[2:])
        op.execute(f"CREATE INDEX ix_members_by_full_on ON members (status, full_on NULLS FIRST, {rest})")
    else:
        op.create_index('ix_members_by_full_on', 'members', FULL_ON_INDEX, unique=False)


def downgrade() -> None:
    op.drop_index('ix_members_by_full_on', table_name='members')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('native_place')
        batch_op.drop_column('introducers')
        batch_op.drop_column('party_post')

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidates_org_id'))
        batch_op.drop_index('ix_candidates_by_stage')
        batch_op.drop_index('ix_candidates_by_name')

    op.drop_table('candidates')
