"""Places where an organization works or can be reached."""

from __future__ import annotations

import uuid

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.enums import LocationType, Visibility
from directory.models.base import Base, HasId


class Location(HasId, Base):
    """A physical, postal or virtual location with its address (HSDS ``location`` + ``address``)."""

    __tablename__ = "locations"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    location_type: Mapped[str] = mapped_column(String(10), default=LocationType.PHYSICAL.value)
    address_1: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    subdivision: Mapped[str | None] = mapped_column(String(6))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    url: Mapped[str | None] = mapped_column(String(500))
    visibility: Mapped[str] = mapped_column(String(12), default=Visibility.PUBLIC.value)

    __table_args__ = (
        Index("ix_locations_organization_id", "organization_id"),
        Index("ix_locations_geo", "latitude", "longitude"),
    )
