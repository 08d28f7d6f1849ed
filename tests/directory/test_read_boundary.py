"""The read boundary holds: no code outside ``directory/reader.py`` (and the write path,
which reads what it is about to change inside its transaction) selects a model that carries
a visibility, so a resolver written the obvious way cannot leak a CONFIDENTIAL item."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from directory.db import Database
from directory.enums import Visibility
from directory.listings.organizations import archive_organization
from directory.models import Contact, Email, Location, Phone, Service
from directory.reader import Reader
from directory.visibility import Audience
from tests.listings.helpers import ACTOR, make

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("directory", "schema", "auth", "server")
GUARDED = {model.__name__ for model in (Contact, Email, Location, Phone, Service)}
"""Models with a visibility, and services (whose by-id lookups must skip archived listings)."""
READ_CALLS = {"select", "get", "get_one", "scalar", "scalars"}
ALLOWED = {
    "directory/reader.py": "the read boundary itself",
    "directory/listings/": "the write path: reads the rows it changes, in its transaction",
    "directory/hsds/importer.py": "the HSDS import: a write path",
    "directory/hsds/replace.py": "the HSDS import: a write path",
    "directory/demo/": "demo data generation (writes only)",
    "directory/migrations/": "schema migrations",
}


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def violations(source: str) -> list[tuple[int, str]]:
    """(line, model) of every read call in ``source`` that names a guarded model."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called_name(node) in READ_CALLS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                for name in sorted(_names_in(argument) & GUARDED):
                    found.append((node.lineno, name))
    return found


def test_no_visibility_model_is_read_outside_the_boundary() -> None:
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if any(relative.startswith(prefix) for prefix in ALLOWED):
                continue
            for line, model in violations(path.read_text(encoding="utf-8")):
                offenders.append(f"{relative}:{line} reads {model}")
    assert offenders == [], "read these through directory.reader.Reader:\n" + "\n".join(offenders)


def test_the_scan_catches_a_resolver_written_the_obvious_way() -> None:
    leaky = (
        "async def resolve_contacts(root, info):\n"
        "    session = info.context.session\n"
        "    return await session.scalars(select(Contact).where(Contact.service_id == root.id))\n"
    )
    assert (3, "Contact") in violations(leaky)
    assert violations("rows = await session.get(Phone, key)\n") == [(1, "Phone")]


def test_a_reader_refuses_to_exist_without_an_audience() -> None:
    with pytest.raises(TypeError, match="Audience"):
        Reader(object(), None)  # type: ignore[arg-type]
    assert Reader(object(), Audience.public()).audience == Audience.public()  # type: ignore[arg-type]


async def test_by_id_lookups_leave_out_parts_of_archived_listings(db: Database) -> None:
    """``node(id:)`` of a service, contact or location of an archived listing found nothing
    only because ``schema/node.py`` checked the organization again; the reader now does."""
    org_id = await make(
        db,
        locations=[{"name": "Oficina", "country": "MX", "visibility": "PUBLIC"}],
    )
    async with db.write() as session:
        await archive_organization(session, ACTOR, org_id, expected_version=1)
    async with db.session() as session:
        services = await session.scalars(
            select(Service.id).where(Service.organization_id == org_id)
        )
        contacts = await session.scalars(
            select(Contact.id).where(Contact.organization_id == org_id)
        )
        places = await session.scalars(
            select(Location.id).where(Location.organization_id == org_id)
        )
        ids = {"service": list(services), "contact": list(contacts), "location": list(places)}
        assert all(len(found) == 1 for found in ids.values()), ids

        def lookups(reader: Reader) -> list[Any]:
            return [
                reader.services_by_id(ids["service"]),
                reader.contacts_by_id(ids["contact"]),
                reader.locations_by_id(ids["location"]),
            ]

        for audience in (Audience.public(), Audience.partners(), Audience(frozenset(Visibility))):
            found = [await lookup for lookup in lookups(Reader(session, audience))]
            assert found == [{}, {}, {}], audience
        for audience in (Audience.everything(), Audience.partners(own=org_id)):
            found = [await lookup for lookup in lookups(Reader(session, audience))]
            assert [len(rows) for rows in found] == [1, 1, 1], audience


async def test_the_audit_trail_is_read_only_by_administrators_and_own_staff(db: Database) -> None:
    org_id = await make(db)
    async with db.session() as session:
        for outsider in (Audience.public(), Audience.partners(), Audience(frozenset(Visibility))):
            assert await Reader(session, outsider).revisions(org_id, first=5, after=None) is None
        own = await Reader(session, Audience.partners(own=org_id)).revisions(
            org_id, first=5, after=None
        )
        admin = await Reader(session, Audience.everything()).revisions(org_id, first=5, after=None)
    assert own is not None and admin is not None
    assert own.total_count == admin.total_count > 0
