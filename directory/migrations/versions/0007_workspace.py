"""Listing workspace: server-side browser sessions and one-time set-password links.

Revision ID: 0007_workspace
Revises: 0005_perf, 0002_auth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_workspace"
down_revision = ("0005_perf", "0002_auth")  # its tables reference users (0002_auth)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("refresh_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_workspace_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_sessions")),
    )
    op.create_index("ix_workspace_sessions_user_id", "workspace_sessions", ["user_id"])
    op.create_index("ix_workspace_sessions_last_seen_at", "workspace_sessions", ["last_seen_at"])
    op.create_table(
        "password_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_password_links")),
    )
    op.create_index("ix_password_links_user_id", "password_links", ["user_id"])


def downgrade() -> None:
    op.drop_table("password_links")
    op.drop_table("workspace_sessions")
