"""Reading and writing the authorization server's rows (async; see ``auth.models``).

Everything is on the primary database, never a replica: a revocation must be seen by the
very next request, whichever process serves it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from auth.models import AccessToken, AuthorizationCode, OAuthClient, RefreshToken, StaffUser
from auth.records import AccessRecord, ClientRecord, CodeRecord, RefreshRecord, UserRecord
from auth.secrets import digest
from auth.tokens import AccessClaims
from directory.db import Database


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


class TokenReused(Exception):
    """A refresh token or authorization code presented a second time."""

    def __init__(self, family_id: uuid.UUID) -> None:
        super().__init__("reused")
        self.family_id = family_id


def client_record(row: OAuthClient) -> ClientRecord:
    return ClientRecord(
        id=row.id,
        client_id=row.client_id,
        name=row.name,
        secret_hash=row.secret_hash,
        scope=tuple(row.scope.split()),
        grant_types=tuple(row.grant_types),
        redirect_uris=tuple(row.redirect_uris),
        organization_id=row.organization_id,
    )


def user_record(row: StaffUser) -> UserRecord:
    return UserRecord(row.id, row.email, row.organization_id, row.role, row.password_hash)


async def get_client(db: Database, client_id: str) -> ClientRecord | None:
    """An active (not revoked) client."""
    async with db.session() as session:
        row = await session.scalar(
            select(OAuthClient).where(
                OAuthClient.client_id == client_id, OAuthClient.revoked_at.is_(None)
            )
        )
        return client_record(row) if row else None


async def get_user(db: Database, user_id: uuid.UUID) -> UserRecord | None:
    async with db.session() as session:
        row = await session.scalar(
            select(StaffUser).where(StaffUser.id == user_id, StaffUser.disabled_at.is_(None))
        )
        return user_record(row) if row else None


async def get_user_by_email(db: Database, email: str) -> UserRecord | None:
    async with db.session() as session:
        row = await session.scalar(
            select(StaffUser).where(
                StaffUser.email == email.strip().lower(), StaffUser.disabled_at.is_(None)
            )
        )
        return user_record(row) if row else None


async def save_code(db: Database, code: str, record: CodeRecord) -> None:
    async with db.write() as session:
        session.add(
            AuthorizationCode(
                code_hash=digest(code),
                client_id=record.client_id,
                user_id=record.user_id,
                redirect_uri=record.redirect_uri,
                scope=record.scope,
                code_challenge=record.code_challenge,
                code_challenge_method=record.code_challenge_method,
                family_id=record.family_id,
                expires_at=record.expires_at,
            )
        )


async def get_code(db: Database, code: str) -> CodeRecord:
    """The unexpired code; raises :class:`TokenReused` for a code already exchanged and
    ``LookupError`` for an unknown or expired one."""
    async with db.session() as session:
        row = await session.get(AuthorizationCode, digest(code))
    if row is None or row.expires_at <= now():
        raise LookupError("unknown code")
    if row.used_at is not None:
        raise TokenReused(row.family_id)
    return CodeRecord(
        code_hash=row.code_hash,
        client_id=row.client_id,
        user_id=row.user_id,
        redirect_uri=row.redirect_uri,
        scope=row.scope,
        code_challenge=row.code_challenge,
        code_challenge_method=row.code_challenge_method,
        family_id=row.family_id,
        expires_at=row.expires_at,
    )


async def spend_code(db: Database, code_hash: str) -> None:
    """Mark an authorization code used, so that it can never be exchanged."""
    async with db.write() as session:
        await session.execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.code_hash == code_hash, AuthorizationCode.used_at.is_(None))
            .values(used_at=now())
        )


async def get_refresh(db: Database, token: str) -> RefreshRecord:
    """The refresh token; raises :class:`TokenReused` for one already rotated and
    ``LookupError`` for an unknown one."""
    async with db.session() as session:
        row = await session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == digest(token))
        )
    if row is None:
        raise LookupError("unknown refresh token")
    if row.rotated_at is not None:
        raise TokenReused(row.family_id)
    return _refresh_record(row)


def _refresh_record(row: RefreshToken) -> RefreshRecord:
    return RefreshRecord(
        id=row.id,
        family_id=row.family_id,
        client_id=row.client_id,
        user_id=row.user_id,
        scope=row.scope,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        revoked=row.revoked_at is not None,
    )


@dataclass(frozen=True)
class NewRefresh:
    token: str
    family_id: uuid.UUID
    user_id: uuid.UUID
    expires_at: dt.datetime


async def save_tokens(
    db: Database,
    access: AccessClaims,
    *,
    family_id: uuid.UUID | None = None,
    refresh: NewRefresh | None = None,
    rotates: RefreshRecord | None = None,
    exchanges: CodeRecord | None = None,
) -> None:
    """Record an issued access token (and refresh token) in one transaction.

    ``rotates`` is the refresh token being exchanged and ``exchanges`` the authorization
    code: each is marked used only if nobody used it first, else :class:`TokenReused`.
    """
    at = now()
    async with db.write() as session:
        if rotates is not None:
            used = await session.execute(
                update(RefreshToken)
                .where(
                    RefreshToken.id == rotates.id,
                    RefreshToken.rotated_at.is_(None),
                    RefreshToken.revoked_at.is_(None),
                )
                .values(rotated_at=at)
            )
            if used.rowcount != 1:  # type: ignore[attr-defined]
                raise TokenReused(rotates.family_id)
        if exchanges is not None:
            used = await session.execute(
                update(AuthorizationCode)
                .where(
                    AuthorizationCode.code_hash == exchanges.code_hash,
                    AuthorizationCode.used_at.is_(None),
                )
                .values(used_at=at)
            )
            if used.rowcount != 1:  # type: ignore[attr-defined]
                raise TokenReused(exchanges.family_id)
        session.add(
            AccessToken(
                jti=access.jti,
                client_id=access.client_id,
                user_id=access.user_id,
                family_id=family_id,
                scope=access.scope_text,
                issued_at=_epoch(access.issued_at),
                expires_at=_epoch(access.expires_at),
            )
        )
        if refresh is not None:
            session.add(
                RefreshToken(
                    token_hash=digest(refresh.token),
                    family_id=refresh.family_id,
                    client_id=access.client_id,
                    user_id=refresh.user_id,
                    scope=access.scope_text,
                    issued_at=at,
                    expires_at=refresh.expires_at,
                )
            )


async def revoke_family(db: Database, family_id: uuid.UUID) -> None:
    """Revoke every refresh and access token descended from one authorization."""
    at = now()
    async with db.write() as session:
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        await session.execute(
            update(AccessToken)
            .where(AccessToken.family_id == family_id, AccessToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )


async def revoke_access(db: Database, jti: str) -> None:
    async with db.write() as session:
        await session.execute(
            update(AccessToken)
            .where(AccessToken.jti == jti, AccessToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )


async def get_access(db: Database, jti: str) -> AccessRecord | None:
    """An issued access token with whether it, its client or its user was revoked since.

    This is the per-request revocation check: one primary-key lookup joined to the client
    and the user.
    """
    statement = (
        select(
            AccessToken,
            OAuthClient.revoked_at,
            OAuthClient.organization_id,
            StaffUser.email,
            StaffUser.disabled_at,
            StaffUser.organization_id,
        )
        .join(OAuthClient, OAuthClient.client_id == AccessToken.client_id)
        .outerjoin(StaffUser, StaffUser.id == AccessToken.user_id)
        .where(AccessToken.jti == jti)
    )
    async with db.session() as session:
        found = (await session.execute(statement)).first()
    if found is None:
        return None
    token, client_revoked, client_org, email, user_disabled, user_org = found
    return AccessRecord(
        jti=token.jti,
        client_id=token.client_id,
        user_id=token.user_id,
        user_email=email,
        organization_id=user_org if token.user_id else client_org,
        scope=token.scope,
        issued_at=token.issued_at,
        expires_at=token.expires_at,
        revoked=token.revoked_at is not None
        or client_revoked is not None
        or user_disabled is not None,
    )


async def find_refresh(db: Database, token: str) -> RefreshRecord | None:
    """Any refresh token by value, used or not (revocation and introspection)."""
    async with db.session() as session:
        row = await session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == digest(token))
        )
    if row is None:
        return None
    record = _refresh_record(row)
    if row.rotated_at is not None:
        return RefreshRecord(**{**record.__dict__, "revoked": True})
    return record


async def purge_expired(db: Database, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete access tokens and codes long expired (they can no longer be presented)."""
    cutoff = now() - older_than
    async with db.write() as session:
        tokens = await session.execute(delete(AccessToken).where(AccessToken.expires_at < cutoff))
        await session.execute(
            delete(AuthorizationCode).where(AuthorizationCode.expires_at < cutoff)
        )
        return int(tokens.rowcount or 0)  # type: ignore[attr-defined]


async def count_active_access_tokens(db: Database, client_id: str) -> int:
    async with db.session() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(AccessToken)
                .where(
                    AccessToken.client_id == client_id,
                    AccessToken.revoked_at.is_(None),
                    AccessToken.expires_at > now(),
                )
            )
            or 0
        )
