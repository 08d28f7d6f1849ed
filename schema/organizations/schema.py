"""Root fields of the organizations domain: organization, organizations."""

from __future__ import annotations

import uuid
from typing import Any

import graphene

from directory import models
from schema.connections import connection_type, page_args
from schema.errors import bad_input
from schema.ids import decode
from schema.localize import LANGUAGE_ARG, choose, context_of
from schema.organizations.filters import OrganizationFilter, OrganizationOrder, to_filter, to_order
from schema.organizations.prefetch import prefetch_organizations, selected
from schema.organizations.types import Organization
from schema.pagination import ConnectionValue, build, settle, window

OrganizationConnection = connection_type(
    Organization,
    "Organization",
    "A page of organizations.",
    edge_fields={
        "distance_km": graphene.Float(
            description="With `filter.near`: kilometres from the point to the organization's "
            "nearest location you may see."
        )
    },
)


class OrganizationQueries(graphene.ObjectType):
    organization = graphene.Field(
        Organization,
        id=graphene.ID(description="Its global ID."),
        slug=graphene.String(description="Its slug."),
        language=LANGUAGE_ARG,
        description="One organization by `id` or `slug` (give one); null if there is none you "
        "may see.",
    )
    organizations = graphene.Field(
        OrganizationConnection,
        required=True,
        filter=graphene.Argument(OrganizationFilter, description="Which organizations to list."),
        order_by=graphene.Argument(
            OrganizationOrder,
            description="Sort order; by default RELEVANCE with `search`, DISTANCE with `near`, "
            "else NAME.",
        ),
        language=LANGUAGE_ARG,
        description="Organizations listed in the directory, filtered and sorted.",
        **page_args(),
    )

    @staticmethod
    async def resolve_organization(
        root: None,
        info: graphene.ResolveInfo,
        id: str | None = None,
        slug: str | None = None,
        language: str | None = None,
    ) -> models.Organization | None:
        choose(info, language)
        if (id is None) == (slug is None):
            raise bad_input("give `id` or `slug`, not both and not neither")
        loaders = context_of(info).loaders
        if slug is not None:
            return await loaders.organization_by_slug.load(slug)
        found = decode(id or "")
        if found is None or found[0] != "Organization":
            return None
        return await loaders.organization.load(uuid.UUID(found[1]))

    @staticmethod
    async def resolve_organizations(
        root: None,
        info: graphene.ResolveInfo,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: Any = None,
        order_by: Any = None,
        language: str | None = None,
    ) -> ConnectionValue[models.Organization]:
        choose(info, language)
        context = context_of(info)
        wanted = to_filter(filter)
        order, descending = to_order(order_by, wanted)
        win = window("organizations", first, after, last, before)

        async def count() -> int:
            return await context.read(lambda reader: reader.organization_count(wanted))

        if win.from_end:
            win = settle(win, await count())
        page = await context.read(
            lambda reader: reader.organization_page(
                wanted,
                order=order,
                descending=descending,
                start=win.start,
                limit=win.limit,
                with_total="totalCount" in selected(info, info.field_nodes),
            )
        )
        loader = context.loaders.organization
        for item in page.items:
            loader.prime(item.organization.id, item.organization)
        await prefetch_organizations(info, [item.organization for item in page.items])
        distance = {item.organization.id: item.distance_km for item in page.items}
        return build(
            "organizations",
            [item.organization for item in page.items],
            win.start,
            page.has_next,
            page.total if page.total is not None else count,
            extra=lambda row: {"distance_km": distance.get(row.id)},
        )
