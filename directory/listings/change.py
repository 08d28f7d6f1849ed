"""One write to an existing listing: lock, authorize, revisions, then version and event.

Every touched row goes through :meth:`ListingChange.record` (or ``created``/``deleted``);
when none of them changed anything, :meth:`ListingChange.finish` writes nothing more: no
version bump, no reindex, no change event.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.audit import Actor, add_revision, append_change, diff
from directory.enums import ChangeKind
from directory.errors import InvalidInput, Problem
from directory.listings.create import snapshot
from directory.listings.index import reindex_organization
from directory.listings.reach import Reach
from directory.listings.versioning import bump, check_version, lock_listing
from directory.models import Organization
from directory.models.base import Base, utcnow

NOISE = frozenset({"version", "updated_at", "created_at"})
"""Columns every write touches; the revision's ``organization_version`` already tells them."""


@dataclass
class ListingChange:
    """The open write of one organization, inside the caller's transaction.

    ``begin`` locks the organization's row (see ``versioning``) before anything is read,
    then asks ``access`` whether the caller may change it: the one authorization decision
    of every listing write, taken on the locked row.
    """

    session: AsyncSession
    access: WriteAccess
    organization: Organization
    at: dt.datetime
    revisions: int = field(default=0)
    base_version: int = field(default=0)
    reach: Reach = field(default_factory=Reach)
    """The most public level among the rows this change touched (before and after)."""

    @classmethod
    async def begin(
        cls,
        session: AsyncSession,
        access: WriteAccess,
        organization_id: uuid.UUID,
        expected_version: int | None,
        at: dt.datetime | None = None,
        *,
        archived_ok: bool = False,
    ) -> ListingChange:
        organization = await lock_listing(session, organization_id)
        access.check(organization.id)
        check_version(organization, expected_version)
        if organization.archived and not archived_ok:
            raise InvalidInput([Problem(("id",), "the organization is archived")])
        return cls(session, access, organization, at or utcnow(), 0, organization.version)

    @property
    def actor(self) -> Actor:
        return self.access.actor

    @property
    def version(self) -> int:
        """The version this change gives the listing (when it changes anything)."""
        return self.base_version + 1

    def record(
        self,
        operation: str,
        row: Base,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> bool:
        """Add a revision for the fields of ``row`` that differ (none when nothing does);
        whether one was added."""
        changes = {name: value for name, value in diff(before, after).items() if name not in NOISE}
        if not changes and operation == "update":
            return False
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
        return True

    def created(self, row: Base) -> None:
        self.record("create", row, {}, snapshot(row))

    def deleted(self, row: Base) -> None:
        self.record("delete", row, snapshot(row), {})

    @property
    def changed(self) -> bool:
        return self.revisions > 0

    async def finish(self, kind: ChangeKind = ChangeKind.UPDATED) -> bool:
        """Bump the version, reindex the listing and append its change event — the last
        step before commit — when something changed; whether it did."""
        if not self.changed:
            return False
        bump(self.organization, self.at)
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
        return True
