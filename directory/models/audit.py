"""The audit trail (revisions) and the ordered change feed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.enums import Visibility
from directory.models.base import Base, utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Revision(Base):
    """One change to one entity of a listing: who, when, what, and the before/after values."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    """Who made the change: ``user:<email>``, ``client:<client_id>`` or ``system:<what>``."""
    operation: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """``{field: {"before": …, "after": …}}`` for every changed field."""
    organization_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_revisions_organization_id", "organization_id", "id"),)


class ChangeEvent(Base):
    """One event of the sync feed: an organization was created, updated or archived.

    ``id`` is the feed position. Events are written last in their transaction, under a
    lock that is held until commit, so positions become visible in commit order.
    """

    __tablename__ = "change_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(
        String(12), default=Visibility.PUBLIC.value, server_default=Visibility.PUBLIC.value
    )
    """The most public level among the items the change touched: who may hear of it."""

    __table_args__ = (Index("ix_change_events_organization_id", "organization_id"),)
