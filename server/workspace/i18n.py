"""The workspace in English, Spanish and French: Babel ``.po`` catalogues read at start-up
(no compile step), the Jinja2 i18n extension, and the language of each request.

The language comes from the ``directory_lang`` cookie (set by the language switcher), else
``Accept-Language``, else English. English strings are the message ids.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from directory.vocab.languages import negotiate

LANGUAGES = ("en", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
LANGUAGE_COOKIE = "directory_lang"
HERE = Path(__file__).parent
LOCALES = HERE / "locales"


class CatalogTranslations(gettext.NullTranslations):
    """gettext over a catalogue read with Babel's ``.po`` reader (fuzzy entries skipped)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.messages: dict[str, str] = {}
        self.plurals: dict[str, tuple[str, ...]] = {}
        path = LOCALES / language / "LC_MESSAGES" / "messages.po"
        if not path.is_file():
            return
        with path.open("rb") as source:
            catalog = read_po(source, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                strings = tuple(message.string or ())
                if all(strings):
                    self.plurals[message.id[0]] = strings
            elif isinstance(message.string, str) and message.string:
                self.messages[message.id] = message.string

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(singular)
        if forms:
            return forms[0] if n == 1 or len(forms) == 1 else forms[1]
        return singular if n == 1 else plural


@cache
def translations(language: str) -> CatalogTranslations:
    return CatalogTranslations(language)


@cache
def templates(language: str) -> Jinja2Templates:
    """The workspace's templates, with ``_``/``gettext``/``ngettext`` in ``language``."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    env.filters["when"] = lambda value: when(value, language)
    env.filters["label"] = lambda f: label(f, language)
    env.filters["choice"] = lambda value: choice_label(value, language)
    return Jinja2Templates(env=env)


def language_of(request: Request) -> str:
    chosen = negotiate(request.cookies.get(LANGUAGE_COOKIE), None)
    return chosen or negotiate(None, request.headers.get("accept-language")) or "en"


def when(value: dt.datetime | str | None, language: str) -> str:
    """A date and time as people of ``language`` write it (UTC)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        value = parsed
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value, "medium", tzinfo=dt.UTC, locale=language) + " UTC"


def label(f: Any, language: str) -> str:
    """A form field's label in ``language``, its ``%(name)s`` arguments translated too."""
    catalogue = translations(language)
    text = catalogue.gettext(f.label)
    args = getattr(f, "label_args", None)
    if args:
        text = text % {name: catalogue.gettext(value) for name, value in args.items()}
    return text


def choice_label(value: Any, language: str) -> str:
    """A choice's label: a label by language, or a message id."""
    if isinstance(value, dict):
        return str(value.get(language) or value.get("en") or "")
    return translations(language).gettext(str(value))
