"""The one error vocabulary, and the domain's refusals.

:class:`ErrorCode` holds the contract's codes (``extensions.code`` in GraphQL, ``error`` in
the HSDS API) with the HTTP status each answers with where the route picks the status
(HSDS, the request guards); :class:`ProblemCode` holds the codes of one refused value
(``userErrors``). Every edge imports them from here: no module spells a code itself.

Every writer (GraphQL mutations, the HSDS importer, the CLI, the listing workspace) gets
the exceptions below and maps them to its own surface through the ``code`` each carries:
``InvalidInput`` and its kinds become user errors (``INVALID``, ``CONFLICT``,
``DUPLICATE_SUSPECTED``), ``NotFound`` and ``Forbidden`` become refusals of the whole
request (``NOT_FOUND``, ``FORBIDDEN``). When one is raised, the caller's transaction rolls
back: nothing was written.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


class ErrorCode(enum.StrEnum):
    """The contract's error codes (fixed names), each with its HTTP status."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RATE_LIMITED = "RATE_LIMITED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

    @property
    def status(self) -> int:
        """The HTTP status of a refusal with this code on a route that is not GraphQL
        (GraphQL over HTTP answers its own statuses: 200, or 400 for a bad request)."""
        return _STATUS[self]


_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.CONFLICT: 409,
    ErrorCode.QUERY_TOO_COMPLEX: 400,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 200,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.INTERNAL_SERVER_ERROR: 500,
}


class ProblemCode(enum.StrEnum):
    """The ``code`` of one refused value (a mutation's ``userErrors``)."""

    INVALID = "INVALID"
    CONFLICT = "CONFLICT"
    DUPLICATE_SUSPECTED = "DUPLICATE_SUSPECTED"


@dataclass(frozen=True)
class Problem:
    """One refused value: where it is, why, and a machine-readable code.

    ``message_id`` (with ``params``) names the message in the API's catalogue
    (:mod:`directory.messages`) so an edge can say it in the caller's language;
    ``message`` is its English text."""

    field: tuple[str, ...]
    message: str
    code: str = ProblemCode.INVALID
    message_id: str | None = None
    params: tuple[tuple[str, str], ...] = ()


class DomainError(Exception):
    """A refusal that carries its contract code."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT


class InvalidInput(DomainError, ValueError):
    """Validation found problems (``INVALID`` and the codes of the subclasses below)."""

    code = ErrorCode.BAD_USER_INPUT

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{'.'.join(p.field)}: {p.message}" for p in self.problems))


class Conflict(InvalidInput):
    """``expected_version`` is stale: someone else changed the listing first."""

    code = ErrorCode.CONFLICT

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(
            [
                Problem(
                    ("expected_version",),
                    f"the listing is at version {current}, not {expected}: "
                    "reload it and apply your change again",
                    ProblemCode.CONFLICT,
                    "conflict.stale_version",
                    (("current", str(current)), ("expected", str(expected))),
                )
            ]
        )


class DuplicateSuspected(InvalidInput):
    """A new organization looks like one already listed (``DUPLICATE_SUSPECTED``)."""


class NotFound(DomainError, LookupError):
    """The organization or part does not exist, or the caller may not see it (the two are
    never told apart, so the existence of a hidden item does not leak)."""

    code = ErrorCode.NOT_FOUND

    def __init__(self, what: str, id: uuid.UUID | None = None) -> None:
        self.what = what
        self.id = id
        super().__init__(f"no such {what}")


class Forbidden(DomainError, PermissionError):
    """The caller may see the item but not change it. ``required`` names what would let it
    (scope names, as the caller's :class:`~directory.access.WriteAccess` says)."""

    code = ErrorCode.FORBIDDEN

    def __init__(
        self, message: str, required: Sequence[str], message_id: str | None = None
    ) -> None:
        self.required = tuple(required)
        self.message_id = message_id
        """The message in the API's catalogue (:mod:`directory.messages`), if it is one."""
        super().__init__(message)
