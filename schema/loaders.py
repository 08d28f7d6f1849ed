"""The request's dataloaders: every type reaches the database through one of these.

Loaders are created once per request (:attr:`RequestContext.loaders`), batch every key asked
for in one event-loop tick into one statement, and cache rows for the rest of the request.
Each fetches through the request's :class:`~directory.reader.Reader` (the read boundary, which
applies the caller's audience); this module knows nothing of the request context, so it
imports no other part of ``schema``.

Resolvers read through :meth:`BatchLoader.get`: it answers rows already loaded (by an
earlier field or by ``schema.organizations.prefetch``) as plain values, because graphql-core
completes a plain value several times faster than an awaitable (each awaitable field costs
it a coroutine, a task and a gather).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from inspect import isawaitable
from typing import Any, Generic, TypeAlias, TypeVar, cast

from aiodataloader import DataLoader

from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.reader import Reader
from directory.webhooks.models import WebhookDelivery, WebhookSubscription

RECENT_DELIVERIES = 20
"""Deliveries listed per webhook subscription."""

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")

MaybeAwaitable: TypeAlias = V | Awaitable[V]
"""What a resolver may return: graphql-core awaits it only when it has to."""


def then(value: MaybeAwaitable[V], use: Callable[[V], R]) -> MaybeAwaitable[R]:
    """``use(value)``, now if ``value`` is plain, else once it is awaited."""
    if isawaitable(value):
        pending = value

        async def later() -> R:
            return use(await pending)

        return later()
    return use(cast(V, value))


Read: TypeAlias = Callable[[Callable[[Reader], Awaitable[Any]]], Awaitable[Any]]
"""Runs work with the request's reader, one at a time (``RequestContext.read``)."""
Fetch: TypeAlias = Callable[[Reader, list[K]], Awaitable[dict[K, V]]]


class BatchLoader(DataLoader, Generic[K, V]):  # type: ignore[misc]
    """A dataloader over a ``fetch(reader, keys) -> {key: value}`` batch function."""

    def __init__(
        self,
        read: Read,
        fetch: Fetch[K, V],
        default: Callable[[], Any] = lambda: None,
    ) -> None:
        super().__init__()
        self._read = read
        self._fetch = fetch
        self._default = default

    def get(self, key: K) -> MaybeAwaitable[V]:
        """The value if this request loaded it already, else an awaitable (batched as ``load``)."""
        future = self._cache.get(key)
        if future is not None and future.done():
            return future.result()  # type: ignore[no-any-return]
        return self.load(key)  # type: ignore[no-any-return]

    async def fill(self, keys: Sequence[K]) -> list[V]:
        """Load every key not loaded yet in one fetch, and answer the values of all.

        What ``load_many`` does, without a future, a queue entry and a gather per key:
        the prefetch of a page asks for hundreds of keys at once."""
        cache = self._cache
        missing = list(dict.fromkeys(k for k in keys if k not in cache))
        if missing:
            found: dict[K, V] = await self._read(lambda reader: self._fetch(reader, missing))
            for key in missing:
                if key not in cache:  # a concurrent load may have filled it meanwhile
                    self.prime(key, found[key] if key in found else self._default())
        values = []
        for key in keys:
            value = cache[key]
            values.append(value.result() if value.done() else await value)
        return values

    async def batch_load_fn(self, keys: Sequence[K]) -> list[Any]:
        wanted = list(dict.fromkeys(keys))
        found: dict[K, V] = await self._read(lambda reader: self._fetch(reader, wanted))
        return [found[key] if key in found else self._default() for key in keys]


class Loaders:
    """All loaders of one request (each made on first use)."""

    def __init__(self, read: Read) -> None:
        self._read = read

    def _loader(self, fetch: Fetch[Any, Any], many: bool) -> BatchLoader[Any, Any]:
        return BatchLoader(self._read, fetch, list if many else lambda: None)

    @cached_property
    def organization(self) -> BatchLoader[uuid.UUID, Organization | None]:
        return self._loader(Reader.organizations_by_id, False)

    @cached_property
    def organization_by_slug(self) -> BatchLoader[str, Organization | None]:
        return self._loader(Reader.organizations_by_slug, False)

    @cached_property
    def services(self) -> BatchLoader[uuid.UUID, list[Service]]:
        return self._loader(Reader.services_by_organization, True)

    @cached_property
    def service(self) -> BatchLoader[uuid.UUID, Service | None]:
        return self._loader(Reader.services_by_id, False)

    @cached_property
    def areas(self) -> BatchLoader[uuid.UUID, list[ServiceArea]]:
        return self._loader(Reader.service_areas_by_organization, True)

    @cached_property
    def contacts(self) -> BatchLoader[uuid.UUID, list[Contact]]:
        return self._loader(Reader.contacts_by_organization, True)

    @cached_property
    def contact(self) -> BatchLoader[uuid.UUID, Contact | None]:
        return self._loader(Reader.contacts_by_id, False)

    @cached_property
    def phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(Reader.phones_by_organization, True)

    @cached_property
    def contact_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(Reader.phones_by_contact, True)

    @cached_property
    def emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(Reader.emails_by_organization, True)

    @cached_property
    def contact_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(Reader.emails_by_contact, True)

    @cached_property
    def service_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(lambda reader, keys: reader.phones_by_owner("service_id", keys), True)

    @cached_property
    def service_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(lambda reader, keys: reader.emails_by_owner("service_id", keys), True)

    @cached_property
    def location_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(lambda reader, keys: reader.phones_by_owner("location_id", keys), True)

    @cached_property
    def location_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(lambda reader, keys: reader.emails_by_owner("location_id", keys), True)

    @cached_property
    def phone(self) -> BatchLoader[uuid.UUID, Phone | None]:
        return self._loader(Reader.phones_by_id, False)

    @cached_property
    def email(self) -> BatchLoader[uuid.UUID, Email | None]:
        return self._loader(Reader.emails_by_id, False)

    @cached_property
    def locations(self) -> BatchLoader[uuid.UUID, list[Location]]:
        return self._loader(Reader.locations_by_organization, True)

    @cached_property
    def location(self) -> BatchLoader[uuid.UUID, Location | None]:
        return self._loader(Reader.locations_by_id, False)

    @cached_property
    def organization_translations(self) -> BatchLoader[uuid.UUID, list[OrganizationTranslation]]:
        return self._loader(Reader.organization_translations, True)

    @cached_property
    def service_translations(self) -> BatchLoader[uuid.UUID, list[ServiceTranslation]]:
        return self._loader(Reader.service_translations, True)

    @cached_property
    def known_version(self) -> BatchLoader[Any, tuple[int, dt.datetime]]:
        """Keyed by the organization row itself (its version and times are needed)."""
        return self._loader(Reader.known_versions, False)

    @cached_property
    def verified_version(self) -> BatchLoader[uuid.UUID, int | None]:
        return self._loader(Reader.verified_versions, False)

    @cached_property
    def change(self) -> BatchLoader[int, ChangeEvent | None]:
        return self._loader(Reader.changes_by_id, False)

    @cached_property
    def webhook_subscriptions(self) -> BatchLoader[str, list[WebhookSubscription]]:
        return self._loader(Reader.webhook_subscriptions, True)

    @cached_property
    def webhook_deliveries(
        self,
    ) -> BatchLoader[uuid.UUID, list[tuple[WebhookDelivery, ChangeEvent]]]:
        return self._loader(
            lambda reader, keys: reader.recent_webhook_deliveries(keys, RECENT_DELIVERIES), True
        )
