"""Opaque global IDs (Relay): base64 of ``Type:id``."""

from __future__ import annotations

from graphql_relay import from_global_id, to_global_id

__all__ = ["decode", "encode"]


def encode(type_name: str, id: object) -> str:
    return to_global_id(type_name, str(id))


def decode(global_id: str) -> tuple[str, str] | None:
    """(type name, id) of a global ID, or None when it is not one of ours."""
    try:
        found = from_global_id(global_id)
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if not found.type or not found.id:
        return None
    return found.type, found.id
