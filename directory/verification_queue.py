"""The administrators' verification queue: listings never verified, verified more than a
year ago (stale), or changed since their last verification, with those changes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.enums import VerificationStatus
from directory.freshness import STALE_AFTER
from directory.models import Organization, Revision
from directory.models.base import utcnow

CHANGES_SHOWN = 20
"""Changes listed per queued organization (the history page has them all)."""


@dataclass
class QueuedListing:
    organization: Organization
    reason: str
    """``unverified``, ``stale``, ``changed`` or ``rejected``."""
    changes: list[Revision] = field(default_factory=list)


async def verification_queue(session: AsyncSession, *, limit: int = 50) -> list[QueuedListing]:
    """Up to ``limit`` live listings that need an administrator's look, longest waiting
    first; two statements whatever the queue's length."""
    now = utcnow()
    verified = Organization.verification_status == VerificationStatus.VERIFIED.value
    changed = and_(verified, Organization.updated_at > Organization.last_verified_at)
    stale = and_(verified, Organization.last_verified_at < now - STALE_AFTER)
    unverified = Organization.verification_status == VerificationStatus.UNVERIFIED.value
    rejected_changed = and_(
        Organization.verification_status == VerificationStatus.REJECTED.value,
        Organization.updated_at > Organization.last_verified_at,
    )
    rows = list(
        (
            await session.scalars(
                select(Organization)
                .where(
                    Organization.archived.is_(False),
                    or_(unverified, stale, changed, rejected_changed),
                )
                .order_by(Organization.updated_at, Organization.id)
                .limit(limit)
            )
        ).all()
    )
    since = [o.id for o in rows if o.last_verified_at is not None]
    changes: dict[uuid.UUID, list[Revision]] = defaultdict(list)
    if since:
        found = await session.scalars(
            select(Revision)
            .join(Organization, Organization.id == Revision.organization_id)
            .where(
                Revision.organization_id.in_(since),
                Revision.at > Organization.last_verified_at,
            )
            .order_by(Revision.organization_id, Revision.id)
        )
        for revision in found:
            if len(changes[revision.organization_id]) < CHANGES_SHOWN:
                changes[revision.organization_id].append(revision)
    queued = []
    for organization in rows:
        if organization.verification_status == VerificationStatus.UNVERIFIED.value:
            reason = "unverified"
        elif changes.get(organization.id) or (
            organization.last_verified_at is not None
            and organization.updated_at > organization.last_verified_at
        ):
            reason = "changed"
        else:
            reason = "stale"
        queued.append(QueuedListing(organization, reason, changes.get(organization.id, [])))
    return queued
