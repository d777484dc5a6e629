"""funds: a year's entries in the ledger's order and in order of amount; the words searched

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The county's year (100,000 entries) read in order instead of sorted: by date and voucher
    # number (the list as it opens; the constant is the one in entry_query.order_by), and by amount.
    op.create_index('ix_fund_entries_year_order', 'fund_entries',
                    ['year', 'entry_date', sa.text('coalesce(voucher_no, 1073741824)'), 'id'], unique=False)
    op.create_index('ix_fund_entries_year_amount', 'fund_entries', ['year', 'amount', 'id'], unique=False)
    # A search for words over the whole ledger: the index is read instead of the table.
    op.create_index('ix_fund_entries_words', 'fund_entries',
                    ['year', 'summary', 'counterparty', 'handler', 'voucher_no', 'entry_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_fund_entries_words', table_name='fund_entries')
    op.drop_index('ix_fund_entries_year_amount', table_name='fund_entries')
    op.drop_index('ix_fund_entries_year_order', table_name='fund_entries')
