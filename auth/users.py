"""People who sign in, in two explicit roles that cap their scopes:

- ``editor``: an organization's staff, bound to that one organization, may read partner
  data and change their own listing (``directory:read listings:write``);
- ``admin``: a directory administrator, bound to no organization, whose tokens may carry
  ``directory:admin`` (and every other scope).

An account bound to an organization never gets ``directory:admin``: :func:`create_user`
refuses the combination, the database refuses it (a check constraint) and
:func:`scopes_for` caps such an account at the editor's scopes whatever its role says.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from auth import scopes as S
from auth.models import StaffUser
from auth.secrets import hash_secret
from directory.db import Database
from directory.models import Organization

EDITOR = "editor"
ADMIN = "admin"
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    EDITOR: (S.READ, S.LISTINGS_WRITE),
    ADMIN: S.ALL_SCOPES,
}
"""What a signed-in user may approve for an application, by role."""


def scopes_for(role: str, organization_id: uuid.UUID | None) -> tuple[str, ...]:
    """The scopes a user may approve: an organization's account gets the editor's at most."""
    if organization_id is not None:
        return ROLE_SCOPES[EDITOR] if role in ROLE_SCOPES else ()
    return ROLE_SCOPES[ADMIN] if role == ADMIN else ()


MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CreatedUser:
    id: uuid.UUID
    email: str
    organization_slug: str | None
    """None for a directory administrator."""
    role: str


async def organization_id(db: Database, slug: str) -> uuid.UUID:
    async with db.session() as session:
        found = await session.scalar(select(Organization.id).where(Organization.slug == slug))
    if found is None:
        raise ValueError(f"no organization with slug {slug!r}")
    return found


async def create_user(
    db: Database, *, email: str, organization_slug: str | None, role: str, password: str
) -> CreatedUser:
    """A staff account of ``organization_slug`` (role ``editor``) or, with no organization,
    a directory administrator (role ``admin``); any other combination is refused."""
    email = email.strip().lower()
    organization_slug = organization_slug or None
    if not _EMAIL.match(email) or len(email) > 320:
        raise ValueError(f"{email!r} is not an e-mail address")
    if role not in ROLE_SCOPES:
        raise ValueError(f"role must be one of {', '.join(ROLE_SCOPES)}, got {role!r}")
    if role == ADMIN and organization_slug is not None:
        raise ValueError(
            "a directory administrator is bound to no organization: an organization's "
            "staff are editors of its listing only"
        )
    if role != ADMIN and organization_slug is None:
        raise ValueError("a staff account needs the organization it works for")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    org = await organization_id(db, organization_slug) if organization_slug else None
    password_hash = hash_secret(password)
    try:
        async with db.write() as session:
            if await session.scalar(select(StaffUser.id).where(StaffUser.email == email)):
                raise ValueError(f"a user with e-mail {email} already exists")
            row = StaffUser(
                email=email, password_hash=password_hash, organization_id=org, role=role
            )
            session.add(row)
            await session.flush()
            user_id = row.id
    except IntegrityError:
        raise ValueError(f"a user with e-mail {email} already exists") from None
    return CreatedUser(user_id, email, organization_slug, role)
