"""Core directory tables: organizations, services, areas, locations, contacts, audit, feed.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-29 05:18:21.367601
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("alternate_names", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("verification_status", sa.String(length=16), nullable=False),
        sa.Column("last_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sort_name", sa.String(length=300), nullable=False),
        sa.Column("search_name", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organizations_slug")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_organizations_archived_sort_name", ["archived", "sort_name", "id"], unique=False
        )
        batch_op.create_index("ix_organizations_country", ["country"], unique=False)
        batch_op.create_index("ix_organizations_updated_at", ["updated_at", "id"], unique=False)
        batch_op.create_index(
            "ix_organizations_verification",
            ["verification_status", "last_verified_at"],
            unique=False,
        )

    op.create_table(
        "change_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_change_events_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_events")),
    )
    with op.batch_alter_table("change_events", schema=None) as batch_op:
        batch_op.create_index("ix_change_events_organization_id", ["organization_id"], unique=False)

    op.create_table(
        "locations",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("location_type", sa.String(length=10), nullable=False),
        sa.Column("address_1", sa.String(length=300), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("subdivision", sa.String(length=6), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("visibility", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_locations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.create_index("ix_locations_geo", ["latitude", "longitude"], unique=False)
        batch_op.create_index("ix_locations_organization_id", ["organization_id"], unique=False)

    op.create_table(
        "organization_facets",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_facets_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "facet", "code", name=op.f("pk_organization_facets")
        ),
    )
    with op.batch_alter_table("organization_facets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_organization_facets_lookup", ["facet", "code", "organization_id"], unique=False
        )

    op.create_table(
        "organization_translations",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_translations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "language", name=op.f("pk_organization_translations")
        ),
    )
    op.create_table(
        "revisions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("operation", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("organization_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_revisions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_revisions_organization_id", ["organization_id", "id"], unique=False
        )

    op.create_table(
        "services",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("populations", sa.JSON(), nullable=False),
        sa.Column("trafficking_types", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=True),
        sa.Column("fees", sa.Text(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("open_24_7", sa.Boolean(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_services_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(
            "ix_services_organization_id", ["organization_id", "name"], unique=False
        )

    op.create_table(
        "contacts",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("department", sa.String(length=300), nullable=True),
        sa.Column("visibility", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contacts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_contacts_service_id_services"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index("ix_contacts_organization_id", ["organization_id"], unique=False)

    op.create_table(
        "service_areas",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("subdivision", sa.String(length=6), nullable=True),
        sa.Column("municipality", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_service_areas_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_areas_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_areas")),
    )
    with op.batch_alter_table("service_areas", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_areas_country", ["country", "subdivision", "organization_id"], unique=False
        )
        batch_op.create_index("ix_service_areas_organization_id", ["organization_id"], unique=False)
        batch_op.create_index(
            "ix_service_areas_subdivision", ["subdivision", "organization_id"], unique=False
        )

    op.create_table(
        "service_translations",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_service_translations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_translations_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "language", name=op.f("pk_service_translations")),
    )
    with op.batch_alter_table("service_translations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_translations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "emails",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_emails_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_emails_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emails")),
    )
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.create_index("ix_emails_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_emails_organization_id", ["organization_id"], unique=False)

    op.create_table(
        "phones",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("e164", sa.String(length=20), nullable=False),
        sa.Column("short_code", sa.Boolean(), nullable=False),
        sa.Column("display", sa.String(length=40), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=True),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("is_hotline", sa.Boolean(), nullable=False),
        sa.Column("is_24_7", sa.Boolean(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_phones_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_phones_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_phones_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_phones_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phones")),
    )
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.create_index("ix_phones_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_phones_organization_id", ["organization_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # Accent folding happens in Python (directory.text.fold) when a listing is written;
        # trigram indexes make the resulting LIKE '%term%' searches use an index.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_organizations_search_text_trgm ON organizations "
            "USING gin (search_text gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX ix_organizations_search_name_trgm ON organizations "
            "USING gin (search_name gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_organizations_search_name_trgm")
        op.execute("DROP INDEX IF EXISTS ix_organizations_search_text_trgm")

    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.drop_index("ix_phones_organization_id")
        batch_op.drop_index("ix_phones_contact_id")

    op.drop_table("phones")
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_index("ix_emails_organization_id")
        batch_op.drop_index("ix_emails_contact_id")

    op.drop_table("emails")
    with op.batch_alter_table("service_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_translations_organization_id"))

    op.drop_table("service_translations")
    with op.batch_alter_table("service_areas", schema=None) as batch_op:
        batch_op.drop_index("ix_service_areas_subdivision")
        batch_op.drop_index("ix_service_areas_organization_id")
        batch_op.drop_index("ix_service_areas_country")

    op.drop_table("service_areas")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_organization_id")

    op.drop_table("contacts")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index("ix_services_organization_id")

    op.drop_table("services")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_organization_id")

    op.drop_table("revisions")
    op.drop_table("organization_translations")
    with op.batch_alter_table("organization_facets", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_facets_lookup")

    op.drop_table("organization_facets")
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_index("ix_locations_organization_id")
        batch_op.drop_index("ix_locations_geo")

    op.drop_table("locations")
    with op.batch_alter_table("change_events", schema=None) as batch_op:
        batch_op.drop_index("ix_change_events_organization_id")

    op.drop_table("change_events")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index("ix_organizations_verification")
        batch_op.drop_index("ix_organizations_updated_at")
        batch_op.drop_index("ix_organizations_country")
        batch_op.drop_index("ix_organizations_archived_sort_name")

    op.drop_table("organizations")
