"""The listing workspace (``/manage``) as a first-party OAuth client of this service.

The service registers it itself on start-up: no administrator creates anything for it.
Its secret is derived from the signing key, so every process holding the key agrees on it
without storing it anywhere; the sign-in page skips the consent wording for it.
"""

from __future__ import annotations

import base64
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from auth import scopes as S
from auth.keys import SigningKeys
from auth.models import OAuthClient
from auth.records import CLIENT_SECRETS
from auth.secrets import hash_secret
from directory.db import Database

CLIENT_ID = "directory-workspace"
NAME = "Partner directory workspace"
CALLBACK_PATH = "/manage/callback"


def client_secret(keys: SigningKeys) -> str:
    return base64.urlsafe_b64encode(keys.derived_secrets("first-party-client")[0]).decode()


def redirect_uri(issuer: str) -> str:
    return issuer.rstrip("/") + CALLBACK_PATH


def is_first_party(client_id: str | None) -> bool:
    return client_id == CLIENT_ID


async def ensure_registered(db: Database, keys: SigningKeys, issuer: str) -> None:
    """Create or refresh the workspace's client row (idempotent; safe from many processes)."""
    secret = client_secret(keys)
    uri = redirect_uri(issuer)
    async with db.session() as session:
        row = await session.scalar(select(OAuthClient).where(OAuthClient.client_id == CLIENT_ID))
    up_to_date = (
        row is not None
        and row.redirect_uris == [uri]
        and row.scope == " ".join(S.ALL_SCOPES)
        and CLIENT_SECRETS.verify(row.secret_hash, secret)
    )
    if up_to_date:
        return
    try:
        async with db.write() as session:
            row = await session.scalar(
                select(OAuthClient).where(OAuthClient.client_id == CLIENT_ID)
            )
            if row is None:
                row = OAuthClient(id=uuid.uuid4(), client_id=CLIENT_ID, organization_id=None)
                session.add(row)
            row.name = NAME
            row.secret_hash = hash_secret(secret)
            row.scope = " ".join(S.ALL_SCOPES)
            row.grant_types = ["authorization_code"]
            row.redirect_uris = [uri]
    except IntegrityError:
        pass  # another process registered it at the same moment
