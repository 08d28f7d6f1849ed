"""Webhook subscriptions and their deliveries, as their owning client reads them."""

from __future__ import annotations

import graphene

from directory.models import ChangeEvent
from directory.webhooks.models import WebhookDelivery as DeliveryRow
from directory.webhooks.models import WebhookSubscription as SubscriptionRow
from directory.webhooks.worker import message_id
from schema.changes.enums import ChangeKind
from schema.ids import encode
from schema.loaders import RECENT_DELIVERIES
from schema.localize import context_of

DeliveryStatus = graphene.Enum(
    "WebhookDeliveryStatus",
    [("PENDING", "PENDING"), ("DELIVERED", "DELIVERED"), ("FAILED", "FAILED")],
    description=lambda member: (
        "Where a webhook delivery stands."
        if member is None
        else {
            "PENDING": "Waiting for its next attempt (or being sent).",
            "DELIVERED": "Your endpoint answered 2xx.",
            "FAILED": "Retried for 24 hours without success, or the subscription was "
            "disabled; `redeliverWebhook` queues it again.",
        }[member.name]
    ),
)


class WebhookDelivery(graphene.ObjectType):
    """One change-feed event sent (or to be sent) to one subscription."""

    id = graphene.ID(required=True, description="Global ID; give it to `redeliverWebhook`.")
    webhook_id = graphene.String(
        required=True,
        description="The `webhook-id` header: the same on every attempt, to drop duplicates.",
    )
    change_id = graphene.ID(required=True, description="Global ID of the `Change` it carries.")
    organization_id = graphene.ID(
        required=True, description="Global ID of the organization that changed."
    )
    kind = graphene.Field(ChangeKind, required=True, description="What happened.")
    status = graphene.Field(DeliveryStatus, required=True, description="Where it stands.")
    attempt_count = graphene.Int(required=True, description="Attempts made so far.")
    last_status_code = graphene.Int(
        description="HTTP status of the last answer; null if none came (timeout, refused)."
    )
    last_error = graphene.String(description="Why the last attempt failed, if it did.")
    next_attempt_at = graphene.DateTime(description="When it is tried next (PENDING only).")
    created_at = graphene.DateTime(required=True, description="When the change happened.")
    delivered_at = graphene.DateTime(description="When your endpoint accepted it.")

    @staticmethod
    def resolve_id(root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo) -> str:
        return encode("WebhookDelivery", root[0].id)

    @staticmethod
    def resolve_webhook_id(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> str:
        return message_id(root[0].id)

    @staticmethod
    def resolve_change_id(root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo) -> str:
        return encode("Change", root[1].id)

    @staticmethod
    def resolve_organization_id(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> str:
        return encode("Organization", root[1].organization_id)

    @staticmethod
    def resolve_kind(root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo) -> str:
        return root[1].kind

    @staticmethod
    def resolve_status(root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo) -> str:
        return root[0].status

    @staticmethod
    def resolve_attempt_count(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> int:
        return root[0].attempts

    @staticmethod
    def resolve_last_status_code(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> int | None:
        return root[0].last_status_code

    @staticmethod
    def resolve_last_error(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> str | None:
        return root[0].last_error

    @staticmethod
    def resolve_next_attempt_at(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> object:
        return root[0].next_attempt_at if root[0].status == "PENDING" else None

    @staticmethod
    def resolve_created_at(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> object:
        return root[0].created_at

    @staticmethod
    def resolve_delivered_at(
        root: tuple[DeliveryRow, ChangeEvent], info: graphene.ResolveInfo
    ) -> object:
        return root[0].delivered_at


class WebhookSubscription(graphene.ObjectType):
    """An endpoint of yours that receives a signed event for each change you may see."""

    id = graphene.ID(
        required=True, description="Global ID; give it to `deleteWebhookSubscription`."
    )
    url = graphene.String(required=True, description="Where events are POSTed.")
    description = graphene.String(description="Your note about it.")
    created_at = graphene.DateTime(required=True, description="When you subscribed.")
    enabled = graphene.Boolean(required=True, description="False once it was disabled.")
    disabled_at = graphene.DateTime(description="When it was disabled, if it was.")
    disabled_reason = graphene.String(
        description="Why it was disabled: every delivery failed for 3 days, or the client "
        "was revoked. Subscribe again to resume."
    )
    failing_since = graphene.DateTime(
        description="Start of the current run of failed attempts; null after a success."
    )
    deliveries = graphene.List(
        graphene.NonNull(WebhookDelivery),
        required=True,
        description=f"The {RECENT_DELIVERIES} newest deliveries, newest first.",
    )

    @staticmethod
    def resolve_id(root: SubscriptionRow, info: graphene.ResolveInfo) -> str:
        return encode("WebhookSubscription", root.id)

    @staticmethod
    def resolve_enabled(root: SubscriptionRow, info: graphene.ResolveInfo) -> bool:
        return root.disabled_at is None

    @staticmethod
    async def resolve_deliveries(
        root: SubscriptionRow, info: graphene.ResolveInfo
    ) -> list[tuple[DeliveryRow, ChangeEvent]]:
        result: list[tuple[DeliveryRow, ChangeEvent]] = await context_of(
            info
        ).loaders.webhook_deliveries.load(root.id)
        return result
