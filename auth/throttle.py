"""Slowing down repeated failed sign-ins (per e-mail address and per IP address) and failed
client authentications (per client id and per IP address).

State is in the database (table ``sign_in_throttle``) so every service process sees the
same count. After a few free failures each further failure blocks the key for a period
that doubles (30 s, 1 min, 2 min, … at most 15 min); while blocked, sign-in is refused
without even checking the password. A success clears the e-mail address's count; an hour
without failures forgets it too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from auth.models import SignInThrottle
from directory.db import Database

BASE_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Key:
    name: str
    free_failures: int


def keys_for(email: str, remote: str | None) -> list[Key]:
    return [Key(f"email:{email.strip().lower()}", 5), Key(f"ip:{remote or 'unknown'}", 20)]


def keys_for_client(client_id: str, remote: str | None) -> list[Key]:
    """Failed client authentications (token, introspection, revocation endpoints): per
    client id and per IP address, the address's count shared with sign-ins."""
    return [Key(f"client:{client_id[:200]}", 5), Key(f"ip:{remote or 'unknown'}", 20)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def blocked_for(db: Database, keys: list[Key]) -> int:
    """Seconds until sign-in may be tried again (0: now)."""
    now = _now()
    async with db.session() as session:
        rows = (
            await session.scalars(
                select(SignInThrottle).where(SignInThrottle.key.in_([k.name for k in keys]))
            )
        ).all()
    waits = [(r.blocked_until - now).total_seconds() for r in rows if r.blocked_until]
    return max([math.ceil(w) for w in waits if w > 0], default=0)


async def record_failure(db: Database, keys: list[Key]) -> int:
    """Count one failure on every key; returns the seconds the caller is now blocked."""
    now = _now()
    blocked = 0
    async with db.write() as session:
        dialect = session.bind.dialect.name if session.bind else "sqlite"
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for key in keys:
            await session.execute(
                insert(SignInThrottle)
                .values(key=key.name, failures=0, last_failure_at=now)
                .on_conflict_do_nothing(index_elements=["key"])
            )
            row = await session.scalar(
                select(SignInThrottle).where(SignInThrottle.key == key.name).with_for_update()
            )
            assert row is not None
            if row.failures and now - row.last_failure_at > FORGET_AFTER:
                row.failures = 0
            row.failures += 1
            row.last_failure_at = now
            over = row.failures - key.free_failures
            if over >= 0:
                delay = min(MAX_DELAY, BASE_DELAY * (2 ** min(over, 10)))
                row.blocked_until = now + delay
                blocked = max(blocked, math.ceil(delay.total_seconds()))
    return blocked


async def clear(db: Database, key: Key) -> None:
    async with db.write() as session:
        await session.execute(delete(SignInThrottle).where(SignInThrottle.key == key.name))
