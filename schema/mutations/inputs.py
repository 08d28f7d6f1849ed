"""Input objects shared by several mutations (``base.spec_of`` converts them to specs)."""

from __future__ import annotations

import graphene

from schema.mutations import refs


class PhoneInput(graphene.InputObjectType):
    """A phone number; it is checked and normalized for the organization's country."""

    number = graphene.String(
        required=True, description="As people dial it, e.g. `800 55 33 000` or `+1 202 555 0143`."
    )
    type = graphene.InputField(refs.PHONE_TYPE, description="Voice (default), SMS, WhatsApp…")
    visibility = graphene.InputField(
        refs.VISIBILITY, description="Who may see the number; PUBLIC when not given."
    )
    extension = graphene.String(description="Extension to dial after the number.")
    description = graphene.String(description="What the number is for (at most 1,000 characters).")
    hotline = graphene.Boolean(description="Whether it is a hotline.")
    open24x7 = graphene.Boolean(
        description="Whether it is answered around the clock; null when that is not known."
    )
    languages = graphene.List(
        graphene.NonNull(graphene.String), description="Languages answered (ISO 639-1)."
    )


class EmailInput(graphene.InputObjectType):
    """An email address."""

    address = graphene.String(required=True, description="The address, e.g. `ayuda@example.org`.")
    visibility = graphene.InputField(
        refs.VISIBILITY, description="Who may see the address; PUBLIC when not given."
    )
    description = graphene.String(description="What the address is for.")


class ServiceAreaInput(graphene.InputObjectType):
    """A jurisdiction served: a whole country or an ISO 3166-2 subdivision."""

    code = graphene.String(
        required=True, description="`MX`, `US`, `CA` or a subdivision such as `MX-CMX`, `US-TX`."
    )
    municipality = graphene.String(description="Narrows a subdivision to one municipality.")


class TranslationInput(graphene.InputObjectType):
    """A name and description in another language (replaces that language's)."""

    language = graphene.String(required=True, description="`en`, `es` or `fr`.")
    name = graphene.String(description="The name in that language.")
    description = graphene.String(description="The description in that language.")
    remove = graphene.Boolean(description="Remove this language's translation instead.")


class OpeningHoursInput(graphene.InputObjectType):
    """Opening hours on some weekdays, in the service's time zone."""

    days = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Weekdays: `MO`, `TU`, `WE`, `TH`, `FR`, `SA`, `SU`.",
    )
    opens = graphene.String(required=True, description="`HH:MM`, 24-hour clock.")
    closes = graphene.String(required=True, description="`HH:MM`, 24-hour clock.")
