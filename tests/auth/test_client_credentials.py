"""client_credentials: a partner system gets a token that means exactly its scopes."""

from __future__ import annotations

import base64
import json

from auth import scopes as S
from tests.auth.conftest import Service
from tests.auth.helpers import basic, client_token, organization, partner, viewer


def _segment(token: str, index: int) -> dict[str, object]:
    part = token.split(".")[index]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


async def test_a_partner_gets_an_rfc9068_token_and_queries_with_it(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    response = await service.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=basic(client)
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "directory:read"
    assert 0 < body["expires_in"] <= 3600
    assert "refresh_token" not in body

    header, claims = _segment(body["access_token"], 0), _segment(body["access_token"], 1)
    assert header["typ"] == "at+jwt" and header["alg"] == "RS256" and header["kid"]
    assert claims["iss"] == "http://testserver" and claims["aud"] == "http://testserver"
    assert claims["client_id"] == client.client_id and claims["sub"] == client.client_id
    assert claims["scope"] == "directory:read" and claims["jti"]
    assert int(str(claims["exp"])) - int(str(claims["iat"])) <= 3600

    answer = (await viewer(service.http, body["access_token"])).json()
    assert answer["data"]["viewer"] == {
        "kind": "CLIENT",
        "clientId": client.client_id,
        "scopes": ["directory:read"],
        "organization": None,
    }


async def test_a_narrower_scope_may_be_asked_for(service: Service) -> None:
    client = await partner(service.db, "directory:read directory:read:confidential")
    token = await client_token(service.http, client, scope="directory:read")
    answer = (await viewer(service.http, token)).json()
    assert answer["data"]["viewer"]["scopes"] == ["directory:read"]


async def test_a_scope_beyond_the_allowance_is_invalid_scope_not_a_narrower_token(
    service: Service,
) -> None:
    client = await partner(service.db, "directory:read")
    for scope in ("directory:read directory:read:confidential", "directory:admin", "no:such"):
        response = await service.http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "scope": scope},
            auth=basic(client),
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_scope"
        assert "access_token" not in response.json()


async def test_a_bound_client_carries_its_organization(service: Service) -> None:
    await organization(service.db, "refugio-norte")
    client = await partner(service.db, S.LISTINGS_WRITE, organization="refugio-norte")
    token = await client_token(service.http, client)
    answer = (await viewer(service.http, token)).json()
    assert answer["data"]["viewer"]["organization"] == {"slug": "refugio-norte"}
    claims = _segment(token, 1)
    assert claims["organization_id"]


async def test_wrong_secrets_and_unknown_clients_are_refused(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    wrong = await service.http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client.client_id, client.client_secret + "x"),
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    unknown = await service.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("dir_nobody", "secret")
    )
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"


async def test_client_secret_post_works_too(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    response = await service.http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
        },
    )
    assert response.status_code == 200, response.text


async def test_a_client_credentials_client_cannot_use_the_code_flow(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    response = await service.http.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": "x", "redirect_uri": "https://a.example"},
        auth=basic(client),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"


async def test_a_revoked_client_gets_no_token_and_its_tokens_stop_working(
    service: Service,
) -> None:
    from auth.clients import revoke_client

    client = await partner(service.db, "directory:read")
    token = await client_token(service.http, client)
    assert (await viewer(service.http, token)).status_code == 200
    await revoke_client(service.db, client.client_id)
    refused = await viewer(service.http, token)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = await service.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=basic(client)
    )
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
