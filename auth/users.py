"""NGO staff accounts: each bound to one organization, with a role that caps its scopes."""

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

ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    "editor": (S.READ, S.LISTINGS_WRITE),
    "admin": S.ALL_SCOPES,
}
"""What a signed-in user may approve for an application, by role."""

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CreatedUser:
    id: uuid.UUID
    email: str
    organization_slug: str
    role: str


async def organization_id(db: Database, slug: str) -> uuid.UUID:
    async with db.session() as session:
        found = await session.scalar(select(Organization.id).where(Organization.slug == slug))
    if found is None:
        raise ValueError(f"no organization with slug {slug!r}")
    return found


async def create_user(
    db: Database, *, email: str, organization_slug: str, role: str, password: str
) -> CreatedUser:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise ValueError(f"{email!r} is not an e-mail address")
    if role not in ROLE_SCOPES:
        raise ValueError(f"role must be one of {', '.join(ROLE_SCOPES)}, got {role!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    org = await organization_id(db, organization_slug)
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
