"""Stable ids for HSDS objects the directory derives instead of storing."""

from __future__ import annotations

import hashlib
import uuid

HSDS_NAMESPACE = uuid.UUID("2b7f3c1e-58d4-4a8e-9a0c-6e1d4f7b9c21")
_NAMESPACE_BYTES = HSDS_NAMESPACE.bytes
_sha1 = hashlib.sha1
_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}
"""Hex digit of byte 8's high nibble → the same with the RFC 4122 variant bits (10xx)."""


def derived_id(*parts: object) -> str:
    """A UUIDv5 from the parts: the same inputs always give the same id.

    Equal to ``str(uuid.uuid5(HSDS_NAMESPACE, ":".join(map(str, parts))))``, computed
    without building a :class:`uuid.UUID` (exports derive several ids per row): the SHA-1
    hex digest with the version nibble set to 5 and the variant bits to 10."""
    h = _sha1(_NAMESPACE_BYTES + ":".join(map(str, parts)).encode(), usedforsecurity=False)
    x = h.hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


def local_id(hsds_id: str) -> uuid.UUID:
    """Our id for an HSDS id: the id itself when it is a UUID, else a UUIDv5 of it (so a
    second import of the same non-UUID id finds the same organization)."""
    try:
        return uuid.UUID(hsds_id)
    except ValueError:
        return uuid.uuid5(HSDS_NAMESPACE, f"hsds:{hsds_id}")
