"""The OAuth 2 authorization server: authlib's protocol logic on this service's storage.

authlib is synchronous, so its methods run in a worker thread (the Starlette glue in
``server.oauth_endpoints`` calls them with ``run_in_threadpool``); the storage calls they make hop back
to the event loop with ``anyio.from_thread.run``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import anyio.from_thread
from authlib.oauth2.rfc6749 import (
    AuthorizationServer as _AuthorizationServer,
)
from authlib.oauth2.rfc6749 import (
    InvalidClientError,
    InvalidGrantError,
    InvalidScopeError,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from auth import scopes as S
from auth import store
from auth.records import (
    AUTH_METHODS,
    AccessRecord,
    ClientRecord,
    CodeRecord,
    RefreshRecord,
    UserRecord,
)
from auth.rfc7636 import S256CodeChallenge
from auth.secrets import random_token, verify_secret
from auth.tokens import AccessClaims, InvalidToken, TokenSigner
from directory.db import Database

T = TypeVar("T")

CODE_LIFETIME = dt.timedelta(minutes=10)
REFRESH_LIFETIME = dt.timedelta(days=30)


def run(fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
    """Run an async storage call from authlib's worker thread."""
    return anyio.from_thread.run(fn, *args)


class IssuedToken(dict[str, Any]):
    """A token response, remembering the claims of its access token for ``save_token``."""

    claims: AccessClaims
    user: UserRecord | None = None


def check_scope(requested: str | None, allowed: tuple[str, ...]) -> None:
    """Refuse (``invalid_scope``) any scope beyond ``allowed``: never a narrower token."""
    wanted = S.parse(requested)
    if S.unknown(wanted):
        raise InvalidScopeError(f"unknown scope: {' '.join(S.unknown(wanted))}")
    beyond = [s for s in wanted if s not in allowed]
    if beyond:
        raise InvalidScopeError(f"not allowed for this client: {' '.join(beyond)}")


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    def validate_requested_scope(self) -> None:
        check_scope(self.request.payload.scope, self.request.client.scope)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    server: AuthorizationServer

    def validate_requested_scope(self) -> None:
        check_scope(self.request.payload.scope, self.request.client.scope)

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        scope = getattr(request, "granted_scope", None) or request.payload.scope or ""
        record = CodeRecord(
            code_hash="",
            client_id=request.client.client_id,
            user_id=request.user.id,
            redirect_uri=request.payload.redirect_uri or "",
            scope=scope,
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            family_id=uuid.uuid4(),
            expires_at=store.now() + CODE_LIFETIME,
        )
        run(store.save_code, self.server.db, code, record)

    def query_authorization_code(self, code: str, client: ClientRecord) -> CodeRecord | None:
        try:
            found = run(store.get_code, self.server.db, code)
        except store.TokenReused as reused:
            # RFC 6749 §4.1.2: a code used twice revokes what was issued from it.
            run(store.revoke_family, self.server.db, reused.family_id)
            return None
        except LookupError:
            return None
        return found if found.client_id == client.client_id else None

    def spend_authorization_code(self, authorization_code: CodeRecord) -> None:
        """Mark the code used without issuing anything (a failed PKCE attempt)."""
        run(store.spend_code, self.server.db, authorization_code.code_hash)

    def delete_authorization_code(self, authorization_code: CodeRecord) -> None:
        """Nothing to do: ``save_token`` marked the code used in the token's transaction."""

    def authenticate_user(self, authorization_code: CodeRecord) -> UserRecord | None:
        return run(store.get_user, self.server.db, authorization_code.user_id)


class RefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True

    server: AuthorizationServer

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshRecord | None:
        try:
            found = run(store.get_refresh, self.server.db, refresh_token)
        except store.TokenReused as reused:
            # A rotated token presented again: someone holds a copy. Revoke the whole family.
            run(store.revoke_family, self.server.db, reused.family_id)
            return None
        except LookupError:
            return None
        if found.is_revoked() or found.is_expired():
            return None
        return found

    def authenticate_user(self, refresh_token: RefreshRecord) -> UserRecord | None:
        return run(store.get_user, self.server.db, refresh_token.user_id)

    def revoke_old_credential(self, refresh_token: RefreshRecord) -> None:
        """Nothing to do: ``save_token`` rotated it in the new token's transaction."""


def _find_token(
    server: AuthorizationServer, token: str, hint: str | None
) -> AccessRecord | RefreshRecord | None:
    if hint != "refresh_token":
        try:
            claims = server.signer.verify(token, check_expiry=False)
        except InvalidToken:
            pass
        else:
            return run(store.get_access, server.db, claims.jti)
    return run(store.find_refresh, server.db, token)


class Introspection(IntrospectionEndpoint):  # type: ignore[misc]
    """RFC 7662. A client may introspect its own tokens; a ``directory:admin`` client any."""

    CLIENT_AUTH_METHODS = list(AUTH_METHODS)
    server: AuthorizationServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        return _find_token(self.server, token_string, token_type_hint)

    def check_permission(self, token: Any, client: ClientRecord, request: Any) -> bool:
        return bool(token.client_id == client.client_id or S.ADMIN in S.expand(client.scope))

    def introspect_token(self, token: AccessRecord | RefreshRecord) -> dict[str, Any]:
        body: dict[str, Any] = {
            "active": True,
            "scope": token.scope,
            "client_id": token.client_id,
            "iat": int(token.issued_at.timestamp()),
            "exp": int(token.expires_at.timestamp()),
            "iss": self.server.signer.issuer,
        }
        if isinstance(token, AccessRecord):
            body.update(
                token_type="Bearer",
                jti=token.jti,
                aud=self.server.signer.audience,
                sub=str(token.user_id) if token.user_id else token.client_id,
            )
            if token.user_email:
                body["username"] = token.user_email
            if token.organization_id:
                body["organization_id"] = str(token.organization_id)
        else:
            body.update(token_type="refresh_token", sub=str(token.user_id))
        return body


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009. Revoking a refresh token revokes every token of its family."""

    CLIENT_AUTH_METHODS = list(AUTH_METHODS)
    server: AuthorizationServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        return _find_token(self.server, token_string, token_type_hint)

    def revoke_token(self, token: AccessRecord | RefreshRecord, request: Any) -> None:
        if isinstance(token, AccessRecord):
            run(store.revoke_access, self.server.db, token.jti)
        else:
            run(store.revoke_family, self.server.db, token.family_id)


class AuthorizationServer(_AuthorizationServer):  # type: ignore[misc]
    """authlib's server wired to this service's database and token signer."""

    def __init__(self, db: Database, signer: TokenSigner) -> None:
        super().__init__(scopes_supported=list(S.ALL_SCOPES))
        self.db = db
        self.signer = signer
        self.register_token_generator("default", self.generate_bearer_token)
        self.register_grant(ClientCredentialsGrant)
        self.register_grant(AuthorizationCodeGrant, [S256CodeChallenge()])
        self.register_grant(RefreshTokenGrant)
        self.register_endpoint(Introspection)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> ClientRecord | None:
        found = run(store.get_client, self.db, client_id)
        if found is None:
            # An unknown client costs the same argon2 work as a wrong secret for a known
            # one: the time taken does not tell which client ids exist.
            verify_secret(None, "")
        return found

    def authenticate_client(
        self, request: OAuth2Request, methods: Any, endpoint: str = "token"
    ) -> Any:
        """authlib's client authentication, with one answer for an unknown client and a
        wrong secret (its own two messages would tell which client ids exist)."""
        try:
            return super().authenticate_client(request, methods, endpoint)
        except InvalidClientError as error:
            raise InvalidClientError(
                status_code=error.status_code, description="client authentication failed"
            ) from None

    def generate_bearer_token(
        self,
        grant_type: str,
        client: ClientRecord,
        user: UserRecord | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> IssuedToken:
        granted = tuple(S.parse(scope)) or client.scope
        organization = user.organization_id if user else client.organization_id
        access, claims = self.signer.issue(
            client_id=client.client_id,
            scope=granted,
            user_id=user.id if user else None,
            organization_id=organization,
        )
        token = IssuedToken(
            token_type="Bearer",
            access_token=access,
            expires_in=self.signer.lifetime,
            scope=" ".join(granted),
        )
        token.claims = claims
        token.user = user
        if include_refresh_token and user is not None:
            token["refresh_token"] = random_token(32)
        return token

    def save_token(self, token: IssuedToken, request: OAuth2Request) -> None:
        rotates: RefreshRecord | None = request.refresh_token
        exchanges: CodeRecord | None = request.authorization_code
        family = rotates.family_id if rotates else exchanges.family_id if exchanges else None
        refresh = None
        if "refresh_token" in token and token.user is not None and family is not None:
            refresh = store.NewRefresh(
                token["refresh_token"], family, token.user.id, store.now() + REFRESH_LIFETIME
            )
        try:
            run(
                _save,
                self.db,
                token.claims,
                family,
                refresh,
                rotates,
                exchanges,
            )
        except store.TokenReused as reused:
            run(store.revoke_family, self.db, reused.family_id)
            raise InvalidGrantError(
                "this grant was already used; every token issued from it is now revoked"
            ) from None

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, list(headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No signal handlers."""


async def _save(
    db: Database,
    claims: AccessClaims,
    family: uuid.UUID | None,
    refresh: store.NewRefresh | None,
    rotates: RefreshRecord | None,
    exchanges: CodeRecord | None,
) -> None:
    await store.save_tokens(
        db, claims, family_id=family, refresh=refresh, rotates=rotates, exchanges=exchanges
    )
