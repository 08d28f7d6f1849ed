"""Everything the authorization server needs, built once per app (``create_app``)."""

from __future__ import annotations

from dataclasses import dataclass

from auth.keys import SigningKeys
from auth.server import AuthorizationServer
from auth.tokens import TokenSigner
from directory.db import Database
from directory.settings import Settings


@dataclass
class AuthService:
    settings: Settings
    db: Database
    keys: SigningKeys
    signer: TokenSigner
    server: AuthorizationServer

    @classmethod
    def build(cls, settings: Settings, db: Database) -> AuthService:
        """Load the signing key, creating it on first run (``./var/``, mode 0600)."""
        keys = SigningKeys(settings.signing_key)
        keys.ensure()
        signer = TokenSigner(keys, settings.issuer, settings.access_token_lifetime)
        return cls(settings, db, keys, signer, AuthorizationServer(db, signer))
