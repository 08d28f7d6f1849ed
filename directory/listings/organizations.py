"""Creating, updating and archiving organizations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.enums import ChangeKind
from directory.listings.change import ListingChange
from directory.listings.create import create_organization, slug_taken, snapshot
from directory.listings.duplicates import duplicate_problems
from directory.listings.parts import (
    apply_translations,
    email_rows,
    phone_rows,
    replace_rows,
    split_translations,
    unknown_fields,
)
from directory.listings.rows import own_emails, own_phones
from directory.listings.spec import parse_organization
from directory.listings.specs import OrganizationSpec, known
from directory.models import Organization, OrganizationTranslation
from directory.validation import Checker, InvalidInput, Problem

SCALAR_FIELDS = (
    "slug",
    "name",
    "alternate_names",
    "description",
    "kind",
    "website",
    "language",
    "country",
)
"""Organization columns an update may change; ``translations``, ``phones`` and ``emails``
(the organization's own, not its contacts') are changed as whole sets."""

UPDATABLE = frozenset({*SCALAR_FIELDS, "translations", "phones", "emails"})


CREATE_LOCK_KEY = 0x4F52_4743  # "ORGC": serializes duplicate checks of concurrent creates


async def create_listing(
    session: AsyncSession,
    access: WriteAccess,
    spec: OrganizationSpec,
    *,
    allow_duplicate: bool = False,
    organization_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> Organization:
    """Create an organization, refusing a suspected duplicate unless ``allow_duplicate``.

    On PostgreSQL creates queue on a transaction-scoped advisory lock taken before the
    duplicate check and held until commit, so two near-identical listings created at the same
    moment cannot both pass the check (each check is a new READ COMMITTED snapshot that sees
    the previous creator's commit). SQLite writers are already serialized.
    """
    access.check_create()
    if not allow_duplicate and session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK_KEY})
    problems = [] if allow_duplicate else await duplicate_problems(session, spec)
    return await create_organization(
        session, access.actor, spec, organization_id=organization_id, at=at, problems=problems
    )


async def update_organization(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    changes: OrganizationSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Organization:
    """Apply the given fields (absent ones are kept) as one new version of the listing.

    ``translations`` maps a language to ``{name, description}`` (replacing that language)
    or to ``None`` (removing it); ``phones`` and ``emails`` replace the organization's own
    that the caller may see. A change that changes nothing writes nothing.
    """
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    unknown_fields(checker, changes, UPDATABLE)
    current = OrganizationSpec(**{name: getattr(organization, name) for name in SCALAR_FIELDS})
    given = {name: value for name, value in changes.given().items() if name in SCALAR_FIELDS}
    values = parse_organization(checker, dataclasses.replace(current, **given))
    removed, kept = split_translations(checker, known(changes.translations), ("translations",))
    country = values["country"] or organization.country
    new_phones = (
        phone_rows(checker, changes.phones, ("phones",), organization.id, country)
        if changes.has("phones")
        else None
    )
    new_emails = (
        email_rows(checker, changes.emails, ("emails",), organization.id)
        if changes.has("emails")
        else None
    )
    checker.raise_if_any()
    if values["slug"] != organization.slug and await slug_taken(session, values["slug"]):
        raise InvalidInput([Problem(("slug",), f"{values['slug']!r} is already taken")])

    before = snapshot(organization)
    for name in given:
        setattr(organization, name, values[name])
    change.record("update", organization, before, snapshot(organization))
    await apply_translations(
        change,
        (
            await session.scalars(
                select(OrganizationTranslation).where(
                    OrganizationTranslation.organization_id == organization.id
                )
            )
        ).all(),
        removed,
        kept,
        lambda language, text: OrganizationTranslation(
            organization_id=organization.id, language=language, **text
        ),
    )
    audience = access.audience
    if new_phones is not None:
        phones = await own_phones(session, audience, "organization", organization.id)
        await replace_rows(change, phones, new_phones)
    if new_emails is not None:
        emails = await own_emails(session, audience, "organization", organization.id)
        await replace_rows(change, emails, new_emails)
    await change.finish()
    return organization


async def archive_organization(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Organization:
    """Archive (never delete) a listing: it leaves lists and search, stays readable by
    administrators and its own staff, and the feed tells partners with an ARCHIVED event."""
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    before = snapshot(organization)
    organization.archived = True
    organization.archived_at = change.at
    change.record("archive", organization, before, snapshot(organization))
    await change.finish(ChangeKind.ARCHIVED)
    return organization
