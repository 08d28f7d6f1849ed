"""Telling "the database cannot be reached" apart from every other failure.

Such a failure is the operator's to fix, not the caller's: the service answers it with
503, ``Retry-After`` and ``SERVICE_UNAVAILABLE`` instead of an internal error.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import exc as sa

RETRY_AFTER_SECONDS = 30
MESSAGE = "the directory's database cannot be reached; try again later"

_CANCELED = ("statement timeout", "canceling statement", "QueryCanceled")


def is_statement_timeout(error: BaseException) -> bool:
    """A statement cut by PostgreSQL's ``statement_timeout``."""
    text = f"{type(getattr(error, 'orig', None)).__name__} {error}"
    return isinstance(error, sa.DBAPIError) and any(word in text for word in _CANCELED)


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database is down or not usable:
    refused or lost connections, a pool that cannot hand out one, a missing database
    file or schema (an unmigrated database)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if is_statement_timeout(current):
            return False
        if isinstance(current, sa.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current,
            sa.OperationalError | sa.InterfaceError | sa.TimeoutError | sa.DisconnectionError,
        ):
            return True
        if isinstance(current, ConnectionError | asyncio.TimeoutError):
            return True
        if isinstance(current, OSError) and current.errno is not None:
            return True
        if isinstance(current, sa.ProgrammingError) and _missing_schema(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _missing_schema(error: sa.ProgrammingError) -> bool:
    text = str(error.orig or error)
    return "does not exist" in text and ("relation" in text or "table" in text)
