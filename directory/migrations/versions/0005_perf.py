"""Order organizations by name without the archived filter from an index.

Administrators (archived listings included) and an organization's own staff (archived, or
their own) list organizations with a condition ``ix_organizations_archived_sort_name``
cannot order by, so every page read and sorted the whole table; ``(sort_name, id)`` lets
the first page stop after ``first + 1`` rows.

Revision ID: 0005_perf
Revises: 0001_core
"""

from __future__ import annotations

from alembic import op

revision = "0005_perf"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organizations_sort_name", "organizations", ["sort_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_organizations_sort_name", table_name="organizations")
