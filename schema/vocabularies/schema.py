"""Root fields of the vocabularies: serviceCategories, populations, jurisdictions."""

from __future__ import annotations

import graphene

from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.jurisdictions import COUNTRIES, jurisdictions_of
from directory.vocab.jurisdictions import Jurisdiction as JurisdictionValue
from directory.vocab.populations import POPULATIONS
from directory.vocab.terms import Term
from schema.localize import LANGUAGE_ARG, choose
from schema.vocabularies.enums import CountryCode
from schema.vocabularies.types import Jurisdiction, Population, ServiceCategory


class VocabularyQueries(graphene.ObjectType):
    service_categories = graphene.List(
        graphene.NonNull(ServiceCategory),
        required=True,
        language=LANGUAGE_ARG,
        description="Every service category, with its code and localized name.",
    )
    populations = graphene.List(
        graphene.NonNull(Population),
        required=True,
        language=LANGUAGE_ARG,
        description="Every population code, with its localized name.",
    )
    jurisdictions = graphene.List(
        graphene.NonNull(Jurisdiction),
        required=True,
        country=graphene.Argument(
            CountryCode, description="Only this country and its subdivisions."
        ),
        language=LANGUAGE_ARG,
        description="Countries and their ISO 3166-2 subdivisions, countries first.",
    )

    @staticmethod
    def resolve_service_categories(
        root: None, info: graphene.ResolveInfo, language: str | None = None
    ) -> list[Term]:
        choose(info, language)
        return list(SERVICE_CATEGORIES.values())

    @staticmethod
    def resolve_populations(
        root: None, info: graphene.ResolveInfo, language: str | None = None
    ) -> list[Term]:
        choose(info, language)
        return list(POPULATIONS.values())

    @staticmethod
    def resolve_jurisdictions(
        root: None,
        info: graphene.ResolveInfo,
        country: str | None = None,
        language: str | None = None,
    ) -> list[JurisdictionValue]:
        choose(info, language)
        code = getattr(country, "value", country)
        assert code is None or code in COUNTRIES
        return jurisdictions_of(code)
