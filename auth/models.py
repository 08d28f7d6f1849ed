"""Tables of the authorization server: clients, staff accounts, grants and issued tokens.

They live on the directory's metadata (``directory.models.base.Base``) so that one
database holds everything; migration ``0002_auth`` creates them. Secrets are never stored:
client secrets and passwords as argon2 hashes, authorization codes and refresh tokens as
SHA-256 digests (they are long random strings, so a plain digest is enough).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.base import Base, HasId, utcnow


class OAuthClient(HasId, Base):
    """A partner system or application registered with ``directory clients create``."""

    __tablename__ = "oauth_clients"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text)
    """The scopes this client may ask for (space-separated): its allowance."""
    grant_types: Mapped[list[str]] = mapped_column(default=list)
    redirect_uris: Mapped[list[str]] = mapped_column(default=list)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]


class StaffUser(HasId, Base):
    """A person who signs in (``directory users create``): an organization's staff
    (``editor``, bound to that organization) or a directory administrator (``admin``,
    bound to none). The check constraint keeps the two roles apart in the data too."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'admin' AND organization_id IS NULL) "
            "OR (role <> 'admin' AND organization_id IS NOT NULL)",
            name="role_matches_organization",
        ),
    )

    email: Mapped[str] = mapped_column(String(320), unique=True)
    """Stored lower-cased."""
    password_hash: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    """The organization of a staff account; None for a directory administrator."""
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[dt.datetime | None]


class AuthorizationCode(Base):
    """A one-time code of the authorization-code flow, bound to its PKCE challenge."""

    __tablename__ = "oauth_authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(8))
    family_id: Mapped[uuid.UUID]
    """Every token issued from this code, and refreshed from those, shares this family."""
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    used_at: Mapped[dt.datetime | None]


class RefreshToken(HasId, Base):
    """One refresh token of a family; each refresh rotates it into a new one."""

    __tablename__ = "oauth_refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    rotated_at: Mapped[dt.datetime | None]
    """When it was exchanged; presenting it again is reuse."""
    revoked_at: Mapped[dt.datetime | None]


class AccessToken(Base):
    """Every issued access token by ``jti``: the bearer check looks it up on each request,
    so a revocation (of the token, its family, its client or its user) applies at once."""

    __tablename__ = "oauth_access_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    family_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    scope: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    revoked_at: Mapped[dt.datetime | None]


class SignInThrottle(Base):
    """Failed sign-ins per e-mail address and per IP address, shared by every process."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime]
    blocked_until: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_sign_in_throttle_last_failure_at", "last_failure_at"),)


class WorkspaceSession(Base):
    """A browser's session in the listing workspace (``/manage``), kept server-side so any
    process serves any request and a restart signs nobody out.

    The cookie holds a random secret; the row is found by its SHA-256 digest, and the
    OAuth tokens (and, before sign-in completes, the PKCE verifier) are sealed with a key
    derived from that secret: a copy of the database alone opens no session.
    """

    __tablename__ = "workspace_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    """Empty while the sign-in is under way."""
    sealed: Mapped[str] = mapped_column(Text)
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    """Bumped by each token refresh; a refresh is claimed by one request at a time."""
    refresh_claimed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(index=True)


class PasswordLink(Base):
    """A one-time link that sets a staff account's password (new account or reset)."""

    __tablename__ = "password_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
