"""The domain's refusals: what a write (or a lookup) says when it does not go through.

Every writer (GraphQL mutations, the HSDS importer, the CLI, the listing workspace) gets
these and maps them to its own surface: ``InvalidInput`` and its kinds become user errors
(``INVALID``, ``CONFLICT``, ``DUPLICATE_SUSPECTED``), ``NotFound`` and ``Forbidden`` become
refusals of the whole request (``NOT_FOUND``, ``FORBIDDEN``). When one is raised, the
caller's transaction rolls back: nothing was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One refused value: where it is, why, and a machine-readable code."""

    field: tuple[str, ...]
    message: str
    code: str = "INVALID"


class InvalidInput(ValueError):
    """Validation found problems (``INVALID`` and the codes of the subclasses below)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{'.'.join(p.field)}: {p.message}" for p in self.problems))


class Conflict(InvalidInput):
    """``expected_version`` is stale: someone else changed the listing first."""

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(
            [
                Problem(
                    ("expected_version",),
                    f"the listing is at version {current}, not {expected}: "
                    "reload it and apply your change again",
                    "CONFLICT",
                )
            ]
        )


class DuplicateSuspected(InvalidInput):
    """A new organization looks like one already listed (``DUPLICATE_SUSPECTED``)."""


class NotFound(LookupError):
    """The organization or part does not exist, or the caller may not see it (the two are
    never told apart, so the existence of a hidden item does not leak)."""

    def __init__(self, what: str, id: uuid.UUID | None = None) -> None:
        self.what = what
        self.id = id
        super().__init__(f"no such {what}")


class Forbidden(PermissionError):
    """The caller may see the item but not change it. ``required`` names what would let it
    (scope names, as the caller's :class:`~directory.access.WriteAccess` says)."""

    def __init__(self, message: str, required: Sequence[str]) -> None:
        self.required = tuple(required)
        super().__init__(message)
