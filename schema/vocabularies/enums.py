"""Enums of the vocabularies."""

from __future__ import annotations

import graphene


class CountryCode(graphene.Enum):
    """A country the directory covers (ISO 3166-1 alpha-2)."""

    MX = "MX"
    US = "US"
    CA = "CA"

    @property
    def description(self) -> str:
        return {"MX": "Mexico.", "US": "United States.", "CA": "Canada."}[self.name]
