"""Enums of the viewer."""

from __future__ import annotations

import graphene

from auth.principal import PrincipalKind

ViewerKind = graphene.Enum.from_enum(
    PrincipalKind,
    name="ViewerKind",
    description=lambda member: (
        "Who is calling."
        if member is None
        else {
            "ANONYMOUS": "No access token: public information only.",
            "CLIENT": "A partner system (OAuth client credentials).",
            "USER": "A signed-in staff member of an organization.",
        }[member.name]
    ),
)
