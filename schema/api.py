"""The composition of the GraphQL schema: root ``Query`` and ``Mutation`` types.

Each domain package (``schema/<domain>/schema.py``) holds a ``graphene.ObjectType`` with
that domain's root fields; :data:`QUERIES` lists them and the root ``Query`` inherits them
all. Mutations plug in the same way: add the domain's mutation ``ObjectType`` (whose fields
are ``SomeMutation.Field()``) to :data:`MUTATIONS`, and the root ``Mutation`` type inherits
it. Resolvers get a :class:`schema.context.RequestContext` as ``info.context``
(``.principal``, ``.audience``, ``.db``, ``.language``, ``.loaders``).

``make schema`` writes :func:`sdl` to ``schema/schema.graphql``; a test keeps them equal.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import graphene

from schema.changes.schema import ChangeQueries
from schema.mutations import ListingMutations
from schema.node import NodeQueries
from schema.organizations.schema import OrganizationQueries
from schema.viewer.schema import ViewerQueries
from schema.vocabularies.schema import VocabularyQueries
from schema.webhooks.mutations import WebhookMutations

QUERIES: list[type[graphene.ObjectType]] = [
    NodeQueries,
    ViewerQueries,
    OrganizationQueries,
    VocabularyQueries,
    ChangeQueries,
]
"""Every domain's root query fields, in the order they appear in the schema."""

MUTATIONS: list[type[graphene.ObjectType]] = [ListingMutations, WebhookMutations]
"""Every domain's root mutation fields; empty means the schema has no ``Mutation`` type."""

SDL_PATH = Path(__file__).with_name("schema.graphql")


@cache
def build_schema() -> graphene.Schema:
    """The served schema (built once per process)."""
    query = type("Query", tuple(QUERIES), {"__doc__": "Reading the directory."})
    mutation = (
        type("Mutation", tuple(MUTATIONS), {"__doc__": "Changing the directory's listings."})
        if MUTATIONS
        else None
    )
    from schema.types import EXTRA_TYPES

    return graphene.Schema(query=query, mutation=mutation, types=EXTRA_TYPES)


def sdl() -> str:
    """The schema in SDL, as committed in ``schema/schema.graphql``."""
    return str(build_schema()).rstrip() + "\n"


def write_sdl(path: Path = SDL_PATH) -> None:
    path.write_text(sdl(), encoding="utf-8")


if __name__ == "__main__":
    write_sdl()
    print(f"wrote {SDL_PATH}")
