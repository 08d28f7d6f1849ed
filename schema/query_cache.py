"""A small LRU cache for parsed and validated documents, keyed by a hash of the document
and bounded by the bytes of the documents it holds (not by their number)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


def key_of(source: str) -> bytes:
    """The cache key of a document: its SHA-256 (the text itself is not kept as a key)."""
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()


class ByteBoundedCache(Generic[V]):
    """Least-recently-used entries, at most ``max_bytes`` of documents in all.

    An entry's weight is the size of the document it was made from (an AST or a list of
    errors grows with it); a document over ``max_entry_bytes`` is not cached at all.
    """

    def __init__(self, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.bytes = 0
        self._entries: OrderedDict[bytes, tuple[int, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes) -> V | None:
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, key: bytes, weight: int, value: V) -> None:
        if weight > self.max_entry_bytes or key in self._entries:
            return
        self._entries[key] = (weight, value)
        self.bytes += weight
        while self.bytes > self.max_bytes and self._entries:
            _, (dropped, _value) = self._entries.popitem(last=False)
            self.bytes -= dropped

    def replace(self, key: bytes, weight: int, value: V) -> None:
        """Store ``value`` under ``key``, replacing what was there."""
        found = self._entries.pop(key, None)
        if found is not None:
            self.bytes -= found[0]
        self.put(key, weight, value)
