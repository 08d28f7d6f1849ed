"""Stable ids for HSDS objects the directory derives instead of storing."""

from __future__ import annotations

import uuid

HSDS_NAMESPACE = uuid.UUID("2b7f3c1e-58d4-4a8e-9a0c-6e1d4f7b9c21")


def derived_id(*parts: object) -> str:
    """A UUIDv5 from the parts: the same inputs always give the same id."""
    return str(uuid.uuid5(HSDS_NAMESPACE, ":".join(str(p) for p in parts)))


def local_id(hsds_id: str) -> uuid.UUID:
    """Our id for an HSDS id: the id itself when it is a UUID, else a UUIDv5 of it (so a
    second import of the same non-UUID id finds the same organization)."""
    try:
        return uuid.UUID(hsds_id)
    except ValueError:
        return uuid.uuid5(HSDS_NAMESPACE, f"hsds:{hsds_id}")
