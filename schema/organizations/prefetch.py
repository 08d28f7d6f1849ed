"""Load a page's related rows before graphql-core walks it.

Without this, each organization's ``services``, ``contacts``… resolves to an awaitable that
the dataloaders batch, and graphql-core pays a coroutine, a task and a gather for every one
of them (hundreds per page). The organizations root field instead looks at what the query
selects under ``nodes``/``edges.node``, loads those rows for the whole page through the same
per-request loaders (so one statement per kind of row, with the caller's audience, exactly
as the resolvers would), and the resolvers then find them loaded
(:meth:`schema.loaders.BatchLoader.get`) and answer plain values.

Directives are not evaluated: a field under ``@skip`` may be loaded for nothing, never the
other way round, and what the answer shows is still decided by the resolvers alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any

import graphene
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from directory import models
from schema.localize import context_of, language_of

Fields = dict[str, list[FieldNode]]

_BY_ORGANIZATION = {
    "services": "services",
    "languages": "services",
    "serviceAreas": "areas",
    "jurisdictions": "areas",
    "contacts": "contacts",
    "phones": "phones",
    "emails": "emails",
    "locations": "locations",
    "translations": "organization_translations",
}
"""Organization field → the loader (keyed by organization id) its resolver reads."""

_BY_CONTACT = {"phones": "contact_phones", "emails": "contact_emails"}
_LOCALIZED = {"name", "description"}


def selected(info: graphene.ResolveInfo, nodes: Iterable[FieldNode]) -> Fields:
    """The fields selected directly under ``nodes``, by field name (fragments followed)."""
    found: Fields = {}

    def walk(selection_set: Any) -> None:
        for selection in selection_set.selections if selection_set is not None else ():
            if isinstance(selection, FieldNode):
                found.setdefault(selection.name.value, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None:
                    walk(fragment.selection_set)

    for node in nodes:
        walk(node.selection_set)
    return found


def connection_nodes(info: graphene.ResolveInfo, connection: list[FieldNode]) -> Fields:
    """The fields selected on a connection's items (under ``nodes`` and ``edges.node``)."""
    parts = selected(info, connection)
    edges = selected(info, parts.get("edges", []))
    return selected(info, [*parts.get("nodes", []), *edges.get("node", [])])


async def prefetch_organizations(
    info: graphene.ResolveInfo, organizations: list[models.Organization]
) -> None:
    """Load what the query selects of these organizations, one statement per kind of row."""
    if not organizations:
        return
    fields = connection_nodes(info, list(info.field_nodes))
    service_fields = connection_nodes(info, fields.get("services", []))
    contact_fields = selected(info, fields.get("contacts", []))
    loaders = context_of(info).loaders
    localized = language_of(info) is not None
    wanted = {loader for name, loader in _BY_ORGANIZATION.items() if name in fields}
    if localized and _LOCALIZED & fields.keys():
        wanted.add("organization_translations")
    if {"serviceAreas", "jurisdictions"} & service_fields.keys():
        wanted.add("areas")
    ids = [row.id for row in organizations]
    await asyncio.gather(*(getattr(loaders, name).fill(ids) for name in wanted))

    nested: list[Awaitable[Any]] = []
    if "contacts" in fields:
        contacts = [c.id for found in await loaders.contacts.fill(ids) for c in found]
        nested.extend(
            getattr(loaders, loader).fill(contacts)
            for name, loader in _BY_CONTACT.items()
            if name in contact_fields and contacts
        )
    if "translations" in service_fields or (localized and _LOCALIZED & service_fields.keys()):
        services = [s.id for found in await loaders.services.fill(ids) for s in found]
        if services:
            nested.append(loaders.service_translations.fill(services))
    await asyncio.gather(*nested)
