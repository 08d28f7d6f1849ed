"""Service categories and populations as two HSDS taxonomies with en/es/fr terms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from directory.hsds.ids import derived_id
from directory.text import fold
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.populations import POPULATIONS
from directory.vocab.terms import Term


@dataclass(frozen=True)
class Taxonomy:
    key: str
    """``category`` or ``population``: also the attribute ``link_type`` of its terms."""
    name: str
    description: str
    terms: dict[str, Term]

    @property
    def id(self) -> str:
        return derived_id("taxonomy", self.key)

    def term_id(self, code: str) -> str:
        return _term_id(self.key, code)


@cache
def _term_id(key: str, code: str) -> str:
    return derived_id("taxonomy_term", key, code)


CATEGORIES = Taxonomy(
    "service_category",
    "Partner directory service categories",
    "Kinds of help offered to people affected by human trafficking.",
    SERVICE_CATEGORIES,
)
POPULATIONS_TAXONOMY = Taxonomy(
    "population",
    "Partner directory populations",
    "Groups of people a service is intended for.",
    POPULATIONS,
)
TAXONOMIES = (CATEGORIES, POPULATIONS_TAXONOMY)
VERSION = "1"


def taxonomy_json(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": VERSION,
    }


def term_json(taxonomy: Taxonomy, term: Term) -> dict[str, Any]:
    return {
        "id": taxonomy.term_id(term.code),
        "code": term.code,
        "name": term.label("en"),
        "description": term.label("en"),
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "taxonomy_detail": taxonomy_json(taxonomy),
        "language": "en",
        "x_translations": {
            language: {"name": label, "description": label}
            for language, label in term.labels.items()
            if language != "en"
        },
    }


def all_terms() -> list[dict[str, Any]]:
    return [term_json(t, term) for t in TAXONOMIES for term in t.terms.values()]


def find_term(term_id: str) -> tuple[Taxonomy, str] | None:
    """The taxonomy and code of one of our term ids."""
    for taxonomy in TAXONOMIES:
        for code in taxonomy.terms:
            if taxonomy.term_id(code) == term_id:
                return taxonomy, code
    return None


def find_taxonomy(taxonomy_id: str) -> Taxonomy | None:
    return next((t for t in TAXONOMIES if t.id == taxonomy_id), None)


def term_matches(term: dict[str, Any], search: str) -> bool:
    wanted = fold(search)
    texts = [term["code"], term["name"], *(t["name"] for t in term["x_translations"].values())]
    return any(wanted in fold(text) for text in texts)
