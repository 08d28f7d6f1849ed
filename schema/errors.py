"""GraphQL errors built from the one error vocabulary (:mod:`directory.errors`).

Every error a client sees carries ``extensions.code``; anything unexpected is reported as
``INTERNAL_SERVER_ERROR`` with a fixed message (never a stack trace or a SQL parameter).
An error made from a message id (:mod:`directory.messages`) is a :class:`LocalizedError`:
the HTTP layer says it in the caller's language (:func:`localized`); its code never changes.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from directory.errors import DomainError, ErrorCode, Forbidden, NotFound
from directory.messages import ENGLISH, say

__all__ = ["ErrorCode", "LocalizedError", "error", "localized", "refusal"]

INTERNAL_MESSAGE = ENGLISH["internal"]


class LocalizedError(GraphQLError):
    """A GraphQL error whose message is a catalogue entry (English until localized)."""

    message_id: str
    params: dict[str, Any]

    def __init__(self, message_id: str, extensions: dict[str, Any], params: dict[str, Any]) -> None:
        super().__init__(say(message_id, None, **params), extensions=extensions)
        self.message_id = message_id
        self.params = params

    def __reduce__(self) -> Any:  # pragma: no cover - errors are not pickled
        return (LocalizedError, (self.message_id, self.extensions, self.params))


def error(code: ErrorCode, message: str, **extensions: Any) -> GraphQLError:
    """A GraphQL error with ``extensions.code`` (and any other extensions given)."""
    return GraphQLError(message, extensions={"code": code.value, **extensions})


def refusal(
    code: ErrorCode,
    message_id: str,
    extensions: dict[str, Any] | None = None,
    **params: Any,
) -> LocalizedError:
    """An error with ``extensions.code`` whose message is the catalogue's ``message_id``."""
    return LocalizedError(message_id, {"code": code.value, **(extensions or {})}, params)


def localized(err: GraphQLError, language: str | None) -> str:
    """The error's message in ``language`` (its own message when it has no message id)."""
    source = err if isinstance(err, LocalizedError) else err.original_error
    if isinstance(source, LocalizedError) and language:
        return say(source.message_id, language, **source.params)
    return err.message


def unauthenticated() -> GraphQLError:
    return refusal(ErrorCode.UNAUTHENTICATED, "unauthenticated")


def forbidden(
    required_scopes: list[str], message: str | None = None, *, message_id: str = "forbidden.scope"
) -> GraphQLError:
    """FORBIDDEN with ``extensions.requiredScopes`` (any one of them grants the access);
    the message is the catalogue's ``message_id`` unless ``message`` is given."""
    scopes = {"requiredScopes": list(required_scopes)}
    if message is not None:
        return error(ErrorCode.FORBIDDEN, message, **scopes)
    return refusal(ErrorCode.FORBIDDEN, message_id, scopes)


def not_found(what: str) -> GraphQLError:
    return refusal(ErrorCode.NOT_FOUND, "not_found", what=what)


def bad_input(message: str, **extensions: Any) -> GraphQLError:
    return error(ErrorCode.BAD_USER_INPUT, message, **extensions)


def conflict(message: str) -> GraphQLError:
    return error(ErrorCode.CONFLICT, message)


def too_complex(message: str, **extensions: Any) -> GraphQLError:
    return error(ErrorCode.QUERY_TOO_COMPLEX, message, **extensions)


def rate_limited() -> GraphQLError:
    return refusal(ErrorCode.RATE_LIMITED, "rate_limited.queries")


def internal() -> GraphQLError:
    return refusal(ErrorCode.INTERNAL_SERVER_ERROR, "internal")


def from_domain(exc: DomainError) -> GraphQLError:
    """The top-level GraphQL error for a domain refusal, with the code it carries."""
    if isinstance(exc, Forbidden):
        if exc.message_id:
            return forbidden(list(exc.required), message_id=exc.message_id)
        return forbidden(list(exc.required), str(exc))
    if isinstance(exc, NotFound):
        return not_found(exc.what)
    return error(exc.code, str(exc))


def code_of(err: GraphQLError) -> str | None:
    """The ``extensions.code`` of an error, if it has one."""
    code = (err.extensions or {}).get("code")
    return code if isinstance(code, str) else None
