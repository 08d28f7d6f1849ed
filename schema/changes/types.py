"""The change feed's event type."""

from __future__ import annotations

import graphene
from graphene import relay

from directory import models
from directory.records import is_row_of
from schema.changes.enums import ChangeKind
from schema.ids import encode
from schema.localize import context_of
from schema.organizations.types import Organization


class Change(graphene.ObjectType):
    """One event of the change feed. Read the feed in order and fetch each changed
    organization to keep a local copy in step."""

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return is_row_of(root, models.ChangeEvent)

    kind = graphene.Field(ChangeKind, required=True, description="What happened.")
    organization_id = graphene.ID(
        required=True, description="Global ID of the organization it happened to."
    )
    version = graphene.Int(required=True, description="The organization's version after it.")
    at = graphene.DateTime(required=True, description="When it happened.")
    position = graphene.Int(
        required=True, description="Position in the feed (increases in commit order)."
    )
    organization = graphene.Field(
        Organization,
        description="The organization as it is now; null if you may not see it (archived).",
    )

    @staticmethod
    def resolve_organization_id(root: models.ChangeEvent, info: graphene.ResolveInfo) -> str:
        return encode("Organization", root.organization_id)

    @staticmethod
    def resolve_position(root: models.ChangeEvent, info: graphene.ResolveInfo) -> int:
        return root.id

    @staticmethod
    async def resolve_organization(
        root: models.ChangeEvent, info: graphene.ResolveInfo
    ) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)
