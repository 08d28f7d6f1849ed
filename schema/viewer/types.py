"""The viewer: who is calling and what they may do."""

from __future__ import annotations

import graphene

from auth.principal import Principal
from directory import models
from schema.localize import context_of
from schema.organizations.types import Organization
from schema.viewer.enums import ViewerKind


class Viewer(graphene.ObjectType):
    """The caller of this request."""

    kind = graphene.Field(ViewerKind, required=True, description="Anonymous, a client or a user.")
    client_id = graphene.String(description="The OAuth client the token was issued to.")
    scopes = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Scopes the token grants, as given (empty when anonymous).",
    )
    organization = graphene.Field(
        Organization, description="The organization the caller is bound to, if any."
    )

    @staticmethod
    def resolve_kind(root: Principal, info: graphene.ResolveInfo) -> str:
        return root.kind.value

    @staticmethod
    def resolve_scopes(root: Principal, info: graphene.ResolveInfo) -> list[str]:
        return list(root.scopes)

    @staticmethod
    async def resolve_organization(
        root: Principal, info: graphene.ResolveInfo
    ) -> models.Organization | None:
        if root.organization_id is None:
            return None
        return await context_of(info).loaders.organization.load(root.organization_id)
