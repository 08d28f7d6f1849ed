"""The Redis cost budget: shared by every process, same rules as the in-memory one."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from auth.budget import MemoryBudget
from auth.redis_budget import RedisBudget

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
async def redis_url() -> str:
    probe = Redis.from_url(REDIS_URL)
    try:
        await probe.ping()
    except RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    finally:
        await probe.aclose()
    return REDIS_URL


async def test_two_processes_spend_from_one_budget(redis_url: str) -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    first, second = RedisBudget(redis_url, prefix), RedisBudget(redis_url, prefix)
    try:
        assert (await first.spend("client:a", 60, 100)).remaining == 40
        state = await second.spend("client:a", 30, 100)
        assert state.allowed and state.remaining == 10
        refused = await first.spend("client:a", 20, 100)
        assert not refused.allowed and refused.remaining == 10  # a refused spend takes nothing
        assert (await second.spend("client:a", 10, 100)).remaining == 0
        assert (await first.spend("client:b", 100, 100)).allowed  # another caller's budget
        assert (await first.spend("client:a", 0, 100)).remaining == 0  # reading costs nothing
    finally:
        await first.close()
        await second.close()


async def test_it_answers_like_the_memory_budget(redis_url: str) -> None:
    shared, memory = RedisBudget(redis_url, f"test:{uuid.uuid4().hex}:"), MemoryBudget()
    try:
        for points in (5, 3, 9, 1, 0, 2):
            a, b = await shared.spend("ip:1", points, 10), await memory.spend("ip:1", points, 10)
            assert (a.allowed, a.remaining, a.limit, a.reset_at) == (
                b.allowed,
                b.remaining,
                b.limit,
                b.reset_at,
            )
    finally:
        await shared.close()


async def test_without_redis_it_falls_back_to_process_memory() -> None:
    budget = RedisBudget("redis://127.0.0.1:1/0")
    try:
        state = await budget.spend("client:a", 5, 10)
        assert state.allowed and state.remaining == 5
    finally:
        await budget.close()
