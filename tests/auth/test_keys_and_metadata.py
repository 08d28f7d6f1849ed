"""The signing key (first run, mode 0600, rotation) and the published documents."""

from __future__ import annotations

import stat

from authlib.oauth2.rfc8414 import AuthorizationServerMetadata

from auth.keys import SigningKeys
from auth.rfc8414 import metadata
from tests.auth.conftest import Service
from tests.auth.helpers import client_token, partner, viewer


async def test_the_key_is_created_on_first_run_readable_by_the_owner_only(service: Service) -> None:
    path = service.auth.settings.signing_key
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    jwks = (await service.http.get("/.well-known/jwks.json")).json()
    assert [k["kid"] for k in jwks["keys"]] == [service.auth.keys.current().kid]
    assert all("d" not in k and k["kty"] == "RSA" for k in jwks["keys"])


async def test_rotation_keeps_old_tokens_valid_and_publishes_both_keys(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    old_kid = service.auth.keys.current().kid
    before = await client_token(service.http, client)

    # As `directory keys rotate` does, from another process.
    new_kid = SigningKeys(service.auth.settings.signing_key).rotate()
    service.auth.keys.reload()  # the service notices within a second by itself

    assert (await viewer(service.http, before)).status_code == 200
    after = await client_token(service.http, client)
    assert (await viewer(service.http, after)).status_code == 200
    kids = [k["kid"] for k in (await service.http.get("/.well-known/jwks.json")).json()["keys"]]
    assert kids == [new_kid, old_kid]
    assert stat.S_IMODE(service.auth.keys.previous_path.stat().st_mode) == 0o600


async def test_the_metadata_document_is_valid_rfc8414(service: Service) -> None:
    served = (await service.http.get("/.well-known/oauth-authorization-server")).json()
    assert served["issuer"] == "http://testserver"
    assert served["token_endpoint"] == "http://testserver/oauth/token"
    assert served["code_challenge_methods_supported"] == ["S256"]
    assert set(served["grant_types_supported"]) == {
        "client_credentials",
        "authorization_code",
        "refresh_token",
    }
    # authlib's validator insists on https, as a production issuer is.
    AuthorizationServerMetadata(metadata("https://directory.example.org")).validate()
