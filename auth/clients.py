"""Registering partner clients: create (the secret is shown once), list, revoke."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select, update

from auth import scopes as S
from auth.models import OAuthClient
from auth.secrets import hash_secret, random_token
from auth.users import organization_id
from directory.db import Database
from directory.models import Organization

GRANTS = ("client_credentials", "authorization_code")


@dataclass(frozen=True)
class CreatedClient:
    client_id: str
    client_secret: str
    name: str
    scope: str
    grant: str
    organization_slug: str | None
    redirect_uris: tuple[str, ...]


@dataclass(frozen=True)
class ClientSummary:
    client_id: str
    name: str
    scope: str
    grant_types: tuple[str, ...]
    organization_slug: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _check_redirect_uri(uri: str) -> None:
    parts = urlsplit(uri)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if (
        parts.fragment
        or not parts.netloc
        or not (parts.scheme == "https" or (parts.scheme == "http" and local))
    ):
        raise ValueError(
            f"redirect URI {uri!r} must be an absolute https URL (http only for localhost) without a fragment"
        )


async def create_client(
    db: Database,
    *,
    name: str,
    scope: str,
    organization_slug: str | None = None,
    grant: str = "client_credentials",
    redirect_uris: list[str] | None = None,
) -> CreatedClient:
    name = name.strip()
    if not name or len(name) > 200:
        raise ValueError("--name must be 1 to 200 characters")
    wanted = S.parse(scope)
    if not wanted:
        raise ValueError("--scope must name at least one scope")
    if S.unknown(wanted):
        raise ValueError(
            f"unknown scope {' '.join(S.unknown(wanted))}; known: {' '.join(S.ALL_SCOPES)}"
        )
    if grant not in GRANTS:
        raise ValueError(f"--grant must be one of {', '.join(GRANTS)}")
    uris = list(dict.fromkeys(redirect_uris or []))
    if grant == "authorization_code" and not uris:
        raise ValueError("an authorization_code client needs at least one --redirect-uri")
    if grant == "client_credentials" and uris:
        raise ValueError("--redirect-uri is only for authorization_code clients")
    for uri in uris:
        _check_redirect_uri(uri)
    if grant == "client_credentials" and S.LISTINGS_WRITE in wanted and not organization_slug:
        # A signed-in user brings their own organization; a client acting alone must be bound.
        raise ValueError("a client with listings:write must be bound to one --organization")
    org = await organization_id(db, organization_slug) if organization_slug else None
    client_id = "dir_" + secrets.token_hex(12)
    secret = random_token(32)
    async with db.write() as session:
        session.add(
            OAuthClient(
                id=uuid.uuid4(),
                client_id=client_id,
                name=name,
                secret_hash=hash_secret(secret),
                scope=" ".join(wanted),
                grant_types=[grant],
                redirect_uris=uris,
                organization_id=org,
            )
        )
    return CreatedClient(
        client_id, secret, name, " ".join(wanted), grant, organization_slug, tuple(uris)
    )


async def list_clients(db: Database) -> list[ClientSummary]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(OAuthClient, Organization.slug)
                .outerjoin(Organization, Organization.id == OAuthClient.organization_id)
                .order_by(OAuthClient.created_at, OAuthClient.client_id)
            )
        ).all()
    return [
        ClientSummary(
            c.client_id, c.name, c.scope, tuple(c.grant_types), slug, c.created_at, c.revoked_at
        )
        for c, slug in rows
    ]


async def revoke_client(db: Database, client_id: str) -> None:
    """Revoke a client: it can get no new token, and its tokens stop working at once."""
    async with db.write() as session:
        found = await session.scalar(
            select(OAuthClient.revoked_at).where(OAuthClient.client_id == client_id)
        )
        exists = await session.scalar(
            select(OAuthClient.id).where(OAuthClient.client_id == client_id)
        )
        if exists is None:
            raise ValueError(f"no client with id {client_id!r}")
        if found is not None:
            raise ValueError(f"client {client_id} is already revoked")
        await session.execute(
            update(OAuthClient)
            .where(OAuthClient.client_id == client_id)
            .values(revoked_at=dt.datetime.now(dt.UTC))
        )
