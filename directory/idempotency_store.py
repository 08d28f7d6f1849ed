"""Safe retries: the first response to a request with an ``Idempotency-Key`` is stored and
replayed to retries of the same request by the same caller, so nothing is written twice.

A key is *claimed* (a row without a response) before the request runs, in its own
transaction; the primary key ``(principal, key)`` lets exactly one of several concurrent
requests claim it, on every process sharing the database. The claimant stores the response
when done (:func:`complete`) or gives the key back when it failed without writing
(:func:`release`). Keys expire after :data:`TTL`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from directory.db import Database
from directory.models import IdempotencyKey
from directory.models.base import utcnow

TTL = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Claimed:
    """This request holds the key now: run it, then :func:`complete` or :func:`release`."""


@dataclass(frozen=True)
class Replay:
    """The key was used with this same request before: answer with its stored response."""

    status_code: int
    body: str


@dataclass(frozen=True)
class Mismatch:
    """The key was used with a different request body: refuse."""


@dataclass(frozen=True)
class InProgress:
    """The first request with this key is still running: the caller should retry later."""


Outcome = Claimed | Replay | Mismatch | InProgress


def request_hash(body: bytes, scopes: Iterable[str] = ()) -> str:
    """SHA-256 of the body and the caller's scopes; JSON bodies are canonicalized first (key
    order, spacing). The scopes take part so that a token with other rights than the one that
    made the first request is refused instead of being replayed an answer it may not read."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"))
        data = canonical.encode()
    except ValueError:
        data = body
    digest = hashlib.sha256(data)
    digest.update(b"\0" + " ".join(sorted(set(scopes))).encode())
    return digest.hexdigest()


def _outcome(row: IdempotencyKey, digest: str) -> Outcome:
    if row.request_hash != digest:
        return Mismatch()
    if row.response is None or row.status_code is None:
        return InProgress()
    return Replay(row.status_code, row.response)


async def claim(
    db: Database, principal: str, key: str, digest: str, now: dt.datetime | None = None
) -> Outcome:
    """Claim ``key`` for this request, or tell what earlier use of it says."""
    now = now or utcnow()
    try:
        async with db.write() as session:
            await session.execute(
                delete(IdempotencyKey).where(
                    IdempotencyKey.principal == principal,
                    IdempotencyKey.key == key,
                    IdempotencyKey.expires_at <= now,
                )
            )
            existing = await session.get(IdempotencyKey, (principal, key))
            if existing is not None:
                return _outcome(existing, digest)
            session.add(
                IdempotencyKey(
                    principal=principal,
                    key=key,
                    request_hash=digest,
                    created_at=now,
                    expires_at=now + TTL,
                )
            )
        return Claimed()
    except IntegrityError:
        # another process claimed it between our read and our insert
        async with db.session() as session:
            existing = await session.get(IdempotencyKey, (principal, key))
        return InProgress() if existing is None else _outcome(existing, digest)


async def complete(db: Database, principal: str, key: str, status_code: int, body: str) -> None:
    """Store the response of the request that claimed ``key``."""
    async with db.write() as session:
        row = await session.get(IdempotencyKey, (principal, key))
        if row is not None:
            row.status_code = status_code
            row.response = body


async def release(db: Database, principal: str, key: str) -> None:
    """Give the key back (the request failed before writing anything): a retry runs anew."""
    async with db.write() as session:
        await session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.principal == principal,
                IdempotencyKey.key == key,
                IdempotencyKey.response.is_(None),
            )
        )


async def purge_expired(db: Database, now: dt.datetime | None = None) -> int:
    """Delete every expired key; returns how many."""
    async with db.write() as session:
        result = await session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.expires_at <= (now or utcnow()))
        )
    return int(getattr(result, "rowcount", 0) or 0)
