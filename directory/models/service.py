"""Services an organization offers, and their translations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.enums import ServiceStatus
from directory.models.base import Base, HasId, utcnow


class Service(HasId, Base):
    """A service of one organization (HSDS ``service``)."""

    __tablename__ = "services"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(24), default=ServiceStatus.ACTIVE.value)
    categories: Mapped[list[str]] = mapped_column(default=list)
    populations: Mapped[list[str]] = mapped_column(default=list)
    trafficking_types: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    """Languages the service works in (ISO 639-1)."""
    eligibility: Mapped[str | None] = mapped_column(Text)
    fees: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str | None] = mapped_column(String(64))
    """IANA time zone the opening hours are given in."""
    open_24_7: Mapped[bool | None] = mapped_column(Boolean)
    """Open around the clock; None: not known."""
    hours: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    """Weekly opening hours: ``[{"days": ["MO", …], "opens": "09:00", "closes": "17:00"}]``."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_services_organization_id", "organization_id", "name"),)


class ServiceTranslation(Base):
    """A service's name and description in another language."""

    __tablename__ = "service_translations"

    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
