"""Counts of searches, kept until the change feed moves.

A search's ``totalCount`` must test every organization whose text holds the words: at
100,000 organizations, ``trata`` matches 37,000 of them, and counting them costs the
database ten times what it costs at 10,000 (the page itself, read in order from an index,
costs about the same). Paging through a search, or asking it again, counted them all again
though nothing had changed.

Here a count is kept under the exact statement that made it (its SQLAlchemy cache key and
parameter values, so the audience's visibility conditions and every filter are part of the
key: one audience's count is never another's) and the change feed position read before it
was made, on the request's own connection (a second connection per request could empty
the pool under load). Every write moves the feed in the transaction that makes it (in
commit order: ``directory.audit`` takes the feed's lock before the event's id), so a count
found under the current position is the count the statement would give now. Counts are
numbers only; each process keeps its own few thousand, least recently used first out.
Kept only with the response cache: ``DIRECTORY_RESPONSE_CACHE=off`` counts every time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Select

Key = tuple[int, Hashable, tuple[Any, ...]]


class CountCache:
    """Counts by statement and feed position (see the module's text)."""

    SIZE = 4096

    def __init__(self) -> None:
        self._counts: OrderedDict[Key, int] = OrderedDict()

    def key(self, statement: Select[Any], position: int) -> Key | None:
        """The key of ``statement``'s count at feed ``position`` (read before the count is
        made); None for a statement SQLAlchemy cannot key, or with values that are not
        hashable."""
        cache_key = statement._generate_cache_key()
        if cache_key is None:
            return None
        values = tuple(_frozen(p.effective_value) for p in cache_key.bindparams)
        key = (position, cache_key.key, values)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def get(self, key: Key | None) -> int | None:
        if key is None:
            return None
        found = self._counts.get(key)
        if found is not None:
            self._counts.move_to_end(key)
        return found

    def put(self, key: Key | None, count: int) -> None:
        if key is None:
            return
        self._counts[key] = count
        self._counts.move_to_end(key)
        while len(self._counts) > self.SIZE:
            self._counts.popitem(last=False)


def _frozen(value: Any) -> Any:
    """Lists (an ``= ANY`` array of ids or codes) as tuples, so the key can be hashed."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value
