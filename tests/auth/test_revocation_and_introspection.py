"""RFC 7009 revocation honoured on the very next request; RFC 7662 introspection."""

from __future__ import annotations

from auth.clients import CreatedClient
from tests.auth.conftest import Service
from tests.auth.helpers import (
    basic,
    client_token,
    code_for,
    exchange,
    organization,
    partner,
    staff,
    viewer,
)


async def _introspect(service: Service, client: CreatedClient, token: str) -> dict[str, object]:
    response = await service.http.post(
        "/oauth/introspect", data={"token": token}, auth=basic(client)
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_a_revoked_access_token_fails_on_the_very_next_graphql_request(
    service: Service,
) -> None:
    client = await partner(service.db, "directory:read")
    token = await client_token(service.http, client)
    assert (await viewer(service.http, token)).status_code == 200
    revoked = await service.http.post(
        "/oauth/revoke",
        data={"token": token, "token_type_hint": "access_token"},
        auth=basic(client),
    )
    assert revoked.status_code == 200
    refused = await viewer(service.http, token)
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in refused.json() or refused.json()["data"] is None
    # Another token of the same client is untouched.
    assert (await viewer(service.http, await client_token(service.http, client))).status_code == 200


async def test_revocation_is_seen_by_another_process(start: object, service: Service) -> None:
    client = await partner(service.db, "directory:read")
    token = await client_token(service.http, client)
    async with start() as other:  # type: ignore[operator]
        assert (await viewer(other.http, token)).status_code == 200
        await service.http.post("/oauth/revoke", data={"token": token}, auth=basic(client))
        assert (await viewer(other.http, token)).status_code == 401


async def test_revoking_a_refresh_token_revokes_its_family(service: Service) -> None:
    await organization(service.db, "casa-refugio")
    await staff(service.db, "ana@casa-refugio.example", "casa-refugio")
    client = await partner(service.db, "directory:read", grant="authorization_code")
    code, verifier = await code_for(service.http, client, "ana@casa-refugio.example")
    tokens = (await exchange(service.http, client, code, verifier)).json()
    response = await service.http.post(
        "/oauth/revoke", data={"token": tokens["refresh_token"]}, auth=basic(client)
    )
    assert response.status_code == 200
    assert (await viewer(service.http, tokens["access_token"])).status_code == 401
    refresh = await service.http.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=basic(client),
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_revoking_an_unknown_token_is_still_200(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    response = await service.http.post(
        "/oauth/revoke", data={"token": "nonsense"}, auth=basic(client)
    )
    assert response.status_code == 200


async def test_introspection_active_and_inactive(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    token = await client_token(service.http, client)
    active = await _introspect(service, client, token)
    assert active["active"] is True
    assert active["client_id"] == client.client_id
    assert active["scope"] == "directory:read"
    assert active["token_type"] == "Bearer"
    assert active["iss"] == "http://testserver"
    assert isinstance(active["exp"], int)

    await service.http.post("/oauth/revoke", data={"token": token}, auth=basic(client))
    assert await _introspect(service, client, token) == {"active": False}
    assert await _introspect(service, client, "not-a-token") == {"active": False}


async def test_only_the_owner_or_an_admin_client_may_introspect(service: Service) -> None:
    owner = await partner(service.db, "directory:read")
    stranger = await partner(service.db, "directory:read")
    admin = await partner(service.db, "directory:admin")
    token = await client_token(service.http, owner)
    assert await _introspect(service, stranger, token) == {"active": False}
    assert (await _introspect(service, admin, token))["active"] is True


async def test_introspection_needs_client_authentication(service: Service) -> None:
    response = await service.http.post("/oauth/introspect", data={"token": "x"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
