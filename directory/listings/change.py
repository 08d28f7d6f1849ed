"""One write to an existing listing: version bump first, revisions, reindex, event last."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor, add_revision, append_change, diff
from directory.enums import ChangeKind
from directory.listings.create import snapshot
from directory.listings.index import reindex_organization
from directory.listings.reach import Reach
from directory.listings.versioning import bump_version
from directory.models import Organization
from directory.models.base import Base, utcnow

NOISE = frozenset({"version", "updated_at", "created_at"})
"""Columns every write touches; the revision's ``organization_version`` already tells them."""


@dataclass
class ListingChange:
    """The open write of one organization, inside the caller's transaction.

    ``begin`` bumps the version (taking the row's lock, see ``versioning``) before anything
    is read, so every value read afterwards is the newest committed one and nobody else can
    change this listing until commit.
    """

    session: AsyncSession
    actor: Actor
    organization: Organization
    at: dt.datetime
    revisions: int = field(default=0)
    reach: Reach = field(default_factory=Reach)
    """The most public level among the rows this change touched (before and after)."""

    @classmethod
    async def begin(
        cls,
        session: AsyncSession,
        actor: Actor,
        organization_id: uuid.UUID,
        expected_version: int | None,
        at: dt.datetime | None = None,
    ) -> ListingChange:
        now = at or utcnow()
        organization = await bump_version(session, organization_id, expected_version, now)
        return cls(session, actor, organization, now)

    @property
    def version(self) -> int:
        return self.organization.version

    def record(
        self,
        operation: str,
        row: Base,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        """Add a revision for the fields of ``row`` that differ (none when nothing does)."""
        changes = {name: value for name, value in diff(before, after).items() if name not in NOISE}
        if not changes and operation == "update":
            return
        add_revision(
            self.session,
            organization_id=self.organization.id,
            actor=self.actor,
            operation=operation,
            entity_type=type(row).__name__,
            entity_id=getattr(row, "id", None) or self.organization.id,
            changes=changes,
            version=self.version,
            at=self.at,
        )
        self.revisions += 1
        self.reach.touch(row, before, after)

    def created(self, row: Base) -> None:
        self.record("create", row, {}, snapshot(row))

    def deleted(self, row: Base) -> None:
        self.record("delete", row, snapshot(row), {})

    async def finish(self, kind: ChangeKind = ChangeKind.UPDATED) -> None:
        """Reindex the listing and append its change event: the last step before commit."""
        await reindex_organization(self.session, self.organization.id)
        await append_change(
            self.session,
            organization_id=self.organization.id,
            kind=kind,
            version=self.version,
            actor=self.actor,
            at=self.at,
            visibility=await self.reach.level(self.session),
        )
