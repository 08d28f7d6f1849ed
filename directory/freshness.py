"""Whether a listing's verification still holds: STALE after a year without verification.

The stored status is UNVERIFIED, VERIFIED or REJECTED; a VERIFIED listing whose last
verification is older than :data:`STALE_AFTER` reads as ``STALE``.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, and_

from directory.enums import VerificationStatus
from directory.listings.verification import changed_since_verification
from directory.models import Organization
from directory.models.base import utcnow

STALE_AFTER = dt.timedelta(days=365)

__all__ = [
    "STALE_AFTER",
    "Freshness",
    "changed_since_verification",
    "freshness",
    "fresh_clause",
]


class Freshness(enum.StrEnum):
    """Verification status as callers read it."""

    UNVERIFIED = "UNVERIFIED"
    VERIFIED = "VERIFIED"
    STALE = "STALE"
    REJECTED = "REJECTED"


def freshness(
    status: str, last_verified_at: dt.datetime | None, now: dt.datetime | None = None
) -> Freshness:
    """The status to show: VERIFIED turns STALE once ``STALE_AFTER`` has passed."""
    if status == VerificationStatus.VERIFIED.value:
        if last_verified_at is None or (now or utcnow()) - last_verified_at > STALE_AFTER:
            return Freshness.STALE
        return Freshness.VERIFIED
    if status == VerificationStatus.REJECTED.value:
        return Freshness.REJECTED
    return Freshness.UNVERIFIED


def fresh_clause(now: dt.datetime | None = None) -> ColumnElement[bool]:
    """SQL for "verified, and not stale" on organizations."""
    return and_(
        Organization.verification_status == VerificationStatus.VERIFIED.value,
        Organization.last_verified_at >= (now or utcnow()) - STALE_AFTER,
    )
