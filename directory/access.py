"""The one write rule: may this caller change this organization's listing?

A :class:`WriteAccess` is made once per request from the caller (``auth`` builds it from
the bearer token, the importer and the CLI use :meth:`WriteAccess.system`) and handed to
every domain write function. The decision is taken there, inside the write transaction,
right after the organization's row is locked (see ``directory.listings.change``), so it is
made on the row that will be changed and cannot be skipped by an API layer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from directory.audit import Actor
from directory.errors import Forbidden, NotFound
from directory.visibility import Audience


@dataclass(frozen=True)
class WriteAccess:
    """Who writes, what they may see, and which listings they may change.

    ``everywhere`` lets the caller change every organization (``directory:write``);
    otherwise only ``organization_id`` (``listings:write`` of a bound client or staff user),
    or nothing at all. ``needed`` names what a refused caller lacks (scope names, given by
    whoever built this value), for the refusal to say.
    """

    actor: Actor
    audience: Audience
    everywhere: bool = False
    organization_id: uuid.UUID | None = None
    needed: tuple[str, ...] = ()
    needed_to_create: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.audience, Audience):
            raise TypeError("WriteAccess needs the caller's Audience (no default)")

    @classmethod
    def system(cls, actor: Actor) -> WriteAccess:
        """A trusted system job (import, demo data, tests): every listing, every item."""
        return cls(actor, Audience.everything(), everywhere=True)

    @classmethod
    def nobody(cls, actor: Actor, audience: Audience, needed: tuple[str, ...]) -> WriteAccess:
        return cls(actor, audience, needed=needed, needed_to_create=needed)

    def allows(self, organization_id: uuid.UUID) -> bool:
        return self.everywhere or (
            self.organization_id is not None and self.organization_id == organization_id
        )

    def check(self, organization_id: uuid.UUID) -> None:
        """Raise :class:`Forbidden` unless the caller may change this organization."""
        if self.allows(organization_id):
            return
        if self.organization_id is not None:
            raise Forbidden(
                "your token may only change its own organization's listing",
                self.needed,
                "forbidden.own_listing_only",
            )
        raise Forbidden("you may not change this listing", self.needed, "forbidden.listing")

    def check_create(self) -> None:
        """Only callers who may write every listing add new organizations."""
        if not self.everywhere:
            raise Forbidden(
                "you may not create listings", self.needed_to_create, "forbidden.create"
            )

    def check_visible(self, what: str, row: object) -> None:
        """Raise :class:`NotFound` for a part (contact, phone, email, location) the caller
        may not see, whatever their write rights: its existence must not leak."""
        visibility = getattr(row, "visibility", None)
        organization_id = getattr(row, "organization_id")  # noqa: B009 - every part has one
        if visibility is not None and not self.audience.can_see(visibility, organization_id):
            raise NotFound(what, getattr(row, "id", None))
