"""The cost budget shared by several service processes, in Redis.

One Lua script per spend: it reads the caller's points used in the current hour, and only
if the new points fit, adds them (``INCRBY``) and sets the key to expire at the end of the
hour. That is atomic on the Redis server and one round trip, with exactly the semantics of
:class:`auth.budget.MemoryBudget` (a refused spend takes nothing; ``remaining`` and the reset
time come back with the answer). The ``limits`` library's fixed window counts a refused hit
too and needs a second call for what remains, so a short script fits better here.

If Redis cannot be reached, spends fall back to this process's memory (logged): the
directory stays up, with budgets per process until Redis answers again.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from auth.budget import WINDOW_SECONDS, BudgetState, MemoryBudget

log = logging.getLogger("directory.budget")

SPEND = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local points = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if used + points > limit then
  return {used, 0}
end
if points > 0 then
  used = redis.call('INCRBY', KEYS[1], points)
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
end
return {used, 1}
"""


class RedisBudget:
    """Fixed hourly windows in Redis, shared by every process that uses the same server."""

    def __init__(self, url: str, prefix: str = "directory:budget:") -> None:
        self.redis: Redis = Redis.from_url(url)
        self.prefix = prefix
        self._spend: Any = self.redis.register_script(SPEND)
        self._fallback = MemoryBudget()

    async def spend(self, key: str, points: int, limit: int) -> BudgetState:
        window = math.floor(time.time() / WINDOW_SECONDS)
        reset = (window + 1) * WINDOW_SECONDS
        reset_at = dt.datetime.fromtimestamp(reset, dt.UTC)
        try:
            used, allowed = await self._spend(
                keys=[f"{self.prefix}{key}:{window}"], args=[points, limit, reset]
            )
        except RedisError as exc:
            log.warning("budget: Redis unavailable, counting in process memory: %s", exc)
            return await self._fallback.spend(key, points, limit)
        used = int(used)
        return BudgetState(limit, max(limit - used, 0), reset_at, bool(allowed))

    async def close(self) -> None:
        await self.redis.aclose()
