"""organisation life: meetings and lessons of a branch (三会一课, 主题党日 …) with attendance, and 民主评议党员 results

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:25:55.403525
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('orglife_meetings',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('place', sa.String(length=60), nullable=False),
    sa.Column('host', sa.String(length=30), nullable=False),
    sa.Column('speaker', sa.String(length=30), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_orglife_meetings_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orglife_meetings')),
    sa.UniqueConstraint('uuid', name=op.f('uq_orglife_meetings_uuid'))
    )
    with op.batch_alter_table('orglife_meetings', schema=None) as batch_op:
        batch_op.create_index('ix_orglife_meetings_date', ['held_on', 'kind', 'org_id'], unique=False)
        batch_op.create_index('ix_orglife_meetings_org_date', ['org_id', 'held_on', 'kind'], unique=False)

    op.create_table('orglife_appraisals',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=4), nullable=False),
    sa.Column('appraised_on', sa.Date(), nullable=False),
    sa.Column('remarks', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_orglife_appraisals_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_orglife_appraisals_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orglife_appraisals')),
    sa.UniqueConstraint('member_id', 'year', name='uq_orglife_appraisals_member_year'),
    sa.UniqueConstraint('uuid', name=op.f('uq_orglife_appraisals_uuid'))
    )
    with op.batch_alter_table('orglife_appraisals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orglife_appraisals_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_orglife_appraisals_year', ['year', 'result'], unique=False)

    op.create_table('orglife_attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=4), nullable=False),
    sa.Column('reason', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['orglife_meetings.id'], name=op.f('fk_orglife_attendance_meeting_id_orglife_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_orglife_attendance_member_id_members')),
    sa.PrimaryKeyConstraint('meeting_id', 'member_id', name=op.f('pk_orglife_attendance'))
    )
    with op.batch_alter_table('orglife_attendance', schema=None) as batch_op:
        batch_op.create_index('ix_orglife_attendance_member', ['member_id', 'meeting_id', 'status'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('orglife_attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_orglife_attendance_member')

    op.drop_table('orglife_attendance')
    with op.batch_alter_table('orglife_appraisals', schema=None) as batch_op:
        batch_op.drop_index('ix_orglife_appraisals_year')
        batch_op.drop_index(batch_op.f('ix_orglife_appraisals_org_id'))

    op.drop_table('orglife_appraisals')
    with op.batch_alter_table('orglife_meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_orglife_meetings_org_date')
        batch_op.drop_index('ix_orglife_meetings_date')

    op.drop_table('orglife_meetings')

