"""Access tokens: RFC 9068 JWTs signed with joserfc.

A token says who it was issued to (``client_id``; ``sub`` is the user's id, or the client's
id when no user is involved), what it grants (``scope``) and, for a client or user bound
to an organization, that organization (``organization_id``). The signature and the claims
are checked here; whether the token was revoked since is the bearer check's job
(``auth.store.token_status``), because a JWT alone cannot say that.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry

from auth.keys import ALGORITHM, SigningKeys
from auth.secrets import random_token

TOKEN_TYPE = "at+jwt"
MAX_LIFETIME = 3600


class InvalidToken(Exception):
    """A token that is not ours, is malformed, has a bad signature or has expired."""


@dataclass(frozen=True)
class AccessClaims:
    jti: str
    client_id: str
    subject: str
    scope: tuple[str, ...]
    issued_at: int
    expires_at: int
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None

    @property
    def scope_text(self) -> str:
        return " ".join(self.scope)


class TokenSigner:
    """Signs and verifies the service's access tokens."""

    def __init__(self, keys: SigningKeys, issuer: str, lifetime: int) -> None:
        if not 1 <= lifetime <= MAX_LIFETIME:
            raise ValueError(
                f"the access token lifetime must be between 1 and {MAX_LIFETIME} seconds, got {lifetime}"
            )
        self.keys = keys
        self.issuer = issuer
        self.audience = issuer
        """Tokens are for this service's own APIs (``/graphql``, ``/hsds/``)."""
        self.lifetime = lifetime

    def issue(
        self,
        *,
        client_id: str,
        scope: tuple[str, ...],
        user_id: uuid.UUID | None = None,
        organization_id: uuid.UUID | None = None,
        now: int | None = None,
    ) -> tuple[str, AccessClaims]:
        issued_at = int(time.time()) if now is None else now
        claims = AccessClaims(
            jti=random_token(16),
            client_id=client_id,
            subject=str(user_id) if user_id else client_id,
            scope=scope,
            issued_at=issued_at,
            expires_at=issued_at + self.lifetime,
            user_id=user_id,
            organization_id=organization_id,
        )
        payload: dict[str, object] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": claims.subject,
            "client_id": client_id,
            "scope": claims.scope_text,
            "jti": claims.jti,
            "iat": issued_at,
            "exp": claims.expires_at,
        }
        if organization_id is not None:
            payload["organization_id"] = str(organization_id)
        key = self.keys.current()
        header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": key.kid}
        return jwt.encode(header, payload, key, algorithms=[ALGORITHM]), claims

    def verify(self, token: str, *, check_expiry: bool = True) -> AccessClaims:
        """The claims of one of our tokens; raises :class:`InvalidToken` otherwise."""
        try:
            decoded = jwt.decode(token, self.keys.verification_keys(), algorithms=[ALGORITHM])
            if decoded.header.get("typ", "").lower() not in (TOKEN_TYPE, "application/at+jwt"):
                raise InvalidToken("not an access token")
            registry = JWTClaimsRegistry(
                leeway=0 if check_expiry else 10**9,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.audience},
                sub={"essential": True},
                client_id={"essential": True},
                jti={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
            )
            registry.validate(decoded.claims)
            data = decoded.claims
            organization = data.get("organization_id")
            sub = str(data["sub"])
            client_id = str(data["client_id"])
            return AccessClaims(
                jti=str(data["jti"]),
                client_id=client_id,
                subject=sub,
                scope=tuple(str(data.get("scope") or "").split()),
                issued_at=int(data["iat"]),
                expires_at=int(data["exp"]),
                user_id=uuid.UUID(sub) if sub != client_id else None,
                organization_id=uuid.UUID(organization) if organization else None,
            )
        except InvalidToken:
            raise
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise InvalidToken(str(exc) or type(exc).__name__) from None
