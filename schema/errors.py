"""The contract's error codes and the helpers that raise them.

Every error a client sees carries ``extensions.code``; anything unexpected is reported as
``INTERNAL_SERVER_ERROR`` with a fixed message (never a stack trace or a SQL parameter).
"""

from __future__ import annotations

import enum
from typing import Any

from graphql import GraphQLError


class ErrorCode(enum.StrEnum):
    """The values of ``extensions.code``, fixed by the contract."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RATE_LIMITED = "RATE_LIMITED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


INTERNAL_MESSAGE = "internal server error"


def error(code: ErrorCode, message: str, **extensions: Any) -> GraphQLError:
    """A GraphQL error with ``extensions.code`` (and any other extensions given)."""
    return GraphQLError(message, extensions={"code": code.value, **extensions})


def unauthenticated(message: str = "a valid access token is required") -> GraphQLError:
    return error(ErrorCode.UNAUTHENTICATED, message)


def forbidden(
    required_scopes: list[str], message: str = "your token lacks a scope"
) -> GraphQLError:
    """FORBIDDEN with ``extensions.requiredScopes`` (any one of them grants the access)."""
    return error(ErrorCode.FORBIDDEN, message, requiredScopes=list(required_scopes))


def not_found(what: str) -> GraphQLError:
    return error(ErrorCode.NOT_FOUND, f"no such {what}")


def bad_input(message: str, **extensions: Any) -> GraphQLError:
    return error(ErrorCode.BAD_USER_INPUT, message, **extensions)


def conflict(message: str) -> GraphQLError:
    return error(ErrorCode.CONFLICT, message)


def too_complex(message: str, **extensions: Any) -> GraphQLError:
    return error(ErrorCode.QUERY_TOO_COMPLEX, message, **extensions)


def rate_limited(message: str = "the hourly query budget is spent") -> GraphQLError:
    return error(ErrorCode.RATE_LIMITED, message)


def internal() -> GraphQLError:
    return error(ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE)


def code_of(err: GraphQLError) -> str | None:
    """The ``extensions.code`` of an error, if it has one."""
    code = (err.extensions or {}).get("code")
    return code if isinstance(code, str) else None
