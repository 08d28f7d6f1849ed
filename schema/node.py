"""The Relay ``node``/``nodes`` root fields: any object by its global ID, if you may see it."""

from __future__ import annotations

import uuid
from typing import Any

import graphene
from graphene import relay

from schema.errors import bad_input
from schema.ids import decode
from schema.localize import context_of
from schema.pagination import is_small_number

MAX_IDS = 100


async def load_node(info: graphene.ResolveInfo, global_id: str) -> Any:
    """The row behind a global ID, or None when there is none the caller may see.

    A service, contact or location is only found when its organization is visible too (the
    reader's by-id lookups see to it).
    """
    found = decode(global_id)
    if found is None:
        return None
    type_name, raw = found
    loaders = context_of(info).loaders
    if type_name == "Change":
        if not is_small_number(raw):
            raise bad_input("this is not the id of a change", argument="id")
        return await loaders.change.load(int(raw))
    try:
        key = uuid.UUID(raw)
    except ValueError:
        return None
    if type_name == "Organization":
        return await loaders.organization.load(key)
    child_loaders: dict[str, Any] = {
        "Service": loaders.service,
        "Contact": loaders.contact,
        "Location": loaders.location,
        "Phone": loaders.phone,
        "Email": loaders.email,
    }
    loader = child_loaders.get(type_name)
    if loader is None:
        return None
    return await loader.load(key)


class NodeQueries(graphene.ObjectType):
    node = graphene.Field(
        relay.Node,
        id=graphene.ID(required=True, description="A global ID."),
        description="Any object by its global ID; null if there is none you may see.",
    )
    nodes = graphene.List(
        relay.Node,
        required=True,
        ids=graphene.List(
            graphene.NonNull(graphene.ID),
            required=True,
            description=f"Global IDs (at most {MAX_IDS}).",
        ),
        description="Objects by global ID, in the same order; null for each one you may not see.",
    )

    @staticmethod
    async def resolve_node(root: None, info: graphene.ResolveInfo, id: str) -> Any:
        return await load_node(info, id)

    @staticmethod
    async def resolve_nodes(root: None, info: graphene.ResolveInfo, ids: list[str]) -> list[Any]:
        if len(ids) > MAX_IDS:
            raise bad_input(f"`ids` takes at most {MAX_IDS} IDs", argument="ids")
        import asyncio

        return list(await asyncio.gather(*(load_node(info, i) for i in ids)))
