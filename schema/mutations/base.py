"""What every mutation shares: user errors, the authorization rule, one write transaction."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar

import graphene
from graphql import GraphQLError
from graphql_relay import from_global_id
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from auth import scopes as S
from auth.principal import Principal
from directory.audit import Actor
from directory.db import Database
from directory.listings.versioning import NotFound
from directory.validation import InvalidInput, Problem
from schema.localize import context_of

T = TypeVar("T")


class UserError(graphene.ObjectType):
    """A refused input value, a stale `expectedVersion` or a suspected duplicate. When a
    payload has user errors, nothing was written."""

    field = graphene.List(
        graphene.NonNull(graphene.String),
        description='Path of the input field, e.g. `["phones", "0", "number"]`; '
        "empty when the error is about the whole input.",
    )
    message = graphene.String(required=True, description="What is wrong, for people.")
    code = graphene.String(
        required=True, description="`INVALID`, `CONFLICT` or `DUPLICATE_SUSPECTED`."
    )


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


FIELD_NAMES = {"service_areas": "serviceAreas", "areas": "areas", "24_7": "open24x7"}


def user_errors(problems: Iterable[Problem]) -> list[UserError]:
    return [
        UserError(
            field=[FIELD_NAMES.get(part, camel(part)) for part in problem.field],
            message=problem.message,
            code=problem.code,
        )
        for problem in problems
    ]


def forbidden(
    required: list[str], message: str = "you may not change this listing"
) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN", "requiredScopes": required})


def not_found(what: str) -> GraphQLError:
    return GraphQLError(f"no such {what}", extensions={"code": "NOT_FOUND"})


def principal_of(info: graphene.ResolveInfo) -> Principal:
    """Who is calling (``info.context.principal``; anonymous without a token)."""
    return context_of(info).principal


def database_of(info: graphene.ResolveInfo) -> Database:
    """The request's database (``info.context.db``); mutations write to its primary."""
    return context_of(info).db


def decode_id(value: str, type_name: str) -> uuid.UUID:
    """The UUID inside a global ID of ``type_name``; NOT_FOUND for anything else."""
    try:
        resolved = from_global_id(value)
        if resolved.type != type_name:
            raise ValueError(type_name)
        return uuid.UUID(resolved.id)
    except (ValueError, TypeError) as exc:
        raise not_found(type_name[:1].lower() + type_name[1:]) from exc


def require_write(principal: Principal, organization_id: uuid.UUID) -> None:
    """``directory:write`` on any organization, ``listings:write`` on its own only."""
    if principal.may_write(organization_id):
        return
    if principal.has(S.LISTINGS_WRITE):
        raise forbidden([S.WRITE], "your token may only change its own organization's listing")
    raise forbidden([S.LISTINGS_WRITE, S.WRITE])


def require_scope(principal: Principal, scope: str) -> None:
    if not principal.has(scope):
        raise forbidden([scope])


async def write(
    info: graphene.ResolveInfo, work: Callable[[AsyncSession, Actor], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """Run ``work`` in one write transaction: ``(result, [])``, or ``(None, errors)`` with
    nothing written when the input was refused."""
    context = context_of(info)
    try:
        async with context.db.write() as session:
            done = await work(session, context.principal.actor())
    except InvalidInput as refused:
        return None, user_errors(refused.problems)
    except NotFound as missing:
        raise not_found(missing.what) from None
    # the payload (and any later mutation of the same document) reads what was written
    context.forget_loaded()
    await context.close()
    return done, []


def plain(value: Any) -> Any:
    """Graphene input values as plain Python (enum members become their values)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def spec_of(input: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The domain spec of the given input fields (only those the caller sent):
    ``names`` maps input field names to spec keys."""
    return {names[k]: plain(v) for k, v in input.items() if k in names}


async def writable_part(
    info: graphene.ResolveInfo, global_id: str, model: Any
) -> tuple[uuid.UUID, uuid.UUID]:
    """The ids of the service or contact ``global_id`` names and of its organization, once
    the caller may change that organization. A part the caller may not even see (a
    confidential contact of another organization) is NOT_FOUND, so its existence does not
    leak through the error."""
    type_name: str = model.__name__
    what = type_name.lower()
    id = decode_id(global_id, type_name)
    principal = principal_of(info)
    async with database_of(info).session() as session:
        row = (await session.execute(select(model).where(model.id == id))).scalar_one_or_none()
    if row is None:
        raise not_found(what)
    visibility = getattr(row, "visibility", None)
    if visibility is not None and not principal.audience().can_see(visibility, row.organization_id):
        raise not_found(what)
    organization_id = uuid.UUID(str(row.organization_id))
    require_write(principal, organization_id)
    return id, organization_id
