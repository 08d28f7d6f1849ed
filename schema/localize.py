"""Which language a field answers in: the root field's ``language`` argument, else the
request's ``Accept-Language``, else the record's own language."""

from __future__ import annotations

from typing import Any

import graphene

from directory.enums import LANGUAGES
from directory.vocab.languages import negotiate
from schema.context import RequestContext
from schema.errors import ErrorCode, refusal

LANGUAGE_ARG = graphene.String(
    description="Answer in this language (`en`, `es` or `fr`); by default the "
    "`Accept-Language` header's, else each record's own language."
)


def context_of(info: graphene.ResolveInfo) -> RequestContext:
    """The request context."""
    context = info.context
    if not isinstance(context, RequestContext):
        raise TypeError("info.context must be a RequestContext")
    return context


def choose(info: graphene.ResolveInfo, language: str | None) -> None:
    """Record a root field's ``language`` argument for everything below it."""
    if language is None:
        return
    code = negotiate(language, None)
    if code is None:
        raise refusal(
            ErrorCode.BAD_USER_INPUT,
            "bad_input.language",
            {"argument": "language"},
            options=", ".join(LANGUAGES),
            value=repr(language),
        )
    context_of(info).root_languages[str(info.path.key)] = code


def language_of(info: graphene.ResolveInfo) -> str | None:
    """The answer language for this field (None: the record's own)."""
    context = context_of(info)
    path: Any = info.path
    while path.prev is not None:
        path = path.prev
    return context.root_languages.get(str(path.key), context.language)
