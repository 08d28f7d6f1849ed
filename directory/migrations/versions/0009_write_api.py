"""The write API: unknown 24/7 hours, emails of services and locations, "still accurate".

- ``services.open_24_7`` and ``phones.is_24_7`` may be NULL: unknown (existing values stay);
- ``emails.service_id`` and ``emails.location_id``: an email may belong to a service or a
  location, as phones already may (indexed, as the phones' links now are too);
- ``organizations.confirmed_at`` / ``confirmed_by``: when and by whom staff last said the
  listing is still accurate (``confirmListingCurrent``), apart from verification.

Revision ID: 0009_write_api
Revises: 0005_perf
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_write_api"
down_revision = "0005_perf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("services") as batch:
        batch.alter_column("open_24_7", existing_type=sa.Boolean(), nullable=True)
    with op.batch_alter_table("phones") as batch:
        batch.alter_column("is_24_7", existing_type=sa.Boolean(), nullable=True)
        batch.create_index("ix_phones_service_id", ["service_id"])
        batch.create_index("ix_phones_location_id", ["location_id"])
    with op.batch_alter_table("emails") as batch:
        batch.add_column(sa.Column("service_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("location_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_emails_service_id_services"),
            "services",
            ["service_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(
            op.f("fk_emails_location_id_locations"),
            "locations",
            ["location_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_emails_service_id", ["service_id"])
        batch.create_index("ix_emails_location_id", ["location_id"])
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("confirmed_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("confirmed_by")
        batch.drop_column("confirmed_at")
    with op.batch_alter_table("emails") as batch:
        batch.drop_index("ix_emails_location_id")
        batch.drop_index("ix_emails_service_id")
        batch.drop_constraint(op.f("fk_emails_location_id_locations"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_emails_service_id_services"), type_="foreignkey")
        batch.drop_column("location_id")
        batch.drop_column("service_id")
    with op.batch_alter_table("phones") as batch:
        batch.drop_index("ix_phones_location_id")
        batch.drop_index("ix_phones_service_id")
        batch.alter_column("is_24_7", existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table("services") as batch:
        batch.alter_column("open_24_7", existing_type=sa.Boolean(), nullable=False)
