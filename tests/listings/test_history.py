"""Paging through an organization's audit trail."""

from __future__ import annotations

from directory.db import Database
from directory.listings.history import revisions_page
from directory.listings.organizations import update_organization
from directory.listings.specs import OrganizationSpec
from tests.listings.helpers import ACTOR, make


async def test_revisions_page_newest_first_with_keyset_cursor(db: Database) -> None:
    org = await make(db)
    other = await make(db, slug="otra", name="Otra", service_areas=[{"code": "US"}])
    for i in range(3):
        async with db.write() as session:
            await update_organization(
                session, ACTOR, org, OrganizationSpec.from_mapping({"description": f"d{i}"})
            )
    async with db.session() as session:
        first = await revisions_page(session, org, first=2)
        rest = await revisions_page(session, org, first=50, after=first.revisions[-1].id)
        theirs = await revisions_page(session, other, first=50)
    assert [r.changes["description"]["after"] for r in first.revisions] == ["d2", "d1"]
    assert first.has_next_page and not rest.has_next_page
    assert rest.revisions[0].changes["description"]["after"] == "d0"
    assert first.total_count == 2 + len(rest.revisions)
    assert {r.organization_id for r in first.revisions + rest.revisions} == {org}
    assert all(r.organization_id == other for r in theirs.revisions)
    assert first.revisions[0].actor == "user:staff@example.org"
