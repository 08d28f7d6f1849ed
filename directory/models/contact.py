"""Contacts, phones and emails, each with its own visibility."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.enums import PhoneType, Visibility
from directory.models.base import Base, HasId


class Contact(HasId, Base):
    """A person or desk of an organization (HSDS ``contact``)."""

    __tablename__ = "contacts"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL")
    )
    name: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(300))
    visibility: Mapped[str] = mapped_column(String(12), default=Visibility.PUBLIC.value)

    __table_args__ = (Index("ix_contacts_organization_id", "organization_id"),)


class Phone(HasId, Base):
    """A phone number, normalized to E.164 (HSDS ``phone``).

    A phone belongs to its organization and optionally to one contact, service or location.
    """

    __tablename__ = "phones"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE")
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE")
    )
    e164: Mapped[str] = mapped_column(String(20))
    """E.164 form (``+528005533000``); for a short code, its digits."""
    short_code: Mapped[bool] = mapped_column(Boolean, default=False)
    display: Mapped[str] = mapped_column(String(40))
    """The number as people in its country write it (national format)."""
    extension: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(10), default=PhoneType.VOICE.value)
    is_hotline: Mapped[bool] = mapped_column(Boolean, default=False)
    is_24_7: Mapped[bool | None] = mapped_column(Boolean)
    """Answered around the clock; None: not known."""
    languages: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(12), default=Visibility.PUBLIC.value)

    __table_args__ = (
        Index("ix_phones_organization_id", "organization_id"),
        Index("ix_phones_contact_id", "contact_id"),
        Index("ix_phones_service_id", "service_id"),
        Index("ix_phones_location_id", "location_id"),
    )


class Email(HasId, Base):
    """An email address of an organization, or of one of its contacts, services or locations."""

    __tablename__ = "emails"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE")
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE")
    )
    address: Mapped[str] = mapped_column(String(320))
    description: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(12), default=Visibility.PUBLIC.value)

    __table_args__ = (
        Index("ix_emails_organization_id", "organization_id"),
        Index("ix_emails_contact_id", "contact_id"),
        Index("ix_emails_service_id", "service_id"),
        Index("ix_emails_location_id", "location_id"),
    )
