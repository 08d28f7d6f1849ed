"""Service input fields shared by createService and updateService."""

from __future__ import annotations

import graphene

from schema.mutations.inputs import (
    OpeningHoursInput,
    PhoneInput,
    ServiceAreaInput,
    TranslationInput,
)

_STRINGS = graphene.NonNull(graphene.String)


class ServiceFields:
    """Input fields of a service other than its name (shared by create and update)."""

    description = graphene.String(description="What the service offers.")
    language = graphene.String(description="Language of the text: `en`, `es`, `fr`.")
    status = graphene.String(description="`active`, `inactive`, `temporarily closed` or `defunct`.")
    categories = graphene.List(_STRINGS, description="Service category codes, e.g. `hotline`.")
    populations = graphene.List(_STRINGS, description="Population codes served.")
    trafficking_types = graphene.List(
        _STRINGS, description="Trafficking types addressed, e.g. `labor`, `sex`."
    )
    languages = graphene.List(_STRINGS, description="Languages it works in (ISO 639-1).")
    eligibility = graphene.String(description="Who may use it.")
    fees = graphene.String(description="What it costs.")
    timezone = graphene.String(description="IANA time zone of `hours`.")
    open24x7 = graphene.Boolean(
        description="Whether it is open around the clock; null when that is not known."
    )
    hours = graphene.List(graphene.NonNull(OpeningHoursInput), description="Opening hours.")
    translations = graphene.List(
        graphene.NonNull(TranslationInput), description="Name and description in other languages."
    )
    service_areas = graphene.List(
        graphene.NonNull(ServiceAreaInput),
        description="Jurisdictions this service covers (replaced as a whole on update).",
    )
    phones = graphene.List(
        graphene.NonNull(PhoneInput), description="The service's phones (replaced on update)."
    )
