"""Verification by a directory administrator, and whether a listing changed since."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.enums import VerificationStatus
from directory.listings.change import ListingChange
from directory.listings.create import snapshot
from directory.models import Organization, Revision
from directory.validation import Checker

VERIFY = "verify"


async def verify_organization(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    *,
    status: str = VerificationStatus.VERIFIED.value,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
    note: str | None = None,
) -> Organization:
    """Record that an administrator checked the listing now: status, time and verifier.

    ``status`` is VERIFIED (the default), REJECTED or UNVERIFIED. ``note`` (why, what was
    checked) is kept in the verification's revision.
    """
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    checked = checker.choice(("status",), status, [s.value for s in VerificationStatus])
    kept_note = checker.text(("note",), note, max_length=2000)
    checker.raise_if_any()
    before = snapshot(organization)
    organization.verification_status = checked or VerificationStatus.VERIFIED.value
    organization.last_verified_at = change.at
    organization.verified_by = access.actor.id
    after = snapshot(organization)
    if kept_note:
        after["verification_note"] = kept_note
    change.record(VERIFY, organization, before, after)
    await change.finish()
    return organization


CONFIRM = "confirm"


async def confirm_listing_current(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    *,
    at: dt.datetime | None = None,
) -> Organization:
    """Record that the organization's own staff (or a ``directory:write`` caller) says the
    listing is still accurate: who and when, as a new version with its revision and event.
    It does not verify the listing (only administrators do)."""
    change = await ListingChange.begin(session, access, organization_id, None, at)
    organization = change.organization
    before = snapshot(organization)
    organization.confirmed_at = change.at
    organization.confirmed_by = access.actor.id
    change.record(CONFIRM, organization, before, snapshot(organization))
    await change.finish()
    return organization


async def verified_versions(
    session: AsyncSession, organization_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """The version each organization had when its verification last changed (by a verify,
    or at creation when it was created verified); absent when never verified.

    ``changed since verification`` is then ``organization.version > verified_version``.
    """
    if not organization_ids:
        return {}
    rows = (
        await session.execute(
            select(Revision.organization_id, Revision.organization_version, Revision.changes)
            .where(
                Revision.organization_id.in_(list(organization_ids)),
                Revision.entity_type == "Organization",
                Revision.operation.in_([VERIFY, "create"]),
            )
            .order_by(Revision.id)
        )
    ).all()
    found: dict[uuid.UUID, int] = {}
    for organization_id, version, changes in rows:
        if (changes or {}).get("last_verified_at", {}).get("after") is not None:
            found[organization_id] = version
    return found


def changed_since_verification(organization: Organization, verified_version: int | None) -> bool:
    """Whether anything was written after the last verification (False if never verified)."""
    if organization.last_verified_at is None or verified_version is None:
        return False
    return organization.version > verified_version
