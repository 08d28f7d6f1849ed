"""Stored first responses of mutations sent with an ``Idempotency-Key`` header."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base, utcnow


class IdempotencyKey(Base):
    """One key of one caller: the request it was first used with and, once that request
    finished, its response. Shared by every service process through the database."""

    __tablename__ = "idempotency_keys"

    principal: Mapped[str] = mapped_column(String(200), primary_key=True)
    """Who sent it (``client:<id>`` or ``user:<email>``): keys of different callers never meet."""
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the request body (canonical JSON)."""
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(Text)
    """The first response body; empty while that request is still running."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]

    __table_args__ = (Index("ix_idempotency_keys_expires_at", "expires_at"),)
