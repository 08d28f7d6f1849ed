"""Explicit roles: directory administrators are bound to no organization.

``users.organization_id`` becomes nullable (an ``admin`` has none; an ``editor`` has one)
and a check constraint keeps the two apart. An ``admin`` row bound to an organization,
which earlier versions allowed, is an organization's staff account that held
directory-wide power: it becomes an ``editor`` of that organization.

Revision ID: 0008_admin_roles
Revises: 0002_auth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_admin_roles"
down_revision = "0002_auth"  # the migration that created the users table
branch_labels = None
depends_on = None

CHECK = (
    "(role = 'admin' AND organization_id IS NULL) "
    "OR (role <> 'admin' AND organization_id IS NOT NULL)"
)


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE users SET role = 'editor' WHERE role = 'admin' AND organization_id IS NOT NULL"
        )
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("organization_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.create_check_constraint(op.f("ck_users_role_matches_organization"), CHECK)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM users WHERE organization_id IS NULL"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role_matches_organization"), type_="check")
        batch_op.alter_column("organization_id", existing_type=sa.Uuid(), nullable=False)
