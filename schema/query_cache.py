"""A small LRU cache for parsed and validated documents, keyed by a hash of the document
and bounded by the bytes of the documents it holds (not by their number); and the keys of
a document's shape (:func:`shape_of`)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Generic, TypeVar

from graphql import DocumentNode, FieldNode, Node, print_ast

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


ALIAS_PREFIX = "__alias"


def shape_of(document: DocumentNode) -> tuple[bytes, bytes] | None:
    """Two keys of a document: its *shape* (the document with its aliases renamed in order
    of appearance) and the document itself, aliases included.

    Documents that differ only in alias names (``o17: organizations`` and ``o18:
    organizations``, as tools number them per request) have one shape, and validation gives
    them one verdict: an alias is renamed only when it is not also the name of a field in
    the document, so every equality between response names — all that the rule on
    overlapping fields compares — is the same in the shape. ``None`` when an alias already
    uses the renaming prefix.

    The shape is the document's own text with each renamed alias written over (its
    location in the text): equal shapes are equal texts but for those names. (Printing the
    document instead cost as much as parsing it, for every new document.) A document
    parsed without locations is printed.
    """
    fields = list(_fields(document))
    names = {node.name.value for node in fields}
    renamed: dict[str, str] = {}
    for node in fields:
        alias = node.alias
        if alias is None or alias.value in names:
            continue
        if alias.value.startswith(ALIAS_PREFIX):
            return None
        renamed.setdefault(alias.value, f"{ALIAS_PREFIX}{len(renamed)}")
    aliases = "\0".join(f"{k}={v}" for k, v in renamed.items()).encode("utf-8", "surrogatepass")
    text = _renamed_text(document, fields, renamed)
    if text is None:
        text = _renamed_printed(document, fields, renamed)
    shape = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return shape, hashlib.sha256(shape + b"\1" + aliases).digest()


def _renamed_text(
    document: DocumentNode, fields: list[FieldNode], renamed: dict[str, str]
) -> str | None:
    """The document's text with the renamed aliases written over; None without locations."""
    if document.loc is None:
        return None
    body = document.loc.source.body
    spans: list[tuple[int, int, str]] = []
    for node in fields:
        alias = node.alias
        if alias is None or alias.value not in renamed:
            continue
        if alias.loc is None:
            return None
        spans.append((alias.loc.start, alias.loc.end, renamed[alias.value]))
    pieces: list[str] = []
    at = 0
    for start, end, name in sorted(spans):
        pieces += (body[at:start], name)
        at = end
    pieces.append(body[at:])
    return "".join(pieces)


def _renamed_printed(
    document: DocumentNode, fields: list[FieldNode], renamed: dict[str, str]
) -> str:
    """The document printed with the renamed aliases (then put back; no await between)."""
    originals = [(node.alias, node.alias.value) for node in fields if node.alias is not None]
    try:
        for alias, value in originals:
            alias.value = renamed.get(value, value)
        return print_ast(document)
    finally:
        for alias, value in originals:
            alias.value = value


def _fields(node: Node) -> Iterator[FieldNode]:
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, FieldNode):
            yield current
        if isinstance(current, DocumentNode):
            stack.extend(reversed(current.definitions))
            continue
        selection_set = getattr(current, "selection_set", None)
        if selection_set is not None:
            stack.extend(reversed(selection_set.selections))
