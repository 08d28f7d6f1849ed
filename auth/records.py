"""What authlib's grants see: plain records loaded from the database, with the methods of
authlib's ``ClientMixin``, ``AuthorizationCodeMixin`` and ``TokenMixin``."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin

from auth.secrets import VerifiedSecrets

CLIENT_SECRETS = VerifiedSecrets()

AUTH_METHODS = ("client_secret_basic", "client_secret_post")
"""Every client is confidential: it has a secret and authenticates with it."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ClientRecord(ClientMixin):  # type: ignore[misc]
    id: uuid.UUID
    client_id: str
    name: str
    secret_hash: str
    scope: tuple[str, ...]
    grant_types: tuple[str, ...]
    redirect_uris: tuple[str, ...]
    organization_id: uuid.UUID | None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return CLIENT_SECRETS.verify(self.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        if grant_type == "refresh_token":
            return "authorization_code" in self.grant_types
        return grant_type in self.grant_types


@dataclass(frozen=True)
class UserRecord:
    id: uuid.UUID
    email: str
    organization_id: uuid.UUID | None
    """None for a directory administrator."""
    role: str
    password_hash: str

    def get_user_id(self) -> uuid.UUID:
        return self.id


@dataclass(frozen=True)
class CodeRecord(AuthorizationCodeMixin):  # type: ignore[misc]
    code_hash: str
    client_id: str
    user_id: uuid.UUID
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    family_id: uuid.UUID
    expires_at: dt.datetime

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class _TokenRecord(TokenMixin):  # type: ignore[misc]
    """authlib's token methods over the fields both token records hold."""

    client_id: str
    scope: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool

    def check_client(self, client: ClientRecord) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int((self.expires_at - self.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return self.expires_at <= _now()

    def is_revoked(self) -> bool:
        return self.revoked


@dataclass(frozen=True)
class RefreshRecord(_TokenRecord):
    id: uuid.UUID
    family_id: uuid.UUID
    client_id: str
    user_id: uuid.UUID
    scope: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool

    kind = "refresh_token"


@dataclass(frozen=True)
class AccessRecord(_TokenRecord):
    jti: str
    client_id: str
    user_id: uuid.UUID | None
    user_email: str | None
    organization_id: uuid.UUID | None
    scope: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool
    """The token, its client or its user was revoked or disabled."""

    kind = "access_token"
