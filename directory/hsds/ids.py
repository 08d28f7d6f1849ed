"""Stable ids for HSDS objects the directory derives instead of storing."""

from __future__ import annotations

import hashlib
import uuid

HSDS_NAMESPACE = uuid.UUID("2b7f3c1e-58d4-4a8e-9a0c-6e1d4f7b9c21")
_NAMESPACE_BYTES = HSDS_NAMESPACE.bytes


def derived_id(*parts: object) -> str:
    """A UUIDv5 from the parts: the same inputs always give the same id.

    Equal to ``str(uuid.uuid5(HSDS_NAMESPACE, ":".join(map(str, parts))))``, computed
    without building a :class:`uuid.UUID` (exports derive several ids per row)."""
    name = ":".join([p if isinstance(p, str) else str(p) for p in parts])
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + name.encode(), usedforsecurity=False).digest()
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def local_id(hsds_id: str) -> uuid.UUID:
    """Our id for an HSDS id: the id itself when it is a UUID, else a UUIDv5 of it (so a
    second import of the same non-UUID id finds the same organization)."""
    try:
        return uuid.UUID(hsds_id)
    except ValueError:
        return uuid.uuid5(HSDS_NAMESPACE, f"hsds:{hsds_id}")
