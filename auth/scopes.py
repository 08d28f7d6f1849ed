"""The contract's OAuth scopes and how they nest."""

from __future__ import annotations

from collections.abc import Iterable

READ = "directory:read"
READ_CONFIDENTIAL = "directory:read:confidential"
LISTINGS_WRITE = "listings:write"
WRITE = "directory:write"
ADMIN = "directory:admin"

ALL_SCOPES: tuple[str, ...] = (READ, READ_CONFIDENTIAL, LISTINGS_WRITE, WRITE, ADMIN)

DESCRIPTIONS: dict[str, dict[str, str]] = {
    READ: {
        "en": "Read every organization's public and partner-only information",
        "es": "Leer la información pública y la reservada a socios de todas las organizaciones",
        "fr": "Lire les informations publiques et réservées aux partenaires de toutes les organisations",
    },
    READ_CONFIDENTIAL: {
        "en": "Also read confidential items (safe-house addresses, direct intake lines)",
        "es": "Leer también datos confidenciales (domicilios de refugios, líneas directas de atención)",
        "fr": "Lire aussi les données confidentielles (adresses des refuges, lignes d'accueil directes)",
    },
    LISTINGS_WRITE: {
        "en": "Create, update and archive your own organization's listing",
        "es": "Crear, actualizar y archivar el registro de su propia organización",
        "fr": "Créer, modifier et archiver la fiche de votre propre organisation",
    },
    WRITE: {
        "en": "Create, update and archive any organization's listing",
        "es": "Crear, actualizar y archivar el registro de cualquier organización",
        "fr": "Créer, modifier et archiver la fiche de n'importe quelle organisation",
    },
    ADMIN: {
        "en": "Verify listings, read the audit trail, manage clients and staff accounts",
        "es": "Verificar registros, consultar la bitácora de auditoría y administrar clientes y cuentas",
        "fr": "Vérifier les fiches, consulter le journal d'audit, gérer les clients et les comptes",
    },
}

_IMPLIES: dict[str, frozenset[str]] = {
    READ: frozenset(),
    READ_CONFIDENTIAL: frozenset({READ}),
    LISTINGS_WRITE: frozenset(),
    WRITE: frozenset({READ, LISTINGS_WRITE}),
    ADMIN: frozenset(ALL_SCOPES),
}


def parse(scope: str | None) -> list[str]:
    """Split a space-separated scope string, keeping order and dropping repeats."""
    return list(dict.fromkeys((scope or "").split()))


def unknown(scopes: Iterable[str]) -> list[str]:
    return [s for s in scopes if s not in _IMPLIES]


def expand(scopes: Iterable[str]) -> frozenset[str]:
    """Every scope the given ones grant, following the contract's nesting."""
    granted: set[str] = set()
    for scope in scopes:
        if scope in _IMPLIES:
            granted.add(scope)
            granted.update(_IMPLIES[scope])
    return frozenset(granted)
