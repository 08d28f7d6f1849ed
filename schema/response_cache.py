"""The GraphQL response cache (``DIRECTORY_RESPONSE_CACHE``, on by default).

An answer is stored under a hash of the normalized document, the operation name, the
variables, the answer language and the caller's :class:`~directory.visibility.Audience`
(visibility levels, own organization, archived listings, administrator), so one audience's
answer is never served to another. It is valid only at the change-feed position it was
computed at: every request reads the newest change id first (one indexed read) and a
stored answer of an older position is a miss, so a write committed through any process is
seen by the very next request. Entries live in this process (least recently used, bounded
by bytes) or in Redis when ``DIRECTORY_REDIS_URL`` is set.

An answer is stored from the second time its key is asked for in a process (the first
time only marks the key as seen): a one-off document, such as an ad-hoc query typed in
GraphiQL, costs neither the position read nor a cache entry.

Only queries whose root fields read nothing but listings, the change feed and the
vocabularies are cached (:data:`CACHEABLE_ROOT_FIELDS`); ``viewer`` (the caller's own
budget, webhook subscriptions, tokens) and mutations never are. Answers with errors are
not stored. Only the ``data`` part is stored: costs and budgets are charged on a hit too.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

from directory.access import WriteAccess
from directory.visibility import Audience
from schema.query_cache import ByteBoundedCache

log = logging.getLogger("directory.graphql")

CACHEABLE_ROOT_FIELDS = frozenset(
    {
        "__typename",
        "organization",
        "organizations",
        "node",
        "nodes",
        "changes",
        "serviceCategories",
        "populations",
        "jurisdictions",
    }
)
"""Root fields whose answers change only with the change feed (listing writes) or a
deployment (vocabularies). Anything else — ``viewer`` above all — is never cached."""

MEMORY_BYTES = 32_000_000
"""Answers (by their size in bytes) the in-process cache holds in all."""
ENTRY_BYTES = 2_000_000
"""A larger answer is not cached."""
SEEN_KEYS = 50_000
"""Keys remembered as asked for once (in this process), least recently used first out."""
REDIS_TTL_SECONDS = 3600
"""Entries of a position nobody asks for any more expire from Redis after this."""


@dataclass(frozen=True)
class Cached:
    """One stored answer: its ``data`` as JSON bytes and its entity tag."""

    data: bytes
    etag: str


def etag_of(data: bytes) -> str:
    """A weak entity tag of an answer's ``data`` (not of its cost, which changes per call)."""
    return 'W/"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def cacheable(document: DocumentNode, operation: OperationDefinitionNode) -> bool:
    """Whether ``operation`` is a query that selects only :data:`CACHEABLE_ROOT_FIELDS`."""
    if operation.operation is not OperationType.QUERY:
        return False
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def only_cacheable(selection_set: SelectionSetNode, seen: frozenset[str]) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value not in CACHEABLE_ROOT_FIELDS:
                    return False
            elif isinstance(selection, InlineFragmentNode):
                if not only_cacheable(selection.selection_set, seen):
                    return False
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None:
                    return False
                if name not in seen and not only_cacheable(fragment.selection_set, seen | {name}):
                    return False
        return True

    return only_cacheable(operation.selection_set, frozenset())


def audience_key(audience: Audience) -> bytes:
    """Everything in an audience that changes what it may read, as bytes."""
    levels = ",".join(sorted(level.value for level in audience.levels))
    own = str(audience.own_organization_id or "")
    return f"{levels}|{own}|{int(audience.include_archived)}|{int(audience.administrator)}".encode()


def writer_key(write_access: WriteAccess | None) -> bytes:
    """What a caller may change, as bytes (empty for read-only callers)."""
    if write_access is None:
        return b""
    if write_access.everywhere:
        return b"write:*"
    if write_access.organization_id is not None:
        return b"write:" + str(write_access.organization_id).encode()
    return b""


def key_of(
    document_key: bytes,
    operation_name: str | None,
    variables: dict[str, Any],
    language: str | None,
    audience: Audience,
    write_access: WriteAccess | None = None,
) -> bytes:
    """The cache key of one answer (the position is checked separately). What a caller may
    change is part of it: writers see a listing's real version (``expectedVersion``), others
    only the newest change they may hear of, so the two never share an answer."""
    digest = hashlib.sha256()
    for part in (
        document_key,
        (operation_name or "").encode(),
        orjson.dumps(variables, option=orjson.OPT_SORT_KEYS),
        (language or "").encode(),
        audience_key(audience),
        writer_key(write_access),
    ):
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    return digest.digest()


class ResponseStore(Protocol):
    async def get(self, key: bytes, position: int) -> Cached | None: ...

    async def put(self, key: bytes, position: int, entry: Cached) -> None: ...

    async def close(self) -> None: ...


class MemoryResponses:
    """Answers in this process: least recently used first out, bounded by bytes."""

    def __init__(self, max_bytes: int = MEMORY_BYTES, max_entry_bytes: int = ENTRY_BYTES) -> None:
        self.entries: ByteBoundedCache[tuple[int, Cached]] = ByteBoundedCache(
            max_bytes, max_entry_bytes
        )

    async def get(self, key: bytes, position: int) -> Cached | None:
        found = self.entries.get(key)
        if found is None or found[0] != position:
            return None
        return found[1]

    async def put(self, key: bytes, position: int, entry: Cached) -> None:
        self.entries.replace(key, len(entry.data), (position, entry))

    async def close(self) -> None:
        return None


class RedisResponses:
    """Answers shared by every process through Redis, one key per answer and position."""

    def __init__(self, url: str, database: str) -> None:
        from redis.asyncio import Redis

        self.redis = Redis.from_url(url)
        # Positions are per database: a Redis shared by two deployments must not mix them.
        self.prefix = f"directory:response:{hashlib.sha256(database.encode()).hexdigest()[:16]}:"

    def _key(self, key: bytes, position: int) -> str:
        return f"{self.prefix}{position}:{key.hex()}"

    async def get(self, key: bytes, position: int) -> Cached | None:
        try:
            raw = await self.redis.get(self._key(key, position))
        except Exception:  # Redis down: answer from the database, never fail the request
            log.warning("response cache: Redis unavailable", exc_info=True)
            return None
        if raw is None:
            return None
        etag, _, data = bytes(raw).partition(b"\n")
        return Cached(data, etag.decode())

    async def put(self, key: bytes, position: int, entry: Cached) -> None:
        if len(entry.data) > ENTRY_BYTES:
            return
        try:
            await self.redis.set(
                self._key(key, position),
                entry.etag.encode() + b"\n" + entry.data,
                ex=REDIS_TTL_SECONDS,
            )
        except Exception:
            log.warning("response cache: Redis unavailable", exc_info=True)

    async def close(self) -> None:
        await self.redis.aclose()


class ResponseCache:
    """A store of answers, and the keys this process has been asked for once."""

    def __init__(self, store: ResponseStore, seen_keys: int = SEEN_KEYS) -> None:
        self.store = store
        self._seen: ByteBoundedCache[bool] = ByteBoundedCache(seen_keys, 1)

    def seen_before(self, key: bytes) -> bool:
        """Whether ``key`` was asked for before; remembers it for the next time."""
        if self._seen.get(key):
            return True
        self._seen.put(key, 1, True)
        return False

    async def get(self, key: bytes, position: int) -> Cached | None:
        return await self.store.get(key, position)

    async def put(self, key: bytes, position: int, entry: Cached) -> None:
        await self.store.put(key, position, entry)

    async def close(self) -> None:
        await self.store.close()


def build_cache(enabled: bool, redis_url: str | None, database: str) -> ResponseCache | None:
    """The configured cache, or None when it is switched off (``database``: the URL of the
    database answers are computed from, which names the Redis keys)."""
    if not enabled:
        return None
    store = RedisResponses(redis_url, database) if redis_url else MemoryResponses()
    return ResponseCache(store)
