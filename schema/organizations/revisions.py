"""An organization's audit trail (``Organization.revisions``), for administrators and the
organization's own staff only: revisions hold every before/after value, confidential
ones included, so anyone else gets ``FORBIDDEN`` on the field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import graphene
from graphene import ResolveInfo as Info
from graphql.language import ast

from auth import scopes as S
from directory import models
from schema.connections import connection_type, page_args
from schema.errors import forbidden
from schema.ids import encode
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

CURSOR_KIND = "revisions"


class JSON(graphene.Scalar):
    """Any JSON value: a string, number, boolean, null, list or object."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: ast.ValueNode, _variables: Any = None) -> Any:
        from graphql import value_from_ast_untyped

        return value_from_ast_untyped(node, _variables)


class FieldChange(graphene.ObjectType):
    """One field changed by a revision."""

    field = graphene.String(required=True, description="The field's name, e.g. `description`.")
    before = graphene.Field(JSON, description="Its value before; null if it had none.")
    after = graphene.Field(JSON, description="Its value after; null if it was cleared or removed.")


class Revision(graphene.ObjectType):
    """One change to one part of a listing: who made it, when, and what it changed."""

    actor = graphene.String(
        required=True,
        description="Who made it: `user:<email>`, `client:<client id>` or `system:<what>`.",
    )
    at = graphene.DateTime(required=True, description="When it was written.")
    operation = graphene.String(
        required=True,
        description="What was done, e.g. `create`, `update`, `delete`, `archive`, `verify`.",
    )
    entity_type = graphene.String(
        required=True,
        description="What kind of part changed: `Organization`, `Service`, `Contact`, "
        "`Location`, `Phone`, `Email`, `ServiceArea`, …",
    )
    entity_id = graphene.ID(
        required=True,
        description="Global ID of the changed part (`node` finds Organization, Service, "
        "Contact and Location ones while they exist).",
    )
    changes = graphene.List(
        graphene.NonNull(FieldChange),
        required=True,
        description="Every field it changed, with the value before and after.",
    )
    organization_version = graphene.Int(
        required=True, description="The organization's `version` after this change."
    )

    @staticmethod
    def resolve_entity_id(root: models.Revision, info: Info) -> str:
        return encode(root.entity_type, root.entity_id)

    @staticmethod
    def resolve_at(root: models.Revision, info: Info) -> dt.datetime:
        return root.at

    @staticmethod
    def resolve_changes(root: models.Revision, info: Info) -> list[FieldChange]:
        return [
            FieldChange(field=name, before=value.get("before"), after=value.get("after"))
            for name, value in (root.changes or {}).items()
        ]


RevisionConnection = connection_type(
    Revision, "Revision", "A page of an organization's audit trail, newest first."
)


def revisions_field() -> graphene.Field:
    """``Organization.revisions`` (made where the type declares it, to keep field order)."""
    return graphene.Field(
        RevisionConnection,
        description="The audit trail, newest first: every change with its actor, time and "
        "before/after values. Only for `directory:admin` and the organization's own staff; "
        "anyone else gets a `FORBIDDEN` error on this field.",
        **page_args(backwards=False),
    )


def may_read_revisions(info: Info, organization_id: uuid.UUID) -> bool:
    return context_of(info).audience.may_read_audit_trail(organization_id)


async def resolve_revisions(
    root: models.Organization, info: Info, first: int | None = None, after: str | None = None
) -> ConnectionValue[models.Revision]:
    """A page of ``root``'s revisions, or FORBIDDEN for a caller who may not read them."""
    if not may_read_revisions(info, root.id):
        raise forbidden(
            [S.ADMIN], "only administrators and the organization's own staff read its revisions"
        )
    check_size("first", first)
    size = first or DEFAULT_PAGE
    before_id = decode_cursor(CURSOR_KIND, after, "after")
    page = await context_of(info).read(
        lambda reader: reader.revisions(root.id, first=size, after=before_id)
    )
    if page is None:  # the reader refuses as well, should the check above ever be skipped
        raise forbidden([S.ADMIN], "only administrators and the organization's own staff")
    edges = [EdgeValue(encode_cursor(CURSOR_KIND, row.id), row) for row in page.revisions]
    return ConnectionValue(
        edges,
        PageInfoValue(
            has_next_page=page.has_next_page,
            has_previous_page=before_id is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        page.total_count,
    )
