"""The viewer: who is calling and what they may do."""

from __future__ import annotations

import graphene

from auth.principal import Principal, PrincipalKind
from directory import models
from directory.webhooks.models import WebhookSubscription as WebhookSubscriptionRow
from schema.localize import context_of
from schema.organizations.types import Organization
from schema.viewer.enums import ViewerKind
from schema.webhooks.types import WebhookSubscription


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
    webhook_subscriptions = graphene.List(
        graphene.NonNull(WebhookSubscription),
        required=True,
        description="The calling OAuth client's own webhook subscriptions with their recent "
        "deliveries (empty for anonymous callers and users).",
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

    @staticmethod
    async def resolve_webhook_subscriptions(
        root: Principal, info: graphene.ResolveInfo
    ) -> list[WebhookSubscriptionRow]:
        if root.kind is not PrincipalKind.CLIENT or root.client_id is None:
            return []
        found: list[WebhookSubscriptionRow] = await context_of(
            info
        ).loaders.webhook_subscriptions.load(root.client_id)
        return found
