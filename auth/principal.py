"""Who is calling, and what that lets them read and write."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field

from auth import scopes as S
from directory.access import WriteAccess
from directory.audit import Actor
from directory.enums import Visibility
from directory.visibility import Audience


class PrincipalKind(enum.StrEnum):
    ANONYMOUS = "ANONYMOUS"
    CLIENT = "CLIENT"
    USER = "USER"


@dataclass(frozen=True)
class Principal:
    """The caller of one request, built once from its bearer token (or its absence)."""

    kind: PrincipalKind = PrincipalKind.ANONYMOUS
    scopes: tuple[str, ...] = ()
    """Scopes as granted by the token, in order."""
    client_id: str | None = None
    user_email: str | None = None
    organization_id: uuid.UUID | None = None
    """The organization a user or client is bound to."""
    token_id: str | None = None
    remote_address: str | None = None
    granted: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "granted", S.expand(self.scopes))

    @classmethod
    def anonymous(cls, remote_address: str | None = None) -> Principal:
        return cls(remote_address=remote_address)

    @property
    def is_anonymous(self) -> bool:
        return self.kind is PrincipalKind.ANONYMOUS

    def has(self, scope: str) -> bool:
        """Whether the token grants ``scope``, directly or through nesting."""
        return scope in self.granted

    def is_staff_of(self, organization_id: uuid.UUID) -> bool:
        """A signed-in user of that organization, or a client bound to it with write rights."""
        if self.organization_id is None or self.organization_id != organization_id:
            return False
        return self.kind is PrincipalKind.USER or self.has(S.LISTINGS_WRITE)

    @property
    def own_organization_id(self) -> uuid.UUID | None:
        if self.organization_id is None:
            return None
        return self.organization_id if self.is_staff_of(self.organization_id) else None

    def audience(self) -> Audience:
        """The visibility rule for this caller (see ``directory.visibility``)."""
        levels = {Visibility.PUBLIC}
        if self.has(S.READ):
            levels.add(Visibility.PARTNERS)
        if self.has(S.READ_CONFIDENTIAL):
            levels.update({Visibility.PARTNERS, Visibility.CONFIDENTIAL})
        admin = self.has(S.ADMIN)
        return Audience(frozenset(levels), self.own_organization_id, admin, administrator=admin)

    def write_access(self) -> WriteAccess:
        """What this caller may change (see ``directory.access``): ``directory:write`` any
        listing, ``listings:write`` its own organization's only, everyone else nothing."""
        own = self.organization_id if self.has(S.LISTINGS_WRITE) else None
        return WriteAccess(
            self.actor(),
            self.audience(),
            everywhere=self.has(S.WRITE),
            organization_id=own,
            needed=(S.WRITE,) if own is not None else (S.LISTINGS_WRITE, S.WRITE),
            needed_to_create=(S.WRITE,),
        )

    def actor(self) -> Actor:
        if self.kind is PrincipalKind.USER:
            return Actor(f"user:{self.user_email}")
        if self.kind is PrincipalKind.CLIENT:
            return Actor(f"client:{self.client_id}")
        return Actor("anonymous")

    @property
    def rate_key(self) -> str:
        """Whose budget a request spends: the client's, or the anonymous IP address's."""
        if self.client_id:
            return f"client:{self.client_id}"
        return f"ip:{self.remote_address or 'unknown'}"
