"""Search is accent- and case-insensitive in English, Spanish and French on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.models import Organization
from directory.text import fold, like_pattern


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("México", "mexico"),
        ("QUÉBEC", "quebec"),
        ("Niñas  y\tniños", "ninas y ninos"),
        ("Ça", "ca"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


async def _search(db: Database, term: str) -> list[str]:
    async with db.session() as session:
        rows = await session.scalars(
            select(Organization.slug)
            .where(Organization.search_text.like(like_pattern(term), escape="\\"))
            .order_by(Organization.slug)
        )
        return list(rows)


async def test_unaccented_lowercase_terms_find_accented_text(db: Database) -> None:
    actor = Actor.system("test")
    async with db.write() as session:
        await create_organization(
            session,
            actor,
            OrganizationSpec.from_mapping(
                {
                    "slug": "refugio-example",
                    "name": "Refugio Esperanza de México",
                    "country": "MX",
                    "language": "es",
                    "translations": {"fr": {"name": "Refuge Espérance"}},
                }
            ),
        )
        await create_organization(
            session,
            actor,
            OrganizationSpec.from_mapping(
                {
                    "slug": "maison-example",
                    "name": "Maison d'accueil du Québec",
                    "country": "CA",
                    "language": "fr",
                    "services": [{"name": "Hébergement d'urgence"}],
                }
            ),
        )
    assert await _search(db, "mexico") == ["refugio-example"]
    assert await _search(db, "QUEBEC") == ["maison-example"]
    assert await _search(db, "esperance") == ["refugio-example"]  # French translation
    assert await _search(db, "hebergement") == ["maison-example"]  # service name
    assert await _search(db, "100%") == []  # LIKE wildcards are literal
