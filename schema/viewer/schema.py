"""Root field of the viewer."""

from __future__ import annotations

import graphene

from auth.principal import Principal
from schema.localize import context_of
from schema.viewer.types import Viewer


class ViewerQueries(graphene.ObjectType):
    viewer = graphene.Field(
        Viewer, required=True, description="Who is calling: kind, client, scopes, organization."
    )

    @staticmethod
    def resolve_viewer(root: None, info: graphene.ResolveInfo) -> Principal:
        return context_of(info).principal
