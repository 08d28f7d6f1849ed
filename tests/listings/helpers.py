"""Listings built through the same write functions the service uses."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.organizations import create_listing
from directory.listings.specs import OrganizationSpec
from directory.models import Organization

ACTOR = WriteAccess.system(Actor("user:staff@example.org"))
"""A trusted writer (every listing, every item), as system jobs write."""
SYSTEM = WriteAccess.system(Actor.system("test"))


def listing(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "slug": "consejo-example",
        "name": "Consejo Ejemplo de México",
        "country": "MX",
        "language": "es",
        "service_areas": [{"code": "MX-CMX"}],
        "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
        "contacts": [{"name": "Mesa", "phones": [{"number": "800 55 33 000", "hotline": True}]}],
    }
    base.update(overrides)
    return base


def confidential_contact(phone_visibility: str = "CONFIDENTIAL") -> dict[str, Any]:
    """A CONFIDENTIAL intake contact with one phone (itself ``phone_visibility``): what a
    shelter keeps from the public."""
    return {
        "name": "Ingreso",
        "visibility": "CONFIDENTIAL",
        "phones": [{"number": "+52 55 5000 0001", "visibility": phone_visibility}],
    }


async def make(db: Database, **overrides: Any) -> uuid.UUID:
    async with db.write() as session:
        organization = await create_listing(
            session,
            SYSTEM,
            OrganizationSpec.from_mapping(listing(**overrides)),
            allow_duplicate=True,
        )
    return organization.id


async def count(db: Database, model: type, *where: Any) -> int:
    async with db.session() as session:
        statement = select(func.count()).select_from(model)
        for condition in where:
            statement = statement.where(condition)
        return int(await session.scalar(statement) or 0)


async def load(db: Database, model: type, id: uuid.UUID) -> Any:
    async with db.session() as session:
        return await session.get(model, id)


async def version(db: Database, organization_id: uuid.UUID) -> int:
    found: Organization = await load(db, Organization, organization_id)
    return found.version


def concurrent(db: Database, connections: int) -> Database:
    """The same database with a pool that lets ``connections`` writers run at once on
    PostgreSQL (SQLite writers queue on its file lock whatever the pool)."""
    if db.dialect != "postgresql":
        return db
    return Database(db.url, pool_size=connections, max_overflow=0)
