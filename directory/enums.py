"""Closed vocabularies stored as strings in the database."""

from __future__ import annotations

import enum


class Visibility(enum.StrEnum):
    """Who may see a contact, phone, email or location."""

    PUBLIC = "PUBLIC"
    PARTNERS = "PARTNERS"
    CONFIDENTIAL = "CONFIDENTIAL"


class OrganizationKind(enum.StrEnum):
    NGO = "ngo"
    GOVERNMENT = "government"
    HOTLINE = "hotline"
    LAW_ENFORCEMENT = "law-enforcement"
    INTERNATIONAL = "international"
    ACADEMIC = "academic"
    PRIVATE_SECTOR = "private-sector"
    FAITH_BASED = "faith-based"


class VerificationStatus(enum.StrEnum):
    """Stored verification state; ``STALE`` is derived when read (see ``freshness``)."""

    UNVERIFIED = "UNVERIFIED"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"


class ServiceStatus(enum.StrEnum):
    """HSDS 3.0 ``service.status`` values."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    TEMPORARILY_CLOSED = "temporarily closed"
    DEFUNCT = "defunct"


class TraffickingType(enum.StrEnum):
    SEX = "sex"
    LABOR = "labor"
    DOMESTIC_SERVITUDE = "domestic-servitude"
    FORCED_CRIMINALITY = "forced-criminality"
    FORCED_MARRIAGE = "forced-marriage"
    ORGAN_REMOVAL = "organ-removal"


class PhoneType(enum.StrEnum):
    VOICE = "voice"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    TTY = "tty"
    FAX = "fax"


class LocationType(enum.StrEnum):
    """HSDS 3.0 ``location.location_type`` values."""

    PHYSICAL = "physical"
    POSTAL = "postal"
    VIRTUAL = "virtual"


class ChangeKind(enum.StrEnum):
    """What happened to an organization, as told by the change feed."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    ARCHIVED = "ARCHIVED"


class FacetKind(enum.StrEnum):
    """Indexed facets an organization can be filtered by."""

    CATEGORY = "category"
    POPULATION = "population"
    LANGUAGE = "language"
    TRAFFICKING_TYPE = "trafficking-type"


LANGUAGES: tuple[str, ...] = ("en", "es", "fr")
"""Languages the directory is written and localized in."""
