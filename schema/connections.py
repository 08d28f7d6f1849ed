"""Graphene connection types (``edges``, ``nodes``, ``pageInfo``, ``totalCount``)."""

from __future__ import annotations

from typing import Any

import graphene

from schema.pagination import ConnectionValue


class PageInfo(graphene.ObjectType):
    """Where a page sits in the whole list (Relay cursor connections)."""

    has_next_page = graphene.Boolean(
        required=True, description="Whether more items follow this page."
    )
    has_previous_page = graphene.Boolean(
        required=True, description="Whether items come before this page."
    )
    start_cursor = graphene.String(description="Cursor of the first item of the page.")
    end_cursor = graphene.String(description="Cursor of the last item of the page.")


def connection_type(
    node: Any,
    name: str,
    description: str,
    edge_fields: dict[str, Any] | None = None,
    total: bool = True,
) -> type[graphene.ObjectType]:
    """A ``<name>Connection`` type (and its ``<name>Edge``) over ``node``."""
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {
            "__doc__": f"One item of a {name} list, with its cursor.",
            "cursor": graphene.String(
                required=True, description="Pass it as `after` or `before` to page from here."
            ),
            "node": graphene.Field(node, required=True, description="The item."),
            **(edge_fields or {}),
        },
    )
    attrs: dict[str, Any] = {
        "__doc__": description,
        "edges": graphene.List(
            graphene.NonNull(edge), required=True, description="The page's items with cursors."
        ),
        "nodes": graphene.List(
            graphene.NonNull(node), required=True, description="The page's items."
        ),
        "page_info": graphene.Field(
            PageInfo, required=True, description="Cursors and whether more pages exist."
        ),
    }
    if total:
        attrs["total_count"] = graphene.Int(
            required=True, description="How many items the whole list holds."
        )

        async def resolve_total_count(root: ConnectionValue[Any], info: Any) -> int:
            return await root.total_count()

        attrs["resolve_total_count"] = staticmethod(resolve_total_count)
    return type(f"{name}Connection", (graphene.ObjectType,), attrs)


def page_args(backwards: bool = True) -> dict[str, Any]:
    """The connection arguments ``first``/``after`` (and ``last``/``before``)."""
    args: dict[str, Any] = {
        "first": graphene.Int(description="How many items from the start (1 to 100, default 20)."),
        "after": graphene.String(description="Start after the item with this cursor."),
    }
    if backwards:
        args["last"] = graphene.Int(description="How many items from the end (1 to 100).")
        args["before"] = graphene.String(description="End before the item with this cursor.")
    return args
