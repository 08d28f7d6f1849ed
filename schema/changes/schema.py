"""Root field of the change feed: changes."""

from __future__ import annotations

import graphene

from directory import models
from schema.changes.resolvers import changes_after, count_changes
from schema.changes.types import Change
from schema.connections import connection_type, page_args
from schema.localize import context_of
from schema.pagination import (
    DEFAULT_PAGE,
    ConnectionValue,
    EdgeValue,
    PageInfoValue,
    check_size,
    decode_cursor,
    encode_cursor,
)

ChangeConnection = connection_type(Change, "Change", "A page of the change feed, oldest first.")


class ChangeQueries(graphene.ObjectType):
    changes = graphene.Field(
        ChangeConnection,
        required=True,
        description="The ordered change feed for sync: keep the last `endCursor` and ask "
        "again with `after` to get only newer events.",
        **page_args(backwards=False),
    )

    @staticmethod
    async def resolve_changes(
        root: None, info: graphene.ResolveInfo, first: int | None = None, after: str | None = None
    ) -> ConnectionValue[models.ChangeEvent]:
        check_size("first", first)
        size = first or DEFAULT_PAGE
        position = decode_cursor("changes", after, "after")
        context = context_of(info)
        audience = context.audience
        rows = await context.read(lambda s: changes_after(s, audience, position, size + 1))
        for row in rows:
            context.loaders.change.prime(row.id, row)
        edges = [EdgeValue(encode_cursor("changes", row.id), row) for row in rows[:size]]
        page_info = PageInfoValue(
            has_next_page=len(rows) > size,
            has_previous_page=position is not None and position > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else after,
        )

        async def total() -> int:
            return await context.read(lambda s: count_changes(s, audience))

        return ConnectionValue(edges, page_info, total)
