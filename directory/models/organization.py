"""Organizations and their translations."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.enums import VerificationStatus
from directory.models.base import Base, HasId, utcnow


class Organization(HasId, Base):
    """An organization listed in the directory (HSDS ``organization``)."""

    __tablename__ = "organizations"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    alternate_names: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    website: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(2))
    """The language the record itself is written in (ISO 639-1)."""
    country: Mapped[str] = mapped_column(String(2))
    """Headquarters country (ISO 3166-1 alpha-2)."""

    verification_status: Mapped[str] = mapped_column(
        String(16), default=VerificationStatus.UNVERIFIED.value
    )
    last_verified_at: Mapped[dt.datetime | None]
    verified_by: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[dt.datetime | None]
    """When its staff (or a ``directory:write`` caller) last said it is still accurate."""
    confirmed_by: Mapped[str | None] = mapped_column(String(200))

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[dt.datetime | None]

    sort_name: Mapped[str] = mapped_column(String(300))
    """Folded name (lower case, no accents) for ordering and keyset pagination."""
    search_name: Mapped[str] = mapped_column(Text)
    """Folded name and alternate names in every language, for relevance."""
    search_text: Mapped[str] = mapped_column(Text)
    """Folded PUBLIC text only (names, descriptions, service names) for search."""

    __table_args__ = (
        Index("ix_organizations_archived_sort_name", "archived", "sort_name", "id"),
        Index("ix_organizations_sort_name", "sort_name", "id"),
        Index("ix_organizations_updated_at", "updated_at", "id"),
        Index("ix_organizations_country", "country"),
        Index("ix_organizations_verification", "verification_status", "last_verified_at"),
    )


class OrganizationTranslation(Base):
    """An organization's name and description in another language."""

    __tablename__ = "organization_translations"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class OrganizationFacet(Base):
    """A denormalized, indexed fact used by list filters.

    Rebuilt from the organization and its services by ``directory.facets`` in the same
    transaction as every write, so filters never read JSON columns.
    """

    __tablename__ = "organization_facets"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)

    __table_args__ = (Index("ix_organization_facets_lookup", "facet", "code", "organization_id"),)
