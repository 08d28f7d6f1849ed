"""What every mutation shares: user errors, one write transaction, the declarative base.

Authorization is not decided here: the caller's :class:`~directory.access.WriteAccess`
goes down to the domain write function, which decides inside the write transaction on the
locked organization row. This module only maps the domain's refusals
(``directory.errors``) to the contract: ``Forbidden`` → top-level ``FORBIDDEN`` with
``requiredScopes``, ``NotFound`` → ``NOT_FOUND``, ``InvalidInput`` (and its ``CONFLICT`` and
``DUPLICATE_SUSPECTED`` kinds) → ``userErrors``.
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import graphene
from graphql_relay import from_global_id, to_global_id
from sqlalchemy.ext.asyncio import AsyncSession

from auth.principal import Principal
from directory.access import WriteAccess
from directory.errors import Forbidden, InvalidInput, NotFound, Problem
from directory.listings.contact_points import OwnerKind
from directory.listings.specs import SpecBase
from directory.messages import say
from directory.models import Organization
from schema import errors
from schema.localize import context_of, language_of
from schema.mutations import refs

T = TypeVar("T")
S = TypeVar("S", bound=SpecBase)


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


MutationInput = Mapping[str, Any]
"""A mutation's ``input`` argument as graphene passes it: only the fields the caller sent,
by their snake-case names."""


def camel(name: str) -> str:
    """The GraphQL name of a spec field (``trafficking_types`` → ``traffickingTypes``):
    the one field-name mapping, the same graphene applies to input fields."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def spec_of(kind: type[S], input: MutationInput) -> S:
    """The typed spec of a mutation's input (the one conversion of GraphQL input): every
    field of ``kind`` the caller sent, under the same name (graphene gives input fields by
    their snake-case names, the spec's field names); left-out fields stay ``UNSET``,
    explicit nulls are None, enum members become their values, lists of input objects
    become specs and global IDs (``global_id`` fields) UUIDs."""
    return kind(**{f.name: _spec_value(f, input[f.name]) for f in kind.fields() if f.name in input})


def _spec_value(f: dataclasses.Field[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = f.metadata.get("items")
    if kind is not None:
        return tuple(spec_of(kind, item) for item in value)
    type_name = f.metadata.get("global_id")
    if type_name is not None:
        return decode_id(value, type_name)
    return plain(value)


OWNER_TYPES: dict[str, OwnerKind] = {
    "Organization": "organization",
    "Service": "service",
    "Contact": "contact",
    "Location": "location",
}


def decode_owner(value: str) -> tuple[OwnerKind, uuid.UUID]:
    """``(kind, id)`` of an ``ownerId``: an organization, service, contact or location."""
    try:
        resolved = from_global_id(value)
        return OWNER_TYPES[resolved.type], uuid.UUID(resolved.id)
    except (KeyError, ValueError, TypeError) as exc:
        raise errors.not_found("owner") from exc


def user_errors(problems: Iterable[Problem], language: str | None = None) -> list[UserError]:
    """The problems as ``userErrors``, their messages in ``language`` where catalogued."""
    return [
        UserError(
            field=[camel(part) for part in problem.field],
            message=say(problem.message_id, language, **dict(problem.params))
            if problem.message_id
            else problem.message,
            code=problem.code,
        )
        for problem in problems
    ]


def principal_of(info: graphene.ResolveInfo) -> Principal:
    """Who is calling (``info.context.principal``; anonymous without a token)."""
    return context_of(info).principal


def decode_id(value: str, type_name: str) -> uuid.UUID:
    """The UUID inside a global ID of ``type_name``; NOT_FOUND for anything else."""
    try:
        resolved = from_global_id(value)
        if resolved.type != type_name:
            raise ValueError(type_name)
        return uuid.UUID(resolved.id)
    except (ValueError, TypeError) as exc:
        raise errors.not_found(type_name[:1].lower() + type_name[1:]) from exc


def require_scope(principal: Principal, scope: str) -> None:
    if not principal.has(scope):
        raise errors.forbidden([scope])


async def write(
    info: graphene.ResolveInfo, work: Callable[[AsyncSession, WriteAccess], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """Run ``work`` in one write transaction with the caller's write access: ``(result,
    [])``, or ``(None, errors)`` with nothing written when the input was refused; a refused
    caller or an item it may not see raises FORBIDDEN or NOT_FOUND (nothing written)."""
    context = context_of(info)
    access = context.write_access
    try:
        async with context.db.write() as session:
            done = await work(session, access)
    except InvalidInput as refused:
        return None, user_errors(refused.problems, language_of(info))
    except (NotFound, Forbidden) as refused:
        raise errors.from_domain(refused) from None
    # the payload (and any later mutation of the same document) reads what was written
    context.forget_loaded()
    await context.fresh_reads()
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


def user_errors_field(what: str = "written") -> graphene.List:
    return graphene.List(
        graphene.NonNull(UserError), required=True, description=f"Why nothing was {what}."
    )


class ListingMutation(graphene.Mutation):
    """The declarative base of listing mutations (in the spirit of Saleor's model
    mutations): a subclass declares its payload ``Meta.name``, ``Arguments`` with one
    ``input``, the payload field of its item (``item``, or ``deleted`` for the type whose
    deleted ID it returns) and :meth:`perform`, the one call of the domain function.
    The base runs it in one write transaction with the caller's write access and fills
    the payload: the item, its organization and the user errors."""

    class Meta:
        abstract = True

    item: ClassVar[str | None] = None
    """The payload field that returns the written row."""
    deleted: ClassVar[str | None] = None
    """For deletes: the GraphQL type whose global ID ``deleted<Type>Id`` returns."""
    required_scope: ClassVar[str | None] = None
    """A scope checked before anything runs (for administrators' mutations)."""

    @classmethod
    async def perform(cls, session: AsyncSession, access: WriteAccess, input: MutationInput) -> Any:
        """Call the domain write function; returns the row it wrote."""
        raise NotImplementedError

    @classmethod
    async def mutate(cls, root: Any, info: graphene.ResolveInfo, input: Any) -> Any:
        if cls.required_scope is not None:
            require_scope(principal_of(info), cls.required_scope)

        async def work(session: AsyncSession, access: WriteAccess) -> tuple[Any, Organization]:
            row = await cls.perform(session, access, input)
            if isinstance(row, Organization):
                return row, row
            return row, await session.get_one(Organization, row.organization_id)

        result, problems = await write(info, work)
        row, organization = result or (None, None)
        values: dict[str, Any] = {"user_errors": problems}
        if "organization" in cls._meta.fields:
            values["organization"] = organization
        if cls.item is not None:
            values[cls.item] = row
        if cls.deleted is not None:
            name = f"deleted_{camel_to_snake(cls.deleted)}_id"
            values[name] = None if row is None else to_global_id(cls.deleted, str(row.id))
        return cls(**values)


def camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def organization_field(description: str = "Its organization, new version.") -> graphene.Field:
    return graphene.Field(refs.ORGANIZATION, description=description)
