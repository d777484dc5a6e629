"""funds: receipt scans of ledger entries (fund_entry_files); the ledger's order as an index

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 06:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fund_entry_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('mime', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('added_by', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['fund_entries.id'], name=op.f('fk_fund_entry_files_entry_id_fund_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_entry_files')),
    sa.UniqueConstraint('uuid', name=op.f('uq_fund_entry_files_uuid'))
    )
    with op.batch_alter_table('fund_entry_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_entry_files_entry_id'), ['entry_id'], unique=False)
    # A whole ledger (a county's ten years) read in its order, not sorted: see entry_query.order_by.
    op.create_index('ix_fund_entries_ledger_order', 'fund_entries',
                    ['entry_date', sa.text('coalesce(voucher_no, 1073741824)'), 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_fund_entries_ledger_order', table_name='fund_entries')
    with op.batch_alter_table('fund_entry_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_entry_files_entry_id'))
    op.drop_table('fund_entry_files')
