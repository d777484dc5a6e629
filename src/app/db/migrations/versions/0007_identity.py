"""the database's identity and the mark that it has had accounts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 09:00:00

Every database gets a random identity (settings "database_id"): its backups, the audit anchor
kept outside it and a restore's check recognise it by this, not by its file name. A database
that has accounts (or whose audit trail shows one was made) is marked "accounts_created", so
that emptying the users table never opens it without a login.
"""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SETTINGS = sa.table('settings', sa.column('key', sa.String), sa.column('value', sa.Text))


def upgrade() -> None:
    conn = op.get_bind()
    keys = {r[0] for r in conn.execute(sa.text("SELECT key FROM settings"))}
    if 'database_id' not in keys:
        op.bulk_insert(SETTINGS, [{'key': 'database_id', 'value': json.dumps(str(uuid.uuid4()))}])
    had_accounts = conn.execute(sa.text("SELECT 1 FROM users LIMIT 1")).first() is not None or conn.execute(
        sa.text("SELECT 1 FROM audit_log WHERE action IN ('创建管理员', '新增用户') LIMIT 1")).first() is not None
    if had_accounts and 'accounts_created' not in keys:
        op.bulk_insert(SETTINGS, [{'key': 'accounts_created', 'value': json.dumps(True)}])


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE key IN ('database_id', 'accounts_created')")
