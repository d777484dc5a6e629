"""briefing numbers per issuing organisation, and 总第X期

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:00:00

Issues already made keep the numbers they were printed with; each gets its 总第X期 in the order
its issuer issued them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total_number', sa.Integer(), nullable=False, server_default='0'))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, org_id, kind FROM briefings ORDER BY org_id, kind, year, number, id")).fetchall()
    counts: dict[tuple[object, str], int] = {}
    for briefing_id, org_id, kind in rows:
        n = counts[(org_id, kind)] = counts.get((org_id, kind), 0) + 1
        conn.execute(sa.text("UPDATE briefings SET total_number = :n WHERE id = :id"), {"n": n, "id": briefing_id})
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_briefings_kind_year_number', type_='unique')
        batch_op.create_unique_constraint('uq_briefings_org_kind_year_number', ['org_id', 'kind', 'year', 'number'])
        batch_op.create_unique_constraint('uq_briefings_org_kind_total', ['org_id', 'kind', 'total_number'])


def downgrade() -> None:
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_briefings_org_kind_total', type_='unique')
        batch_op.drop_constraint('uq_briefings_org_kind_year_number', type_='unique')
        batch_op.create_unique_constraint('uq_briefings_kind_year_number', ['kind', 'year', 'number'])
        batch_op.drop_column('total_number')
