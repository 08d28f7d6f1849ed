"""Idempotency keys in the database: claim once, replay, refuse another body, expire."""

from __future__ import annotations

import asyncio
import datetime as dt

from directory import idempotency_store as idem
from directory.db import Database
from directory.models.base import utcnow

BODY = b'{"query": "mutation { x }", "variables": {"a": 1}}'


async def test_first_claim_then_replay_of_the_stored_response(db: Database) -> None:
    digest = idem.request_hash(BODY)
    assert await idem.claim(db, "client:a", "k1", digest) == idem.Claimed()
    assert await idem.claim(db, "client:a", "k1", digest) == idem.InProgress()
    await idem.complete(db, "client:a", "k1", 200, '{"data": 1}')
    same_json = b'{"variables":{"a":1},"query":"mutation { x }"}'
    assert await idem.claim(db, "client:a", "k1", idem.request_hash(same_json)) == idem.Replay(
        200, '{"data": 1}'
    )


async def test_another_body_with_the_same_key_is_a_mismatch(db: Database) -> None:
    await idem.claim(db, "client:a", "k1", idem.request_hash(BODY))
    other = idem.request_hash(b'{"query": "mutation { y }"}')
    assert await idem.claim(db, "client:a", "k1", other) == idem.Mismatch()


async def test_keys_of_different_callers_never_meet(db: Database) -> None:
    digest = idem.request_hash(BODY)
    assert await idem.claim(db, "client:a", "k1", digest) == idem.Claimed()
    assert await idem.claim(db, "client:b", "k1", digest) == idem.Claimed()


async def test_released_key_can_be_claimed_again(db: Database) -> None:
    digest = idem.request_hash(BODY)
    await idem.claim(db, "client:a", "k1", digest)
    await idem.release(db, "client:a", "k1")
    assert await idem.claim(db, "client:a", "k1", digest) == idem.Claimed()


async def test_keys_expire_after_a_day(db: Database) -> None:
    digest = idem.request_hash(BODY)
    start = utcnow()
    await idem.claim(db, "client:a", "k1", digest, now=start)
    await idem.complete(db, "client:a", "k1", 200, "{}")
    later = start + idem.TTL + dt.timedelta(seconds=1)
    assert await idem.claim(db, "client:a", "k1", digest, now=later) == idem.Claimed()
    assert await idem.purge_expired(db, now=later + idem.TTL + dt.timedelta(seconds=1)) == 1


async def test_concurrent_claims_let_exactly_one_run(db: Database) -> None:
    digest = idem.request_hash(BODY)
    outcomes = await asyncio.gather(*(idem.claim(db, "client:a", "k", digest) for _ in range(8)))
    assert outcomes.count(idem.Claimed()) == 1
    assert outcomes.count(idem.InProgress()) == 7
