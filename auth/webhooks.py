"""What a webhook subscriber may be sent: its OAuth client's scopes as they are now."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth import scopes as S
from auth.models import OAuthClient
from auth.principal import Principal, PrincipalKind
from directory.visibility import Audience
from directory.webhooks.models import WebhookSubscription


async def subscriber_audience(
    session: AsyncSession, subscription: WebhookSubscription
) -> Audience | None:
    """The audience of the subscribing client now: the scopes its token had when it
    subscribed, narrowed to what the client is still allowed; None once it is revoked."""
    client = await session.scalar(
        select(OAuthClient).where(OAuthClient.client_id == subscription.client_id)
    )
    if client is None or client.revoked_at is not None:
        return None
    allowed = S.expand(client.scope.split())
    granted = S.expand(subscription.scope.split()) & allowed
    principal = Principal(
        kind=PrincipalKind.CLIENT,
        scopes=tuple(sorted(granted)),
        client_id=client.client_id,
        organization_id=client.organization_id,
    )
    return principal.audience()
