"""Staff accounts as administrators manage them in the workspace: list, create with a
one-time set-password link (no e-mail server is assumed), disable, reset a password."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update

from auth.models import PasswordLink, RefreshToken, StaffUser
from auth.secrets import digest, hash_secret, random_token
from auth.users import MIN_PASSWORD_LENGTH, create_user
from directory.db import Database
from directory.models import Organization
from directory.models.base import utcnow

LINK_LIFETIME = dt.timedelta(hours=72)


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    email: str
    role: str
    organization_slug: str
    """Empty for a directory administrator (bound to no organization)."""
    organization_name: str
    created_at: dt.datetime
    disabled_at: dt.datetime | None


@dataclass(frozen=True)
class IssuedLink:
    token: str
    email: str
    expires_at: dt.datetime


async def list_accounts(db: Database, limit: int = 500) -> list[Account]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(StaffUser, Organization.slug, Organization.name)
                .outerjoin(Organization, Organization.id == StaffUser.organization_id)
                .order_by(Organization.slug, StaffUser.email)
                .limit(limit)
            )
        ).all()
    return [
        Account(u.id, u.email, u.role, slug or "", name or "", u.created_at, u.disabled_at)
        for u, slug, name in rows
    ]


async def issue_link(db: Database, user_id: uuid.UUID, created_by: str) -> IssuedLink:
    """A new one-time link for the account; earlier unused links of it stop working."""
    token = random_token(32)
    now = utcnow()
    async with db.write() as session:
        email = await session.scalar(select(StaffUser.email).where(StaffUser.id == user_id))
        if email is None:
            raise LookupError("no such account")
        await session.execute(
            update(PasswordLink)
            .where(PasswordLink.user_id == user_id, PasswordLink.used_at.is_(None))
            .values(used_at=now)
        )
        session.add(
            PasswordLink(
                token_hash=digest(token),
                user_id=user_id,
                created_by=created_by,
                created_at=now,
                expires_at=now + LINK_LIFETIME,
            )
        )
    return IssuedLink(token, email, now + LINK_LIFETIME)


async def create_account(
    db: Database, *, email: str, organization_slug: str, role: str, created_by: str
) -> IssuedLink:
    """An account with an unusable random password, and the link that sets a real one."""
    created = await create_user(
        db,
        email=email,
        organization_slug=organization_slug,
        role=role,
        password=secrets.token_urlsafe(48),
    )
    return await issue_link(db, created.id, created_by)


async def link_email(db: Database, token: str) -> str | None:
    """The e-mail address of a usable link's account (unused, unexpired, account enabled)."""
    async with db.session() as session:
        found = (
            await session.execute(
                select(StaffUser.email)
                .join(PasswordLink, PasswordLink.user_id == StaffUser.id)
                .where(
                    PasswordLink.token_hash == digest(token),
                    PasswordLink.used_at.is_(None),
                    PasswordLink.expires_at > utcnow(),
                    StaffUser.disabled_at.is_(None),
                )
            )
        ).first()
    return found[0] if found else None


class LinkUnusable(Exception):
    """The link is unknown, used, expired, or its account is disabled."""


def check_password(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 1000:
        return "the password is too long"
    return None


async def use_link(db: Database, token: str, password: str) -> str:
    """Set the password through a link (once); returns the account's e-mail address.

    Every refresh token of the account is revoked: a reset ends other sign-ins.
    """
    password_hash = hash_secret(password)
    now = utcnow()
    async with db.write() as session:
        used = await session.execute(
            update(PasswordLink)
            .where(
                PasswordLink.token_hash == digest(token),
                PasswordLink.used_at.is_(None),
                PasswordLink.expires_at > now,
            )
            .values(used_at=now)
            .returning(PasswordLink.user_id)
        )
        user_id = used.scalar_one_or_none()
        if user_id is None:
            raise LinkUnusable()
        email = await session.scalar(
            select(StaffUser.email).where(StaffUser.id == user_id, StaffUser.disabled_at.is_(None))
        )
        if email is None:
            raise LinkUnusable()
        await session.execute(
            update(StaffUser).where(StaffUser.id == user_id).values(password_hash=password_hash)
        )
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    return email


async def disable_account(db: Database, user_id: uuid.UUID) -> None:
    """Disable an account: it cannot sign in, and its tokens stop working at once."""
    async with db.write() as session:
        done = await session.execute(
            update(StaffUser)
            .where(StaffUser.id == user_id, StaffUser.disabled_at.is_(None))
            .values(disabled_at=utcnow())
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise LookupError("no such enabled account")
