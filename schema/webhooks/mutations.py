"""createWebhookSubscription, deleteWebhookSubscription, redeliverWebhook.

Subscriptions belong to the calling OAuth client (a client-credentials token with
`directory:read` or more); a client never sees or changes another client's.
"""

from __future__ import annotations

import uuid
from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from auth import scopes as S
from auth.principal import Principal, PrincipalKind
from directory.access import WriteAccess
from directory.models import ChangeEvent
from directory.webhooks import subscriptions
from directory.webhooks.models import WebhookDelivery as DeliveryRow
from directory.webhooks.models import WebhookSubscription as SubscriptionRow
from schema.errors import forbidden, not_found
from schema.localize import context_of
from schema.mutations.base import UserError, decode_id, write
from schema.webhooks.types import WebhookDelivery, WebhookSubscription


def subscriber(info: graphene.ResolveInfo) -> Principal:
    """The calling client; FORBIDDEN for anonymous callers, users and tokens without read."""
    principal = context_of(info).principal
    if principal.kind is not PrincipalKind.CLIENT or principal.client_id is None:
        raise forbidden(
            [S.READ],
            "webhook subscriptions belong to OAuth clients: use a client-credentials token",
        )
    if not principal.has(S.READ):
        raise forbidden([S.READ])
    return principal


def allow_private(info: graphene.ResolveInfo) -> bool:
    request = context_of(info).request
    settings = getattr(request.app.state, "settings", None) if request is not None else None
    return bool(getattr(settings, "webhook_allow_private", False))


class CreateWebhookSubscriptionInput(graphene.InputObjectType):
    """Where to send events."""

    url = graphene.String(
        required=True,
        description="An `https://` URL on a public address (checked now and at every delivery).",
    )
    description = graphene.String(description="A note for yourself (at most 500 characters).")


class CreateWebhookSubscription(graphene.Mutation):
    """Receive a signed event (Standard Webhooks) for every change your token may see.
    The signing secret is in this payload only: store it now."""

    class Meta:
        name = "CreateWebhookSubscriptionPayload"

    class Arguments:
        input = CreateWebhookSubscriptionInput(required=True, description="The endpoint.")

    subscription = graphene.Field(WebhookSubscription, description="The new subscription.")
    secret = graphene.String(
        description="The `whsec_…` signing secret, shown this once; verify each delivery's "
        "`webhook-signature` with it."
    )
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was created."
    )

    @staticmethod
    async def mutate(
        root: Any, info: graphene.ResolveInfo, input: Any
    ) -> CreateWebhookSubscription:
        principal = subscriber(info)
        assert principal.client_id is not None
        client_id = principal.client_id
        private = allow_private(info)

        async def work(session: AsyncSession, access: WriteAccess) -> SubscriptionRow:
            return await subscriptions.create_subscription(
                session,
                client_id=client_id,
                scope=" ".join(principal.scopes),
                url=input["url"],
                description=input.get("description"),
                allow_private=private,
            )

        created, errors = await write(info, work)
        return CreateWebhookSubscription(
            subscription=created,
            secret=created.secret if created is not None else None,
            user_errors=errors,
        )


class DeleteWebhookSubscriptionInput(graphene.InputObjectType):
    """The subscription to delete."""

    id = graphene.ID(required=True, description="The subscription's global ID.")


class DeleteWebhookSubscription(graphene.Mutation):
    """Stop a subscription; its pending deliveries are dropped."""

    class Meta:
        name = "DeleteWebhookSubscriptionPayload"

    class Arguments:
        input = DeleteWebhookSubscriptionInput(required=True, description="Which one.")

    deleted_subscription_id = graphene.ID(description="The ID of the deleted subscription.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was deleted."
    )

    @staticmethod
    async def mutate(
        root: Any, info: graphene.ResolveInfo, input: Any
    ) -> DeleteWebhookSubscription:
        principal = subscriber(info)
        assert principal.client_id is not None
        client_id = principal.client_id
        subscription_id = decode_id(input["id"], "WebhookSubscription")

        async def work(session: AsyncSession, access: WriteAccess) -> bool:
            return await subscriptions.delete_subscription(session, client_id, subscription_id)

        deleted, errors = await write(info, work)
        if not errors and not deleted:
            raise not_found("webhookSubscription")
        return DeleteWebhookSubscription(
            deleted_subscription_id=None if errors else input["id"], user_errors=errors
        )


class RedeliverWebhookInput(graphene.InputObjectType):
    """The delivery to send again."""

    delivery_id = graphene.ID(required=True, description="The delivery's global ID.")


class RedeliverWebhook(graphene.Mutation):
    """Send a delivery again (same `webhook-id`), with a fresh 24 hours of retries."""

    class Meta:
        name = "RedeliverWebhookPayload"

    class Arguments:
        input = RedeliverWebhookInput(required=True, description="Which delivery.")

    delivery = graphene.Field(WebhookDelivery, description="The delivery, queued again.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was queued."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> RedeliverWebhook:
        principal = subscriber(info)
        assert principal.client_id is not None
        client_id = principal.client_id
        delivery_id: uuid.UUID = decode_id(input["delivery_id"], "WebhookDelivery")
        audience = context_of(info).audience

        async def work(
            session: AsyncSession, access: WriteAccess
        ) -> tuple[DeliveryRow, ChangeEvent] | None:
            return await subscriptions.redeliver(session, client_id, delivery_id, audience)

        found, errors = await write(info, work)
        if not errors and found is None:
            raise not_found("webhookDelivery")
        return RedeliverWebhook(delivery=found, user_errors=errors)


class WebhookMutations(graphene.ObjectType):
    """Push sync: signed webhooks on the changes your token may see."""

    create_webhook_subscription = CreateWebhookSubscription.Field()
    delete_webhook_subscription = DeleteWebhookSubscription.Field()
    redeliver_webhook = RedeliverWebhook.Field()
