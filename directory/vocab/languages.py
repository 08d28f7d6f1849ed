"""ISO 639-1 language codes (pycountry) and the choice of a response language."""

from __future__ import annotations

from functools import cache

import pycountry

from directory.enums import LANGUAGES


@cache
def is_language_code(code: str) -> bool:
    """True for a two-letter ISO 639-1 code such as ``es`` or ``nah``-less ``en``."""
    if not code or len(code) != 2 or not code.isalpha() or not code.islower():
        return False
    return pycountry.languages.get(alpha_2=code) is not None


@cache
def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_2=code)
    return found.name if found else code


def negotiate(explicit: str | None, accept_language: str | None) -> str | None:
    """The directory language to answer in: the explicit one, else the best of Accept-Language.

    Returns None when neither names en, es or fr: each record then speaks its own language.
    """
    if explicit:
        code = explicit.strip().lower()[:2]
        return code if code in LANGUAGES else None
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()[:2]
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag in LANGUAGES and quality > 0:
            ranked.append((-quality, index, tag))
    return sorted(ranked)[0][2] if ranked else None
