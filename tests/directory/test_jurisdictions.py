"""Jurisdictions come from pycountry, with names in English, Spanish and French."""

from __future__ import annotations

import pycountry
import pytest

from directory.validation import Checker
from directory.vocab.jurisdictions import get_jurisdiction, jurisdictions_of, subdivisions_of


@pytest.mark.parametrize("country", ["MX", "US", "CA"])
def test_every_pycountry_subdivision_is_listed(country: str) -> None:
    expected = {s.code for s in pycountry.subdivisions.get(country_code=country)}
    assert {j.code for j in subdivisions_of(country)} == expected


def test_countries_and_subdivisions_are_named_in_three_languages() -> None:
    quebec = get_jurisdiction("CA-QC")
    assert quebec is not None
    assert quebec.name("fr") == "Québec"
    assert get_jurisdiction("MX").name("fr") == "Mexique"  # type: ignore[union-attr]
    assert get_jurisdiction("US-NY").name("es") == "Nueva York"  # type: ignore[union-attr]
    assert get_jurisdiction("CA-NL").name("es") == "Terranova y Labrador"  # type: ignore[union-attr]
    cdmx = get_jurisdiction("MX-CMX")
    assert cdmx is not None and cdmx.name("es") == "Ciudad de México"


def test_country_filter_lists_country_first() -> None:
    found = jurisdictions_of("CA")
    assert found[0].code == "CA" and found[0].is_country
    assert all(j.country == "CA" for j in found)


@pytest.mark.parametrize("code", ["MX-XX", "XX", "FR", "FR-75", "mx-cmx", "", "US-"])
def test_unknown_or_foreign_codes_are_refused(code: str) -> None:
    checker = Checker()
    assert checker.jurisdiction(("code",), code) is None
    assert checker.problems[0].field == ("code",)


@pytest.mark.parametrize("code", ["CA-QC", "MX-CMX", "US-TX", "MX", "CA"])
def test_known_codes_are_accepted(code: str) -> None:
    checker = Checker()
    assert checker.jurisdiction(("code",), code) is not None
    assert checker.ok
