"""Query-cost budgets per caller and hour (GitHub-like rate limiting).

``MemoryBudget`` serves one process; a shared backend (Redis) is needed when several
service processes run. Both implement :class:`CostBudget`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import time
from dataclasses import dataclass
from typing import Protocol

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class BudgetState:
    """What one spend left: the caller's hourly limit, points remaining and window reset."""

    limit: int
    remaining: int
    reset_at: dt.datetime
    allowed: bool


class CostBudget(Protocol):
    async def spend(self, key: str, points: int, limit: int) -> BudgetState:
        """Take ``points`` from ``key``'s budget for the current hour, unless that would
        go below zero (then nothing is taken and ``allowed`` is false)."""
        ...


class MemoryBudget:
    """Fixed hourly windows kept in this process's memory."""

    def __init__(self, clock: type[time.time] | None = None) -> None:  # type: ignore[valid-type]
        self._used: dict[tuple[str, int], int] = {}
        self._lock = asyncio.Lock()
        self._clock = clock or time.time

    async def spend(self, key: str, points: int, limit: int) -> BudgetState:
        now = self._clock()  # type: ignore[misc]
        window = math.floor(now / WINDOW_SECONDS)
        reset_at = dt.datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, dt.UTC)
        async with self._lock:
            for stale in [k for k in self._used if k[1] < window]:
                del self._used[stale]
            used = self._used.get((key, window), 0)
            if used + points > limit:
                return BudgetState(limit, max(limit - used, 0), reset_at, False)
            self._used[(key, window)] = used + points
            return BudgetState(limit, limit - used - points, reset_at, True)
