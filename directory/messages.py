"""The API's messages in English, Spanish and French, keyed by a stable message id.

Every error message a client may read (GraphQL errors and ``userErrors``, HSDS errors, the
sign-in page's refusals) is named here by an id, with its English text (the default) and
named ``{placeholders}``. The translations are Babel ``.po`` catalogues in
``directory/locales/<language>/LC_MESSAGES/messages.po``, read at start-up with Babel's
reader (no compile step): each entry's ``msgctxt`` is the message id and its ``msgid`` the
English text, so a translator sees both. Codes never change with the language: only the
words do. A message missing from a catalogue is said in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "es", "fr")
LOCALES = Path(__file__).with_name("locales")

ENGLISH: dict[str, str] = {
    # refusals of the whole request
    "unauthenticated": "a valid access token is required",
    "unauthenticated.bearer_required": "a bearer token is required",
    "forbidden.scope": "your token lacks a scope",
    "forbidden.own_listing_only": "your token may only change its own organization's listing",
    "forbidden.listing": "you may not change this listing",
    "forbidden.create": "you may not create listings",
    "not_found": "no such {what}",
    "not_found.hsds": "no {what} with this id",
    "rate_limited.queries": "the hourly query budget is spent",
    "rate_limited.requests": "the hourly request budget is spent",
    "internal": "internal server error",
    # bad input of a request
    "bad_input.language": "`language` must be one of {options}, got {value}",
    "bad_input.page_size": "`{argument}` must be between 1 and {limit}, got {value}",
    "bad_input.cursor": "`{argument}` is not a cursor of this list",
    "bad_input.first_and_last": "pass `first` or `last`, not both",
    "bad_input.whole_number": "{name} must be a whole number of at most 12 digits",
    "bad_input.at_least": "{name} must be at least {low}",
    "bad_input.between": "{name} must be between {low} and {high}",
    "bad_input.boolean": "{name} must be true or false",
    "bad_input.datetime": "{name} must be an ISO 8601 date-time",
    "bad_input.uuid": "{name} must be a UUID",
    "bad_input.format": "format must be json or ndjson",
    # one refused value (userErrors)
    "invalid.required": "is required",
    "invalid.text": "must be text",
    "invalid.too_long": "is longer than {limit} characters",
    "invalid.list": "must be a list",
    "invalid.too_many": "has more than {limit} items",
    "invalid.one_of": "must be one of: {options}",
    "invalid.slug": "must be lower-case letters, digits and single hyphens",
    "invalid.url": "must be an http or https URL",
    "invalid.email": "{value} is not an email address",
    "conflict.stale_version": (
        "the listing is at version {current}, not {expected}: reload it and apply your change again"
    ),
    # the sign-in page
    "signin.wrong": "Wrong e-mail address or password.",
    "signin.slow": "Too many failed sign-ins. Try again in {seconds} seconds.",
    "signin.csrf": "This form has expired. Go back to the application and start again.",
    "signin.invalid": "This sign-in request cannot be processed: {reason}",
}
"""Every message id with its English text."""


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Message id → text in ``language`` (empty for English or a language not shipped)."""
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not path.is_file():
        return {}
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    found: dict[str, str] = {}
    for entry in catalog:
        if entry.context and not entry.fuzzy and isinstance(entry.string, str) and entry.string:
            found[entry.context] = entry.string
    return found


def say(message_id: str, language: str | None = None, /, **params: object) -> str:
    """The message in ``language`` (English when None, unknown or not translated)."""
    template = catalogue(language or "en").get(message_id) or ENGLISH[message_id]
    return template.format(**params)
