"""Service areas: the jurisdictions an organization or one of its services covers."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base, HasId


class ServiceArea(HasId, Base):
    """A country (nationwide) or ISO 3166-2 subdivision, optionally narrowed to a municipality.

    ``service_id`` is empty when the area belongs to the organization as a whole.
    """

    __tablename__ = "service_areas"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE")
    )
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(6))
    """ISO 3166-2 code such as ``MX-CMX``; empty means the whole country."""
    municipality: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_service_areas_organization_id", "organization_id"),
        Index("ix_service_areas_country", "country", "subdivision", "organization_id"),
        Index("ix_service_areas_subdivision", "subdivision", "organization_id"),
    )
