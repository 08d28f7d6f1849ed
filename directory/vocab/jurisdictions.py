"""Countries MX, US, CA and their ISO 3166-2 subdivisions, named in en/es/fr by pycountry."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

from directory.enums import LANGUAGES

COUNTRIES: tuple[str, ...] = ("MX", "US", "CA")


@dataclass(frozen=True)
class Jurisdiction:
    """A country (nationwide) or one of its ISO 3166-2 subdivisions."""

    code: str
    """``MX`` for a whole country, ``MX-CMX`` for a subdivision."""
    country: str
    type: str
    """``Country``, or pycountry's subdivision type (``State``, ``Province``, …)."""
    names: dict[str, str]
    """Name by language (en, es, fr)."""

    @property
    def is_country(self) -> bool:
        return self.code == self.country

    def name(self, language: str | None = None) -> str:
        return self.names.get(language or "en") or self.names["en"]


@cache
def _translator(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _localized(domain: str, text: str) -> dict[str, str]:
    return {lang: _translator(domain, lang).gettext(text) for lang in LANGUAGES}


@cache
def all_jurisdictions() -> dict[str, Jurisdiction]:
    """Every country and subdivision, keyed by code, countries first then by code."""
    found: dict[str, Jurisdiction] = {}
    for alpha2 in COUNTRIES:
        country = pycountry.countries.get(alpha_2=alpha2)
        assert country is not None
        found[alpha2] = Jurisdiction(
            alpha2, alpha2, "Country", _localized("iso3166-1", country.name)
        )
    for alpha2 in COUNTRIES:
        subdivisions = pycountry.subdivisions.get(country_code=alpha2) or []
        for sub in sorted(subdivisions, key=lambda s: s.code):
            found[sub.code] = Jurisdiction(
                sub.code, alpha2, sub.type, _localized("iso3166-2", sub.name)
            )
    return found


def get_jurisdiction(code: str) -> Jurisdiction | None:
    """The jurisdiction with this code (case-insensitive), or None if it is not one of ours."""
    return all_jurisdictions().get((code or "").strip().upper())


def jurisdictions_of(country: str | None = None) -> list[Jurisdiction]:
    """The countries and subdivisions, optionally of one country only."""
    values = all_jurisdictions().values()
    if country is None:
        return list(values)
    return [j for j in values if j.country == country.upper()]


def subdivisions_of(country: str) -> list[Jurisdiction]:
    return [j for j in jurisdictions_of(country) if not j.is_country]
