"""The service-area form: a country (nationwide) or any of its subdivisions, ticked from
the shipped vocabulary; and the list ``set_service_area`` takes (the one adapter)."""

from __future__ import annotations

from typing import Any

from directory.listings.specs import AreaSpec
from directory.models import ServiceArea
from directory.vocab.jurisdictions import COUNTRIES, all_jurisdictions
from server.workspace.forms import Field, picked


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


def fields() -> list[Field]:
    found = all_jurisdictions()
    return [
        Field(
            f"areas-{country}",
            _("Where in %(country)s"),
            ("areas", country),
            kind="checkboxes",
            choices=[
                (
                    j.code,
                    {
                        lang: (_whole(lang, j.name(lang)) if j.is_country else j.name(lang))
                        for lang in ("en", "es", "fr")
                    },
                )
                for j in found.values()
                if j.country == country
            ],
            group=_("Service area"),
            label_args={"country": found[country].names["en"]},
        )
        for country in COUNTRIES
    ]


WHOLE = {"en": "All of {name}", "es": "Todo {name}", "fr": "Tout le pays : {name}"}


def _whole(language: str, name: str) -> str:
    return WHOLE[language].format(name=name)


def _code(area: ServiceArea) -> str:
    return area.subdivision or area.country


def initial(areas: list[ServiceArea]) -> dict[str, str]:
    values = {f"areas-{country}": "" for country in COUNTRIES}
    for area in areas:
        key = f"areas-{area.country}"
        codes = picked(values.get(key, ""))
        if _code(area) not in codes:
            values[key] = "\n".join([*codes, _code(area)])
    return values


def spec(values: dict[str, str], existing: list[ServiceArea]) -> list[AreaSpec]:
    """The areas ticked. An area kept keeps its municipalities (the form does not show
    them, so it must not drop them)."""
    found: list[dict[str, Any]] = []
    for country in COUNTRIES:
        for code in picked(values.get(f"areas-{country}", "")):
            kept = [a for a in existing if _code(a) == code]
            if kept:
                found += [
                    {"code": code, "municipality": a.municipality}
                    if a.municipality
                    else {"code": code}
                    for a in kept
                ]
            else:
                found.append({"code": code})
    return [AreaSpec.from_mapping(area) for area in found]
