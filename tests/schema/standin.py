"""Test-only stand-ins for the read API's Organization/Service/Contact types, used only
while ``schema.organizations`` (the read API) is not importable, so the mutation layer can
be executed against a real database through graphene."""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

import graphene
from graphql_relay import to_global_id

from directory import enums
from schema.mutations import ListingMutations, refs


def _gid(kind: str) -> Any:
    return lambda row, info: to_global_id(kind, str(row.id))


class Organization(graphene.ObjectType):
    id = graphene.ID(resolver=_gid("Organization"))
    name = graphene.String()
    slug = graphene.String()
    description = graphene.String()
    website = graphene.String()
    version = graphene.Int()
    archived = graphene.Boolean()
    verification_status = graphene.String()
    verified_by = graphene.String()


class Service(graphene.ObjectType):
    id = graphene.ID(resolver=_gid("Service"))
    name = graphene.String()
    categories = graphene.List(graphene.String)


class Contact(graphene.ObjectType):
    id = graphene.ID(resolver=_gid("Contact"))
    name = graphene.String()
    title = graphene.String()
    visibility = graphene.String()


Visibility = graphene.Enum.from_enum(enums.Visibility)
PhoneType = graphene.Enum.from_enum(enums.PhoneType)


class Query(graphene.ObjectType):
    ping = graphene.String(resolver=lambda root, info: "pong")


def install() -> bool:
    """Register the stand-ins under the read API's module paths unless it exists."""
    try:
        importlib.import_module(refs.ORGANIZATION.rsplit(".", 1)[0])
        return False
    except ImportError:
        pass
    this = sys.modules[__name__]
    for path in (
        "schema.organizations",
        "schema.organizations.types",
        "schema.organizations.enums",
    ):
        module = types.ModuleType(path)
        module.__dict__.update(this.__dict__)
        sys.modules[path] = module
    return True


def build_schema() -> graphene.Schema:
    install()

    class Mutation(ListingMutations):
        pass

    return graphene.Schema(query=Query, mutation=Mutation)
