"""Workspace browser sessions, stored server-side (``auth.models.WorkspaceSession``).

The browser holds only a random secret in a cookie. The row is keyed by the secret's
SHA-256 digest and its tokens are sealed (AES-GCM) under a key derived from the secret, so
neither a database copy nor a log line opens a session. Sessions end after
``idle_seconds`` without a request; they survive a service restart.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select, update

from auth.models import WorkspaceSession
from auth.secrets import digest
from directory.db import Database
from directory.models.base import utcnow

TOUCH_EVERY = dt.timedelta(seconds=60)
"""``last_seen_at`` is rewritten at most this often (one write a minute, not per request)."""
CLAIM_TIMEOUT = dt.timedelta(seconds=30)


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"workspace-session-seal\x00" + secret.encode()).digest()


def seal(secret: str, data: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    box = AESGCM(_key(secret)).encrypt(nonce, json.dumps(data).encode(), digest(secret).encode())
    return base64.b64encode(nonce + box).decode()


def unseal(secret: str, sealed: str) -> dict[str, Any] | None:
    try:
        raw = base64.b64decode(sealed)
        opened = AESGCM(_key(secret)).decrypt(raw[:12], raw[12:], digest(secret).encode())
    except (InvalidTag, ValueError):
        return None
    found = json.loads(opened)
    return found if isinstance(found, dict) else None


@dataclass(frozen=True)
class Session:
    secret: str
    id: str
    user_id: Any
    data: dict[str, Any]
    token_version: int
    last_seen_at: dt.datetime
    created_at: dt.datetime


async def start(db: Database, data: dict[str, Any]) -> str:
    """A new session (signed out, or with a sign-in under way); returns the cookie secret."""
    secret = secrets.token_urlsafe(32)
    at = utcnow()
    async with db.write() as session:
        session.add(
            WorkspaceSession(
                id=digest(secret),
                user_id=None,
                sealed=seal(secret, data),
                token_version=0,
                created_at=at,
                last_seen_at=at,
            )
        )
    return secret


async def load(db: Database, secret: str | None, idle: dt.timedelta) -> Session | None:
    """The live session of a cookie secret; an idle one is deleted and not returned."""
    if not secret or len(secret) > 200:
        return None
    id = digest(secret)
    async with db.session() as session:
        row = await session.get(WorkspaceSession, id)
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at > idle:
        await end(db, id)
        return None
    data = unseal(secret, row.sealed)
    if data is None:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        async with db.write() as session:
            await session.execute(
                update(WorkspaceSession).where(WorkspaceSession.id == id).values(last_seen_at=now)
            )
    return Session(secret, id, row.user_id, data, row.token_version, now, row.created_at)


async def establish(db: Database, pending: Session, user_id: Any, data: dict[str, Any]) -> str:
    """Turn a pending sign-in into a signed-in session under a new secret (the pre-sign-in
    cookie never becomes a signed-in one: no session fixation)."""
    secret = secrets.token_urlsafe(32)
    at = utcnow()
    async with db.write() as session:
        await session.execute(delete(WorkspaceSession).where(WorkspaceSession.id == pending.id))
        session.add(
            WorkspaceSession(
                id=digest(secret),
                user_id=user_id,
                sealed=seal(secret, data),
                token_version=0,
                created_at=at,
                last_seen_at=at,
            )
        )
    return secret


async def claim_refresh(db: Database, current: Session) -> bool:
    """Whether this request may refresh the session's tokens (one request at a time does)."""
    now = utcnow()
    async with db.write() as session:
        claimed = await session.execute(
            update(WorkspaceSession)
            .where(
                WorkspaceSession.id == current.id,
                WorkspaceSession.token_version == current.token_version,
                (WorkspaceSession.refresh_claimed_at.is_(None))
                | (WorkspaceSession.refresh_claimed_at < now - CLAIM_TIMEOUT),
            )
            .values(refresh_claimed_at=now)
        )
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


async def store_tokens(db: Database, current: Session, data: dict[str, Any]) -> Session:
    """Save refreshed tokens (releasing the claim) as the next token version."""
    async with db.write() as session:
        await session.execute(
            update(WorkspaceSession)
            .where(WorkspaceSession.id == current.id)
            .values(
                sealed=seal(current.secret, data),
                token_version=current.token_version + 1,
                refresh_claimed_at=None,
            )
        )
    return Session(
        current.secret,
        current.id,
        current.user_id,
        data,
        current.token_version + 1,
        current.last_seen_at,
        current.created_at,
    )


async def release_claim(db: Database, current: Session) -> None:
    async with db.write() as session:
        await session.execute(
            update(WorkspaceSession)
            .where(WorkspaceSession.id == current.id)
            .values(refresh_claimed_at=None)
        )


async def end(db: Database, id: str) -> None:
    async with db.write() as session:
        await session.execute(delete(WorkspaceSession).where(WorkspaceSession.id == id))


async def end_all_of(db: Database, user_id: Any) -> None:
    async with db.write() as session:
        await session.execute(delete(WorkspaceSession).where(WorkspaceSession.user_id == user_id))


async def purge_idle(db: Database, idle: dt.timedelta) -> int:
    async with db.write() as session:
        done = await session.execute(
            delete(WorkspaceSession).where(WorkspaceSession.last_seen_at < utcnow() - idle)
        )
        return int(done.rowcount or 0)  # type: ignore[attr-defined]


async def reload(db: Database, current: Session) -> Session | None:
    """The session as now stored (after another request refreshed its tokens)."""
    async with db.session() as session:
        row = await session.scalar(
            select(WorkspaceSession).where(WorkspaceSession.id == current.id)
        )
    if row is None:
        return None
    data = unseal(current.secret, row.sealed)
    if data is None:
        return None
    return Session(
        current.secret,
        current.id,
        row.user_id,
        data,
        row.token_version,
        current.last_seen_at,
        row.created_at,
    )
