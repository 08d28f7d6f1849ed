"""Enums of the change feed."""

from __future__ import annotations

import graphene

from directory import enums

ChangeKind = graphene.Enum.from_enum(
    enums.ChangeKind,
    name="ChangeKind",
    description=lambda member: (
        "What happened to an organization."
        if member is None
        else {
            "CREATED": "It was listed.",
            "UPDATED": "Its listing (or a part of it) changed.",
            "ARCHIVED": "It was archived: drop it from local copies.",
        }[member.name]
    ),
)
