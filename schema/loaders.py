"""The request's dataloaders: every type reaches the database through one of these.

Loaders are created once per request (:attr:`RequestContext.loaders`), batch every key asked
for in one event-loop tick into one statement, and cache rows for the rest of the request.

Resolvers read through :meth:`BatchLoader.get`: it answers rows already loaded (by an
earlier field or by ``schema.organizations.prefetch``) as plain values, because graphql-core
completes a plain value several times faster than an awaitable (each awaitable field costs
it a coroutine, a task and a gather).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from inspect import isawaitable
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar, cast

from aiodataloader import DataLoader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory import queries
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
from schema.organizations import dataloaders as org

if TYPE_CHECKING:
    from schema.context import RequestContext

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


class BatchLoader(DataLoader, Generic[K, V]):  # type: ignore[misc]
    """A dataloader over a ``fetch(session, keys) -> {key: value}`` batch function."""

    def __init__(
        self,
        context: RequestContext,
        fetch: Callable[[AsyncSession, list[K]], Awaitable[dict[K, V]]],
        default: Callable[[], Any] = lambda: None,
    ) -> None:
        super().__init__()
        self._context = context
        self._fetch = fetch
        self._default = default

    def get(self, key: K) -> MaybeAwaitable[V]:
        """The value if this request loaded it already, else an awaitable (batched as ``load``)."""
        future = self._cache.get(key)
        if future is not None and future.done():
            return future.result()  # type: ignore[no-any-return]
        return self.load(key)  # type: ignore[no-any-return]

    async def batch_load_fn(self, keys: Sequence[K]) -> list[Any]:
        wanted = list(dict.fromkeys(keys))
        found = await self._context.read(lambda session: self._fetch(session, wanted))
        return [found[key] if key in found else self._default() for key in keys]


async def _changes_by_id(session: AsyncSession, ids: list[int]) -> dict[int, ChangeEvent]:
    rows = await session.scalars(select(ChangeEvent).where(ChangeEvent.id.in_(ids)))
    return {row.id: row for row in rows}


class Loaders:
    """All loaders of one request (each made on first use)."""

    def __init__(self, context: RequestContext) -> None:
        self.context = context
        self.audience = context.audience

    def _loader(
        self, fetch: Callable[[AsyncSession, list[Any]], Awaitable[dict[Any, Any]]], many: bool
    ) -> BatchLoader[Any, Any]:
        return BatchLoader(self.context, fetch, list if many else lambda: None)

    @cached_property
    def organization(self) -> BatchLoader[uuid.UUID, Organization | None]:
        return self._loader(lambda s, k: queries.organizations_by_id(s, k, self.audience), False)

    @cached_property
    def organization_by_slug(self) -> BatchLoader[str, Organization | None]:
        return self._loader(lambda s, k: queries.organizations_by_slug(s, k, self.audience), False)

    @cached_property
    def services(self) -> BatchLoader[uuid.UUID, list[Service]]:
        return self._loader(queries.services_by_organization, True)

    @cached_property
    def service(self) -> BatchLoader[uuid.UUID, Service | None]:
        return self._loader(queries.services_by_id, False)

    @cached_property
    def areas(self) -> BatchLoader[uuid.UUID, list[ServiceArea]]:
        return self._loader(queries.service_areas_by_organization, True)

    @cached_property
    def contacts(self) -> BatchLoader[uuid.UUID, list[Contact]]:
        return self._loader(
            lambda s, k: queries.contacts_by_organization(s, k, self.audience), True
        )

    @cached_property
    def contact(self) -> BatchLoader[uuid.UUID, Contact | None]:
        return self._loader(lambda s, k: queries.contacts_by_id(s, k, self.audience), False)

    @cached_property
    def phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(lambda s, k: queries.phones_by_organization(s, k, self.audience), True)

    @cached_property
    def contact_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(lambda s, k: queries.phones_by_contact(s, k, self.audience), True)

    @cached_property
    def emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(lambda s, k: queries.emails_by_organization(s, k, self.audience), True)

    @cached_property
    def contact_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(lambda s, k: queries.emails_by_contact(s, k, self.audience), True)

    @cached_property
    def service_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(
            lambda s, k: queries.phones_by_owner(s, "service_id", k, self.audience), True
        )

    @cached_property
    def service_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(
            lambda s, k: queries.emails_by_owner(s, "service_id", k, self.audience), True
        )

    @cached_property
    def location_phones(self) -> BatchLoader[uuid.UUID, list[Phone]]:
        return self._loader(
            lambda s, k: queries.phones_by_owner(s, "location_id", k, self.audience), True
        )

    @cached_property
    def location_emails(self) -> BatchLoader[uuid.UUID, list[Email]]:
        return self._loader(
            lambda s, k: queries.emails_by_owner(s, "location_id", k, self.audience), True
        )

    @cached_property
    def phone(self) -> BatchLoader[uuid.UUID, Phone | None]:
        return self._loader(lambda s, k: queries.phones_by_id(s, k, self.audience), False)

    @cached_property
    def email(self) -> BatchLoader[uuid.UUID, Email | None]:
        return self._loader(lambda s, k: queries.emails_by_id(s, k, self.audience), False)

    @cached_property
    def locations(self) -> BatchLoader[uuid.UUID, list[Location]]:
        return self._loader(
            lambda s, k: queries.locations_by_organization(s, k, self.audience), True
        )

    @cached_property
    def location(self) -> BatchLoader[uuid.UUID, Location | None]:
        return self._loader(lambda s, k: org.locations_by_id(s, k, self.audience), False)

    @cached_property
    def organization_translations(self) -> BatchLoader[uuid.UUID, list[OrganizationTranslation]]:
        return self._loader(queries.organization_translations, True)

    @cached_property
    def service_translations(self) -> BatchLoader[uuid.UUID, list[ServiceTranslation]]:
        return self._loader(queries.service_translations, True)

    @cached_property
    def verified_version(self) -> BatchLoader[uuid.UUID, int | None]:
        return self._loader(org.verified_version_by_organization, False)

    @cached_property
    def change(self) -> BatchLoader[int, ChangeEvent | None]:
        return self._loader(_changes_by_id, False)
