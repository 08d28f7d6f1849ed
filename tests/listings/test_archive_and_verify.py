"""Archive, not delete; verification and whether a listing changed since."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.organizations import archive_organization, update_organization
from directory.listings.specs import OrganizationSpec
from directory.listings.verification import (
    changed_since_verification,
    verified_versions,
    verify_organization,
)
from directory.models import ChangeEvent, Organization, Revision
from directory.reader import Reader
from directory.validation import InvalidInput
from directory.visibility import Audience
from tests.listings.helpers import ACTOR, load, make

ADMIN = WriteAccess.system(Actor("client:coordination-desk"))


async def test_archived_listing_leaves_default_reads_but_stays_for_admins_and_feed(
    db: Database,
) -> None:
    org_id = await make(db)
    async with db.write() as session:
        archived = await archive_organization(session, ACTOR, org_id, expected_version=1)
    assert archived.archived and archived.archived_at is not None
    async with db.session() as session:
        public = await Reader(session, Audience.public()).organizations_by_id([org_id])
        partners = await Reader(session, Audience.partners()).organizations_by_id([org_id])
        admin = await Reader(session, Audience.everything()).organizations_by_id([org_id])
        own = await Reader(session, Audience.partners(own=org_id)).organizations_by_id([org_id])
        events = (await session.scalars(select(ChangeEvent).order_by(ChangeEvent.id))).all()
    assert public == {} and partners == {}
    assert list(admin) == [org_id] and list(own) == [org_id]
    assert [(e.kind, e.version) for e in events] == [("CREATED", 1), ("ARCHIVED", 2)]
    assert (await load(db, Organization, org_id)) is not None  # the row is kept


async def test_archived_listing_refuses_further_writes(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        await archive_organization(session, ACTOR, org_id)
    for attempt in (
        lambda s: update_organization(
            s, ACTOR, org_id, OrganizationSpec.from_mapping({"name": "Otra"})
        ),
        lambda s: archive_organization(s, ACTOR, org_id),
    ):
        with pytest.raises(InvalidInput, match="archived"):
            async with db.write() as session:
                await attempt(session)
    assert (await load(db, Organization, org_id)).version == 2


async def test_verify_sets_status_time_verifier_and_tracks_later_edits(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        verified = await verify_organization(session, ADMIN, org_id, expected_version=1)
    assert verified.verification_status == "VERIFIED"
    assert verified.verified_by == "client:coordination-desk"
    assert verified.last_verified_at is not None
    async with db.session() as session:
        versions = await verified_versions(session, [org_id])
        organization = await session.get_one(Organization, org_id)
    assert versions == {org_id: 2}
    assert changed_since_verification(organization, versions.get(org_id)) is False

    async with db.write() as session:
        await update_organization(
            session, ACTOR, org_id, OrganizationSpec.from_mapping({"description": "Nuevo horario"})
        )
    async with db.session() as session:
        organization = await session.get_one(Organization, org_id)
        versions = await verified_versions(session, [org_id])
        revision = (
            await session.scalars(select(Revision).where(Revision.operation == "verify"))
        ).one()
    assert changed_since_verification(organization, versions.get(org_id)) is True
    assert revision.changes["verification_status"] == {"before": "UNVERIFIED", "after": "VERIFIED"}


async def test_created_verified_counts_as_verified_at_version_one(db: Database) -> None:
    org_id = await make(
        db, verification={"status": "VERIFIED", "last_verified_at": "2026-01-05T00:00:00+00:00"}
    )
    async with db.session() as session:
        assert await verified_versions(session, [org_id]) == {org_id: 1}


async def test_unknown_verification_status_is_refused(db: Database) -> None:
    org_id = await make(db)
    with pytest.raises(InvalidInput):
        async with db.write() as session:
            await verify_organization(session, ADMIN, org_id, status="TRUSTED")
    assert (await load(db, Organization, org_id)).verification_status == "UNVERIFIED"
