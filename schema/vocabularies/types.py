"""Jurisdictions, service categories and populations, named in the answer language."""

from __future__ import annotations

import graphene

from directory.vocab.jurisdictions import Jurisdiction as JurisdictionValue
from directory.vocab.terms import Term
from schema.localize import language_of


class Jurisdiction(graphene.ObjectType):
    """A country (MX, US, CA) or one of its ISO 3166-2 subdivisions."""

    code = graphene.String(
        required=True, description="`MX` for a whole country, `MX-CMX` for a subdivision."
    )
    country = graphene.String(required=True, description="ISO 3166-1 alpha-2 country code.")
    type = graphene.String(
        required=True,
        description="`Country`, or the subdivision's type (`State`, `Province`, …).",
    )
    name = graphene.String(required=True, description="Name in the answer language.")
    is_country = graphene.Boolean(
        required=True, description="Whether this is a whole country (a nationwide area)."
    )

    @staticmethod
    def resolve_name(root: JurisdictionValue, info: graphene.ResolveInfo) -> str:
        return root.name(language_of(info))

    @staticmethod
    def resolve_is_country(root: JurisdictionValue, info: graphene.ResolveInfo) -> bool:
        return root.is_country


class ServiceCategory(graphene.ObjectType):
    """A kind of service, from the directory's closed list."""

    code = graphene.String(required=True, description="Stable code, e.g. `emergency-shelter`.")
    name = graphene.String(required=True, description="Label in the answer language.")

    @staticmethod
    def resolve_name(root: Term, info: graphene.ResolveInfo) -> str:
        return root.label(language_of(info))


class Population(graphene.ObjectType):
    """A group of people a service is for, from the directory's closed list."""

    code = graphene.String(required=True, description="Stable code, e.g. `migrants`.")
    name = graphene.String(required=True, description="Label in the answer language.")

    @staticmethod
    def resolve_name(root: Term, info: graphene.ResolveInfo) -> str:
        return root.label(language_of(info))
