"""Enums of the organizations domain, built from ``directory.enums`` with descriptions.

Their values are the stored strings, so inputs arrive as ``directory.enums`` members.
"""

from __future__ import annotations

import enum
from typing import Any

import graphene

from directory import enums
from directory.freshness import Freshness
from directory.organization_list import Order


def _enum(
    source: type[enum.Enum], name: str, description: str, values: dict[str, str]
) -> type[graphene.Enum]:
    missing = [member.name for member in source if member.name not in values]
    assert not missing, f"{name} values without a description: {missing}"

    def describe(member: Any) -> str:
        return description if member is None else values[member.name]

    return graphene.Enum.from_enum(source, name=name, description=describe)


Visibility = _enum(
    enums.Visibility,
    "Visibility",
    "Who may see a contact, phone, email or location.",
    {
        "PUBLIC": "Everyone, including callers without a token.",
        "PARTNERS": "Callers with `directory:read` and the organization's own staff.",
        "CONFIDENTIAL": "Callers with `directory:read:confidential` and the organization's "
        "own staff (safe-house addresses, direct intake lines).",
    },
)

PhoneType = _enum(
    enums.PhoneType,
    "PhoneType",
    "How a phone number can be used.",
    {
        "VOICE": "Voice calls.",
        "SMS": "Text messages.",
        "WHATSAPP": "WhatsApp messages and calls.",
        "TTY": "Text telephone for deaf or hard-of-hearing callers.",
        "FAX": "Fax.",
    },
)

OrganizationKind = _enum(
    enums.OrganizationKind,
    "OrganizationKind",
    "What sort of body an organization is.",
    {
        "NGO": "A non-governmental, non-profit organization.",
        "GOVERNMENT": "A government agency.",
        "HOTLINE": "A hotline operator.",
        "LAW_ENFORCEMENT": "Police or a prosecutor's office.",
        "INTERNATIONAL": "An international organization.",
        "ACADEMIC": "A university or research institute.",
        "PRIVATE_SECTOR": "A company.",
        "FAITH_BASED": "A faith-based organization.",
    },
)

ServiceStatus = _enum(
    enums.ServiceStatus,
    "ServiceStatus",
    "Whether a service is offered now (HSDS 3.0 `service.status`).",
    {
        "ACTIVE": "Offered now.",
        "INACTIVE": "Not offered at the moment.",
        "TEMPORARILY_CLOSED": "Closed for a while; it will reopen.",
        "DEFUNCT": "No longer offered.",
    },
)

LocationType = _enum(
    enums.LocationType,
    "LocationType",
    "Kind of location (HSDS 3.0 `location.location_type`).",
    {
        "PHYSICAL": "A place people can go to.",
        "POSTAL": "A postal address only.",
        "VIRTUAL": "Online only (see `url`).",
    },
)

TraffickingType = _enum(
    enums.TraffickingType,
    "TraffickingType",
    "Forms of human trafficking a service addresses.",
    {
        "SEX": "Sex trafficking.",
        "LABOR": "Labor trafficking.",
        "DOMESTIC_SERVITUDE": "Domestic servitude.",
        "FORCED_CRIMINALITY": "Forced criminality.",
        "FORCED_MARRIAGE": "Forced marriage.",
        "ORGAN_REMOVAL": "Trafficking for organ removal.",
    },
)

VerificationStatus = _enum(
    Freshness,
    "VerificationStatus",
    "Whether a directory administrator has checked a listing, and how recently.",
    {
        "UNVERIFIED": "Never verified.",
        "VERIFIED": "Verified within the last 365 days.",
        "STALE": "Verified, but more than 365 days ago.",
        "REJECTED": "An administrator found the listing wrong or not genuine.",
    },
)

OrganizationOrderField = _enum(
    Order,
    "OrganizationOrderField",
    "What to sort organizations by.",
    {
        "NAME": "Name, alphabetically, ignoring accents and case.",
        "UPDATED_AT": "When the listing last changed.",
        "RELEVANCE": "How well the name matches `filter.search`, best first (needs `search`).",
        "DISTANCE": "Distance of the nearest location to `filter.near`, nearest first "
        "(needs `near`).",
    },
)


class OrderDirection(graphene.Enum):
    """Sort direction."""

    ASC = "ASC"
    DESC = "DESC"

    @property
    def description(self) -> str:
        return {"ASC": "Ascending (A to Z, oldest first, nearest first).", "DESC": "Descending."}[
            self.name
        ]
